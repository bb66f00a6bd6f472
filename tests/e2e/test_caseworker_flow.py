"""The whole flow as people do it, in real Chromium: a caseworker registers a household with two
children → income is fetched by the real worker from the simulator → the proposal shows the fee the
law gives → an approver approves → the vedtak PDF downloads and says what a vedtak must say.

Expected fee, by hand (rules.md §§ 1, 3, 4; barnehageår 2026/27, makspris 1 200 kr): the household
(02878821028 + 23919033061) is above the 6 % threshold (220 000 kr), so no income cap; both children
get gratis kjernetid: oldest 1 200 × (1 − 20/41) = 614.63 → 614 kr; youngest (child no. 2, 30 %
søskenmoderasjon) 1 200 × 0.7 × 21/41 = 430.24 → 430 kr; in all 1 044 kr a month.
"""
import datetime
import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from cases.constants import Role
from cases.models import Case
from cases.services.parameters import legal_parameters_load_seed
from tests import factories
from tests.support.person_ids import make_person_id

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "riktig-hest-batteri"


def _login(page, base_url, username):
    page.goto(f"{base_url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/saker/.*"))


def _fill_child(page, index, person_id, given):
    prefix = f"#id_barn-{index}-"
    page.locator(prefix + "person_id").fill(person_id)
    page.locator(prefix + "given_name").fill(given)
    page.locator(prefix + "family_name").fill("Nordmann")
    page.locator(prefix + "institution").fill("Solsikken barnehage")
    page.locator(prefix + "weekly_hours").fill("41")
    page.locator(prefix + "monthly_price").fill("1200")


def test_register_fetch_propose_approve_download(live_server, new_page, real_worker, simulator):
    legal_parameters_load_seed()
    kommune = factories.municipality("Demo kommune", orgno="910753614")
    factories.staff("sara", kommune, Role.SAKSBEHANDLER, password=PASSWORD)
    factories.staff("geir", kommune, Role.GODKJENNER, password=PASSWORD)
    base = live_server.url

    # The caseworker registers the application.
    page = new_page()
    _login(page, base, "sara")
    page.goto(f"{base}/saker/ny/")
    page.get_by_label("Tjeneste").select_option("barnehage")
    page.get_by_label("Periode").fill("2026/27")
    page.get_by_label("Mottatt dato").fill("2026-05-20")
    page.locator("#id_applicant_person_id").fill("02878821028")
    page.locator("#id_applicant_given_name").fill("Kari")
    page.locator("#id_applicant_family_name").fill("Nordmann")
    page.locator("#id_partner_relation").select_option("ektefelle")
    page.locator("#id_partner_person_id").fill("23919033061")
    page.locator("#id_partner_given_name").fill("Ola")
    page.locator("#id_partner_family_name").fill("Nordmann")
    _fill_child(page, 0, make_person_id(datetime.date(2022, 6, 1)), "Emma")
    _fill_child(page, 1, make_person_id(datetime.date(2024, 9, 12)), "Jonas")
    page.get_by_role("button", name="Registrer søknad").click()
    page.wait_for_url(re.compile(r".*/saker/\d+/$"))
    case = Case.objects.get()

    # The worker fetches income and proposes; the page updates itself (status.js) or on reload.
    for _ in range(60):
        case.refresh_from_db()
        if case.status == "proposed":
            break
        page.wait_for_timeout(1000)
    assert case.status == "proposed", f"{case.status}: {case.status_reason} {case.attention}"
    page.reload()
    body = page.locator("main").inner_text()
    assert re.search(r"1\s044\s*kr", body), body[:2000]
    assert re.search(r"614\s*kr", body) and re.search(r"430\s*kr", body)
    assert "§ 3c" in body
    assert "Godkjenn vedtak" not in body  # a caseworker cannot approve
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "case-page.png"), full_page=True)
    page.goto(f"{base}/saker/")
    page.screenshot(path=str(SCREENSHOTS / "work-queue.png"), full_page=True)

    # The approver approves; the final PDF is rendered by the worker.
    approver = new_page()
    _login(approver, base, "geir")
    approver.goto(f"{base}/saker/{case.pk}/")
    approver.get_by_role("button", name="Godkjenn vedtak").click()
    decision = case.decisions.get(status="approved")
    for _ in range(60):
        decision.refresh_from_db()
        if decision.pdf:
            break
        approver.wait_for_timeout(1000)
    assert decision.pdf, "the worker did not render the vedtak"
    approver.goto(f"{base}/saker/{case.pk}/")
    with approver.expect_download() as download_info:
        approver.locator(f"a[href='/saker/{case.pk}/vedtak/{decision.pk}/vedtak.pdf']").first.click()
    pdf_bytes = Path(download_info.value.path()).read_bytes()

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    flat = " ".join(text.split())
    assert re.search(r"1\s?044", flat)
    assert "§ 3b" in flat and "§ 3c" in flat
    assert "klage" in flat.lower() and "3 uker" in flat
    assert "02878821028" not in flat and "23919033061" not in flat
    pdf_path = SCREENSHOTS / "vedtak.pdf"
    pdf_path.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf_path),
                    str(SCREENSHOTS / "vedtak-page-1")], check=True, timeout=60)
    pdf_path.unlink()
