"""The API's answers against its OpenAPI 3.1 description (JSON Schema 2020-12), and the description against
the code: it is served as committed, every route is in it, and its enums are the code's enums."""
import json
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from cases.billing import api as api_module
from cases.billing import api_urls, services
from cases.billing.formats import run_dict
from cases.billing.models import Change, LineType
from cases.billing.selectors import run_lines
from cases.rules.codes import Outcome, ReasonCode, RuleId

SPEC = yaml.safe_load(api_module.OPENAPI.read_text(encoding="utf-8"))
ROOT = "urn:billing-openapi"
REGISTRY = Registry().with_resource(ROOT, Resource(contents=SPEC, specification=DRAFT202012))


def schema_of(path: str, method: str, status: int) -> dict:
    operation = SPEC["paths"][path][method]
    response = operation["responses"][str(status)]
    if "$ref" in response:
        response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response["content"]["application/json"]["schema"]


def validate(body, path: str, method: str, status: int) -> None:
    schema = schema_of(path, method, status)
    if "$ref" in schema:
        schema = {"$ref": ROOT + schema["$ref"]}
    else:
        schema = {"$ref": ROOT + "#/paths/" + path.replace("~", "~0").replace("/", "~1") + f"/{method}/responses/"
                  f"{status}/content/application~1json/schema"}
    validator = Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(body), key=lambda e: e.path)
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_description_is_openapi_3_1_and_served_as_committed(db, client):
    assert SPEC["openapi"].startswith("3.1.")
    response = client.get(reverse("billing_api:openapi"))
    assert response.status_code == 200 and response.content == api_module.OPENAPI.read_bytes()
    Draft202012Validator.check_schema(SPEC["components"]["schemas"]["Line"])


def test_every_route_of_the_api_is_described():
    routes = {str(p.pattern).strip("^$") for p in api_urls.urlpatterns} - {"openapi.yaml"}
    described = {path.strip("/").replace("{kommunenummer}", r"(?P<kommunenummer>\d{4})")
                 .replace("{exportId}", r"(?P<run_id>\d+)") for path in SPEC["paths"]}
    assert routes == described


def test_the_enums_are_the_codes_of_the_code():
    line = SPEC["components"]["schemas"]["Line"]["properties"]
    assert set(line["change"]["enum"]) == set(Change.values)
    assert set(line["line_type"]["enum"]) == set(LineType.values)
    assert set(line["outcome"]["enum"]) - {""} == {o.value for o in Outcome}
    assert set(line["price_rule"]["enum"]) - {""} == {r.value for r in RuleId}
    assert set(line["reasons"]["items"]["enum"]) == {r.value for r in ReasonCode}


def test_every_answer_matches_the_description(world, api):
    client = api(world["key_a"])
    k = world["a"].kommunenummer
    created = client.post(reverse("billing_api:exports", args=[k]), {"through": "2026-10"})
    assert created.status_code == 201 and created.json()["lines"]
    validate(created.json(), "/{kommunenummer}/exports", "post", 201)
    run_id = created.json()["id"]
    validate(client.get(reverse("billing_api:exports", args=[k])).json(), "/{kommunenummer}/exports", "get", 200)
    validate(client.get(reverse("billing_api:export", args=[k, run_id])).json(),
             "/{kommunenummer}/exports/{exportId}", "get", 200)
    preview = client.get(reverse("billing_api:preview", args=[k]), {"through": "2026-12", "since": "start"})
    assert preview.json()["lines"]
    validate(preview.json(), "/{kommunenummer}/preview", "get", 200)
    # the refusals too
    validate(api().get(reverse("billing_api:exports", args=[k])).json(), "/{kommunenummer}/exports", "get", 401)
    validate(client.get(reverse("billing_api:exports", args=[world["b"].kommunenummer])).json(),
             "/{kommunenummer}/exports", "get", 404)
    validate(client.get(reverse("billing_api:preview", args=[k]), {"through": "x"}).json(),
             "/{kommunenummer}/preview", "get", 400)


def test_a_schema_violation_is_caught(world):
    """The validation can fail: a line with a fødselsnummer-like reference or a fraction of a krone is refused."""
    run = services.export_run_create(municipality_id=world["a"].pk, actor=world["admin_a"], through="2026-08")
    body = run_dict(run, run_lines(run))
    body["lines"][0]["child_ref"] = "01019012345"
    with pytest.raises(AssertionError):
        validate(body, "/{kommunenummer}/exports/{exportId}", "get", 200)
    body = run_dict(run, run_lines(run))
    body["lines"][0]["reduced_amount"] = 614.5
    with pytest.raises(AssertionError):
        validate(body, "/{kommunenummer}/exports/{exportId}", "get", 200)


def test_the_documented_example_matches_the_description():
    example = json.loads((Path(settings.BASE_DIR) / "docs" / "examples" / "billing-export.json").read_text("utf-8"))
    validate(example, "/{kommunenummer}/exports/{exportId}", "get", 200)
