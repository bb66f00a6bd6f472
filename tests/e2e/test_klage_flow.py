"""The klage path in real Chromium, from the parent to the outcome letter: the parent logs in at the
simulator's ID-porten, opens the sent case in «Mine saker» and files «Klag på vedtaket» (asking for utsatt
iverksetting); the caseworker finds it on the case page, prepares the oversendelse to the klageinstans; another
person (godkjenner) approves it (four-eyes); the caseworker registers the klageinstans' «stadfestet»; the
outcome letter exists, is downloaded as a PDF, and the parent sees the result. Screenshots to docs/screenshots/."""
import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from cases.constants import Role
from cases.klage.choices import KlageStatus
from cases.klage.models import Klage
from cases.services.intake import PersonInput
from portal.models import PortalSettings
from tests import factories
from tests.klage.conftest import send_vedtak
from tests.support import idporten as idp
from tests.support.messages import compile_portal_messages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CLIENT = "skattedeling-klage-e2e"
PASSWORD = "riktig-hest-batteri"


@pytest.fixture
def portal(live_server, simulator, settings, tmp_path):
    compile_portal_messages()
    kommune = factories.municipality("Demo kommune", orgno="910753614")
    PortalSettings.objects.create(municipality=kommune, enabled=True)
    base = f"{live_server.url}/innbygger/{kommune.kommunenummer}"
    with idp.portal_client(simulator, settings, base=base, key_dir=tmp_path, client_id=CLIENT):
        yield kommune, base


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _staff_login(page, base_url, username):
    page.goto(f"{base_url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/saker/.*"))


def test_from_the_parents_klage_to_the_outcome_letter(portal, new_page, live_server):
    kommune, base = portal
    factories.staff("sara", kommune, Role.SAKSBEHANDLER, password=PASSWORD)
    gunn = factories.staff("gunn", kommune, Role.GODKJENNER, password=PASSWORD)
    applicant = PersonInput(person_id="02878821028", given_name="Hanne", family_name="Hansen")
    case = factories.case(kommune, applicant=applicant)
    send_vedtak(case, approver=gunn, reached=timezone.localdate() - datetime.timedelta(days=4))

    # The parent: ID-porten (the simulator), «Mine saker», the case, «Klag på vedtaket».
    parent = new_page()
    parent.goto(f"{base}/")
    parent.get_by_role("link", name="Logg inn med ID-porten").click()
    parent.wait_for_url(re.compile(r".*/idporten/authorize.*"))
    parent.get_by_label("Hanne Hansen (H2, voksen 1)").check()
    parent.get_by_role("button", name="Logg inn").click()
    parent.wait_for_url(re.compile(r".*/innbygger/\d{4}/saker/$"))
    parent.get_by_role("link", name=case.saksnummer).click()
    assert "Fristen er" in parent.locator("#klage").locator("xpath=..").inner_text()
    _shot(parent, "portal-case-klage-link")
    parent.locator("#klag-pa-vedtaket").click()
    parent.get_by_label("Hva klager du på, og hvorfor?").fill(
        "Vi mener samboerens inntekt er for høy i vedtaket. Han hadde ulønnet permisjon i fjor.")
    parent.locator("#id_utsatt_iverksetting").check()
    _shot(parent, "portal-klage-form")
    parent.locator("#send-klage").click()
    parent.wait_for_url(re.compile(r".*/klage/\?sendt=1$"))
    assert parent.locator("#klage-kvittering").is_visible()
    assert "Til behandling i kommunen" in parent.locator("main").inner_text()
    _shot(parent, "portal-klage-receipt")
    klage = Klage.objects.get(case=case)
    assert klage.channel == "portal" and not klage.late and klage.status == KlageStatus.IN_PROGRESS

    # The caseworker: the klage on the case page, the klage page, the oversendelse.
    worker = new_page()
    _staff_login(worker, live_server.url, "sara")
    worker.goto(f"{live_server.url}/saker/{case.pk}/")
    panel = worker.locator("section#klage")
    assert "Innbyggerportalen" in panel.inner_text() and "Forberedende klagebehandling" in panel.inner_text()
    panel.scroll_into_view_if_needed()
    _shot(worker, "klage-case-page")
    panel.get_by_role("link", name=klage.received_date.strftime("%d.%m.%Y")).click()
    worker.wait_for_url(re.compile(rf".*/saker/{case.pk}/klage/{klage.pk}/$"))
    assert "ulønnet permisjon" in worker.locator("#klagetekst").inner_text()
    worker.locator("summary", has_text="Utsatt iverksetting").click()
    worker.get_by_label("Avslått").check()
    worker.locator("#id_utsatt-reason").fill("Prisen er ikke høyere enn før; ingen særlige grunner.")
    worker.get_by_role("button", name="Lagre").click()
    expect(worker.get_by_text("Avgjørelsen om utsatt iverksetting er lagret.")).to_be_visible()
    worker.locator("summary", has_text="Oversend til klageinstansen").click()
    worker.locator("#id_oversendelse-assessment").fill(
        "Inntekten er hentet fra Skatteetaten for inntektsåret 2025. Ulønnet permisjon endrer ikke "
        "skattegrunnlaget; kommunen finner ikke grunn til å endre vedtaket.")
    _shot(worker, "klage-page")
    worker.get_by_role("button", name="Send oversendelsen til godkjenning").click()
    expect(worker.locator("#klage-status")).to_have_attribute("data-status", "oversendelse_proposed")
    expect(worker.locator("#venter-godkjenning")).to_be_visible()

    # Four-eyes: the godkjenner approves the oversendelse; the oversendelsesbrev is made.
    approver = new_page()
    _staff_login(approver, live_server.url, "gunn")
    approver.goto(f"{live_server.url}/saker/{case.pk}/klage/{klage.pk}/")
    _shot(approver, "klage-oversendelse-approval")
    approver.get_by_role("button", name="Godkjenn oversendelsen").click()
    expect(approver.locator("#klage-status")).to_have_attribute("data-status", "oversendt")
    assert approver.locator("a[data-letter=oversendelse]").count() == 1

    # The klageinstans' outcome, registered by the caseworker; the outcome letter.
    worker.reload()
    worker.get_by_label("Stadfestet").check()
    worker.get_by_label("Klageinstansens vedtak datert").fill(timezone.localdate().isoformat())
    worker.get_by_role("button", name="Registrer avgjørelsen").click()
    expect(worker.locator("#klage-resultat")).to_have_attribute("data-outcome", "stadfestet")
    _shot(worker, "klage-decided")
    with worker.expect_download() as download:
        worker.locator("a[data-letter=outcome]").click()
    pdf = Path(download.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Klagen er avgjort" in text and "stadfestet" in text and case.saksnummer in text
    klage.refresh_from_db()
    assert klage.status == KlageStatus.DECIDED and klage.letters.filter(kind="outcome").exists()
    history = [t.to_status for t in klage.transitions.order_by("at", "id")]
    assert history == ["in_progress", "oversendelse_proposed", "oversendt", "decided"]

    # The parent sees the result in «Mine saker».
    parent.goto(f"{base}/saker/{case.pk}/")
    assert "Avgjort av klageinstansen" in parent.locator("#klage-status").inner_text()
    _shot(parent, "portal-case-klage-decided")
