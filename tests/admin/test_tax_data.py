"""Tax data in the admin (issue 10 item 4): read-only, masked, every view audited; the stored raw
Skatteetaten response is minimised (no personidentifikator)."""
import importlib
import json

import pytest
from django.apps import apps as django_apps

from cases.models import AuditEvent, TaxBasis
from tests.admin.conftest import url

pytestmark = pytest.mark.django_db

AUDITED = ["cases.taxbasis", "cases.documentedincome", "cases.decision"]


def views(user, case):
    return AuditEvent.objects.filter(action="view_tax_data", actor=user, case=case)


@pytest.mark.parametrize("model", AUDITED)
@pytest.mark.parametrize("who", ["admin_b", "superuser"])
def test_every_change_page_view_is_audited(world, as_user, model, who):
    client = as_user(world[who])
    case = world["case_b"]
    obj = {"cases.taxbasis": case.tax_bases.get(), "cases.documentedincome": case.documented_incomes.get(),
           "cases.decision": case.decisions.get()}[model]
    for expected in (1, 2):  # every opening, not only the first
        assert client.get(url(model, "change", obj)).status_code == 200
        event = views(world[who], case).order_by("-at", "-pk").first()
        assert views(world[who], case).count() == expected
        assert event.municipality == case.municipality and event.detail.startswith("admin")


def test_no_audit_record_for_a_page_that_was_refused(world, as_user):
    client = as_user(world["admin_b"])
    basis = world["case_a"].tax_bases.get()
    assert client.get(url("cases.taxbasis", "change", basis)).status_code == 302
    assert not AuditEvent.objects.filter(action="view_tax_data", actor=world["admin_b"]).exists()


def test_tax_basis_page_is_read_only_masked_and_without_the_raw_response(world, as_user):
    client = as_user(world["superuser"])
    basis = world["case_b"].tax_bases.get()
    html = client.get(url("cases.taxbasis", "change", basis)).content.decode()
    assert basis.person.person_id not in html and basis.person.masked_id in html
    assert 'name="_save"' not in html
    for field in ("personinntekt", "kapitalinntekt", "counted_income", "items", "raw", "person"):
        assert f'name="{field}"' not in html
    assert "&quot;grunnlag&quot;" not in html and '"grunnlag"' not in html  # the raw body is not shown
    assert "samletLoennsinntekt" in html  # the posts are, as a table


def test_decision_page_renders_the_case_pages_calculation_table(world, as_user):
    client = as_user(world["admin_b"])
    decision = world["case_b"].decisions.get()
    html = client.get(url("cases.decision", "change", decision)).content.decode()
    assert "Ny månedspris (rundet ned til hele kroner)" in html  # the case page's own template
    assert '<table class="ds-table app-table app-steps"' in html  # rendered as HTML, not escaped
    assert "Inntekt brukt i beregningen" in html
    assert "0000000000000000001" not in html  # no raw JSON with 20 decimals
    assert '"parameters_used"' not in html


def test_raw_body_is_minimised_where_results_are_built():
    from integrations.service import classify_tax_basis_body

    body = {"personidentifikator": "14839412054", "inntektsaar": "2024", "skjermet": False,
            "grunnlag": [{"tekniskNavn": "oevrigInntekt", "beloep": 100, "kategori": "inntekt"}]}
    result = classify_tax_basis_body(body)
    assert "personidentifikator" not in result.raw and result.raw["grunnlag"] == body["grunnlag"]
    assert "14839412054" not in json.dumps(result.as_dict())
    assert body["personidentifikator"] == "14839412054"  # the caller's dict is not changed


def test_a_real_fetch_stores_no_person_number(integration_settings, kommune, django_capture_on_commit_callbacks):
    """Through the simulator (real HTTP) and the cases app's fetch: the stored row has no number."""
    from cases.services.intake import PersonInput
    from tests import factories
    from tests.integrations.conftest import FOUND

    applicant = PersonInput(person_id=FOUND, given_name="Funnet", family_name="Person")
    with django_capture_on_commit_callbacks(execute=True):
        case = factories.case(kommune, start_fetch=True, applicant=applicant, partner=False)
    rows = list(TaxBasis.objects.filter(case=case))
    assert rows and all(row.raw is not None for row in rows)
    for row in rows:
        assert row.person.person_id not in json.dumps(row.raw)
        assert "personidentifikator" not in json.dumps(row.raw)


def test_data_migration_strips_existing_rows(world):
    basis = world["case_b"].tax_bases.get()
    number = basis.person.person_id
    TaxBasis.objects.filter(pk=basis.pk).update(raw={"personidentifikator": number, "inntektsaar": "2024",
                                                      "nested": [{"personidentifikator": number, "x": 1}]})
    migration = importlib.import_module("cases.migrations.0012_admin_strip_raw_person_id")
    migration.strip(django_apps, None)
    basis.refresh_from_db()
    assert basis.raw == {"inntektsaar": "2024", "nested": [{"x": 1}]}


def test_lists_show_no_income_figures(world, as_user):
    client = as_user(world["admin_b"])
    for label in ("cases.taxbasis", "cases.documentedincome"):
        html = client.get(url(label, "changelist")).content.decode()
        for amount in ("612345", "612 345", "612\xa0345", "400000", "400 000", "400\xa0000"):
            assert amount not in html, (label, amount)
    assert not AuditEvent.objects.filter(action="view_tax_data", actor=world["admin_b"]).exists()
