"""The happy path on today's data: an approved vedtak becomes lines per child and month, in CSV, Excel and JSON.

Expected prices come from the law (docs/reference/rules.md): a full-time place at makspris 1 200 kr, a
household of 300 000 kr (above the § 3b threshold, below the kjernetid income limit) → 20 of 41 hours
free: 1 200 × 21/41 = 614,63 → 614 kr.
"""
import csv
import datetime as dt
import io
import logging

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.billing import services
from cases.billing.formats import COLUMNS
from cases.billing.models import ExportRun
from cases.models import AuditEvent, Decision
from cases.services.assessment import decision_propose
from tests import factories
from tests.billing.conftest import REGISTERED, approved_case
from tests.views.conftest import make_ready

KJERNETID_PRICE = 1200 * 21 // 41


@pytest.fixture
def case_a(world):
    return world["case_a"]


def person_numbers(case):
    household = case.application.household
    numbers = [household.applicant.person_id]
    numbers += [child.person.person_id for child in case.application.children.all()]
    return numbers


def test_an_approved_vedtak_gives_one_line_per_month_from_its_first_day(world, case_a):
    run = services.export_run_create(municipality_id=world["a"].pk, actor=world["saksbehandler_a"],
                                     through="2026-10")
    lines = list(run.lines.order_by("month"))
    decision = Decision.objects.get(case=case_a, status=Decision.Status.APPROVED)
    assert [line.month for line in lines] == [dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
    assert {(line.reduced_price, line.reduced_amount, line.ordinary_price, line.ordinary_amount) for line in lines} == {
        (KJERNETID_PRICE, KJERNETID_PRICE, 1200, 1200)}
    assert [line.change for line in lines] == ["new", "unchanged", "unchanged"]
    assert {line.decision_id for line in lines} == {decision.pk}
    assert {line.price_rule for line in lines} == {"free_core_hours"}
    # 6 % of 300 000 kr / 11 = 1 636 kr is not below 1 200 kr: the § 3b cap is refused, kjernetid granted
    assert {(line.outcome, tuple(line.reasons)) for line in lines} == {("delvis", ("income_not_below_cap",))}
    assert (run.line_count, run.correction_count, run.total_reduced_amount) == (3, 0, 3 * KJERNETID_PRICE)
    assert run.created_by == world["saksbehandler_a"] and run.since_run is None
    assert AuditEvent.objects.filter(municipality=world["a"], action="export", actor=world["saksbehandler_a"]).exists()
    # only kommune A's children
    assert {line.child.application.municipality_id for line in lines} == {world["a"].pk}


def test_the_next_export_follows_the_last_and_adds_only_new_months(world):
    first = services.export_run_create(municipality_id=world["a"].pk, actor=world["admin_a"], through="2026-09")
    again = services.export_run_create(municipality_id=world["a"].pk, actor=world["admin_a"], through="2026-09")
    later = services.export_run_create(municipality_id=world["a"].pk, actor=world["admin_a"], through="2026-11")
    assert again.since_run == first and again.line_count == 0
    assert later.since_run == again
    assert [(line.month.month, line.change) for line in later.lines.order_by("month")] == [
        (10, "unchanged"), (11, "unchanged")]
    # «since» the first export by id, or by date, or from the start
    assert services.export_run_create(municipality_id=world["a"].pk, actor=world["admin_a"], since=str(first.pk),
                                      through="2026-11").line_count == 2
    full = services.export_run_create(municipality_id=world["a"].pk, actor=world["admin_a"], since="start",
                                      through="2026-11")
    assert full.since_run is None and full.line_count == 4


def test_since_a_date_takes_the_last_export_of_that_day(world):
    first = services.export_run_create(municipality_id=world["a"].pk, actor=world["admin_a"], through="2026-09")
    today = first.created_at.astimezone().date()
    assert services.parse_since(world["a"].pk, today.isoformat()).run == first
    assert services.parse_since(world["a"].pk, (today - dt.timedelta(days=1)).isoformat()).run is None


@pytest.mark.parametrize("field, value, code", [
    ("since", "999999", "unknown_export"), ("since", "yesterday", "invalid"), ("through", "2026-13", "invalid"),
    ("through", "26-10", "invalid"), ("through", "2099-01", "too_far_ahead"),
])
def test_bad_input_is_refused_and_nothing_is_stored(world, field, value, code):
    with pytest.raises(services.ExportRefused) as refusal:
        services.export_run_create(municipality_id=world["a"].pk, actor=world["admin_a"], **{field: value})
    assert (refusal.value.field, refusal.value.code) == (field, code)
    assert not ExportRun.objects.exists()


def test_a_proposal_that_was_never_approved_is_not_billed(world, rates):
    with factories.as_of(REGISTERED):
        case = make_ready(factories.case(world["a"], user=world["saksbehandler_a"], partner=False,
                                         applicant=factories.person(dt.date(1991, 1, 2), "Prop", "Osal")))
        decision_propose(case_id=case.pk, actor=world["saksbehandler_a"])
    run = services.export_run_create(municipality_id=world["a"].pk, actor=world["admin_a"], through="2026-08")
    assert {line.decision.case_id for line in run.lines.all()} == {world["case_a"].pk}


def test_the_page_makes_an_export_and_offers_csv_and_excel(world, case_a, login):
    client = login(world["saksbehandler_a"])
    page = client.get(reverse("billing:kommune", args=[world["a"].kommunenummer]))
    assert page.status_code == 200 and "Ny eksport" in page.content.decode()
    k = world["a"].kommunenummer
    response = client.post(reverse("billing:kommune", args=[k]), {"since": "", "through": "2026-09"})
    run = ExportRun.objects.get(municipality=world["a"])
    assert response.status_code == 302 and response.url == reverse("billing:run", args=[k, run.pk])
    detail = client.get(response.url).content.decode()
    assert "Barn0 Nordmann" in detail  # the child's name is shown, never a number
    for number in person_numbers(case_a):
        assert number not in detail

    csv_response = client.get(reverse("billing:csv", args=[world["a"].kommunenummer, run.pk]))
    assert csv_response["Content-Disposition"] == (
        f'attachment; filename="fakturagrunnlag-{world["a"].kommunenummer}-{run.pk}.csv"')
    text = csv_response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert tuple(rows[0]) == COLUMNS
    assert [(row["month"], row["reduced_amount"], row["ordinary_price"], row["line_type"], row["change"])
            for row in rows] == [("2026-08", str(KJERNETID_PRICE), "1200", "charge", "new"),
                                 ("2026-09", str(KJERNETID_PRICE), "1200", "charge", "unchanged")]
    assert rows[0]["saksnummer"] == case_a.saksnummer and rows[0]["vedtak_kind"] == "ordinary"
    assert rows[0]["child_ref"].startswith("B") and rows[0]["place"] == "Solsikken"

    xlsx = client.get(reverse("billing:xlsx", args=[world["a"].kommunenummer, run.pk]))
    assert xlsx["Content-Disposition"].endswith(f'-{run.pk}.xlsx"')
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert tuple(table[0]) == COLUMNS
    assert [row[COLUMNS.index("reduced_amount")] for row in table[1:]] == [KJERNETID_PRICE, KJERNETID_PRICE]
    for body in (text, str(table)):
        for number in person_numbers(case_a):
            assert number not in body


def test_the_page_shows_a_refusal_next_to_the_field(world, login):
    client = login(world["admin_a"])
    response = client.post(reverse("billing:kommune", args=[world["a"].kommunenummer]), {"through": "2026-13"})
    assert response.status_code == 400 and "ÅÅÅÅ-MM" in response.content.decode()
    assert not ExportRun.objects.exists()


def test_the_api_records_an_export_and_returns_it(world, case_a, api, caplog):
    caplog.set_level(logging.DEBUG)
    client = api(world["key_a"])
    url = reverse("billing_api:exports", args=[world["a"].kommunenummer])
    created = client.post(url, {"through": "2026-09"})
    assert created.status_code == 201
    body = created.json()
    run = ExportRun.objects.get(pk=body["id"])
    assert run.token == world["token_a"] and run.channel == "api" and run.created_by is None
    assert created["Location"] == reverse("billing_api:export", args=[world["a"].kommunenummer, run.pk])
    assert [(line["month"], line["reduced_amount"], line["change"]) for line in body["lines"]] == [
        ("2026-08", KJERNETID_PRICE, "new"), ("2026-09", KJERNETID_PRICE, "unchanged")]
    assert body["lines"][0]["vedtak"]["saksnummer"] == case_a.saksnummer
    assert client.get(created["Location"]).json() == body
    assert [item["id"] for item in client.get(url).json()["exports"]] == [run.pk]
    preview = client.get(reverse("billing_api:preview", args=[world["a"].kommunenummer]), {"through": "2026-10"})
    assert preview.status_code == 200
    assert [(line["month"], line["change"]) for line in preview.json()["lines"]] == [("2026-10", "unchanged")]
    assert ExportRun.objects.count() == 1  # the preview stored nothing
    for number in person_numbers(case_a):
        assert number not in created.content.decode()
        assert number not in caplog.text  # nor in any log line
    assert world["key_a"] not in caplog.text


def test_two_children_and_siblings_get_their_own_lines(world, rates):
    case = approved_case(world["a"], proposer=world["saksbehandler_a"], approver=world["godkjenner_a"],
                         children=2, given="Søsken")
    run = services.export_run_create(municipality_id=world["a"].pk, actor=world["admin_a"], through="2026-08")
    mine = [line for line in run.lines.all() if line.decision.case_id == case.pk]
    assert len(mine) == 2 and len({line.child_key for line in mine}) == 2
