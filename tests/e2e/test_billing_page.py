"""The billing page in real Chromium with JavaScript off: a caseworker makes an export after a retroactive
endring, sees the correction lines and downloads the CSV; the screenshots for docs/screenshots/."""
import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cases import dispatch
from cases.billing import services
from cases.constants import ChangeKind, Role
from cases.services.approval import decision_approve
from cases.services.assessment import decision_propose
from cases.services.changes import change_register
from cases.services.parameters import legal_parameters_load_seed
from tests import factories
from tests.changes.conftest import sent_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "riktig-hest-batteri"


def test_billing_page_with_a_correction(live_server, new_page, monkeypatch):
    monkeypatch.setattr(dispatch, "on_commit_send", lambda *args, **kwargs: None)  # no letters in this test
    legal_parameters_load_seed()
    kommune = factories.municipality("Demo kommune", orgno="910753614")
    caseworker = factories.staff("sara", kommune, Role.SAKSBEHANDLER, password=PASSWORD)
    godkjenner = factories.staff("geir", kommune, Role.GODKJENNER)
    approver2 = factories.staff("gro", kommune, Role.GODKJENNER)
    with factories.as_of(dt.date(2026, 6, 15)):
        case = sent_case(kommune, caseworker, godkjenner, received=dt.date(2026, 6, 1), partner=False,
                         applicant_income=300_000)
        sent_case(kommune, caseworker, godkjenner, received=dt.date(2026, 6, 2), children=2, partner=False,
                  applicant_income=250_000)
    services.export_run_create(municipality_id=kommune.pk, actor=caseworker, through="2026-10")
    child = case.application.children.get()
    change_register(case_id=case.pk, kind=ChangeKind.PLACE_CHANGED, change_date=dt.date(2026, 9, 15),
                    actor=caseworker, details={"child_id": child.pk, "institution": "Blåbærtoppen",
                                               "monthly_price": "800"})
    decision_approve(decision_id=decision_propose(case_id=case.pk).pk, actor=approver2)

    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("sara")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/saker/.*"))
    page.get_by_role("link", name="Fakturering").click()
    expect(page.get_by_role("heading", name="Faktureringsgrunnlag for Demo kommune")).to_be_visible()
    page.get_by_label("Til og med måned").fill("2026-11")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "billing-exports.png"), full_page=True)
    page.get_by_role("button", name="Lag eksport").click()

    page.wait_for_url(re.compile(r".*/fakturering/\d{4}/\d+/$"))
    assert page.get_by_role("heading", name=re.compile(r"Eksport \d+")).is_visible()
    table = page.get_by_role("table")
    assert table.get_by_text("Korreksjon").count() == 2  # September and October
    assert table.get_by_role("cell", name=re.compile(r"Endret fra 2026-09-15")).count() == 3
    page.screenshot(path=str(SCREENSHOTS / "billing-export.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned CSV").click()
    assert re.fullmatch(r"fakturagrunnlag-\d{4}-\d+\.csv", download.value.suggested_filename)
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("child_ref;child_name;") and ";correction;changed;2026-09-15;" in text
