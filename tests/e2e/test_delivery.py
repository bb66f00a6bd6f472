"""In real Chromium: an approver approves → the real worker renders the vedtak and sends one forsendelse
per adult through the SvarUt simulator → after the status polling, the case page shows both adults'
forsendelser with their status and klagefrist, and the queue shows the klagefrist."""
import re

import pytest
from django.utils import timezone

from cases.constants import Role
from cases.models import Forsendelse
from cases.services.assessment import decision_propose
from cases.services.forsendelse import poll_due
from cases.services.parameters import legal_parameters_load_seed
from tests import factories
from tests.support.worker import CeleryWorkerProcess, worker_env
from tests.svarut.conftest import ALTINN, RESERVED, recipient_id, svarut_environment
from tests.views.conftest import make_ready

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "riktig-hest-batteri"


@pytest.fixture
def svarut_worker(settings, simulator):
    from skattedeling.celery import app

    environment = svarut_environment(simulator)
    for name, value in environment.items():
        setattr(settings, name, value)
    simulator.reset(config=True)
    simulator.configure(svarut_step_s=0.1)
    app.conf.task_always_eager = False
    try:
        with CeleryWorkerProcess(concurrency=2, name="e2e-svarut", env=worker_env(**environment)) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True
        simulator.reset(config=True)


def _login(page, base_url, username):
    page.goto(f"{base_url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/saker/.*"))  # logged in before the next goto


def test_approve_then_both_adults_forsendelser_show_status_and_klagefrist(live_server, new_page, svarut_worker):
    legal_parameters_load_seed()
    kommune = factories.municipality("Demo kommune", orgno="910753614")
    sara = factories.staff("sara", kommune, Role.SAKSBEHANDLER, password=PASSWORD)
    factories.staff("geir", kommune, Role.GODKJENNER, password=PASSWORD)
    applicant = factories.PersonInput(person_id=recipient_id(ALTINN, year=1991), given_name="Kari",
                                      family_name="Nordmann")
    case = make_ready(factories.case(kommune, user=sara, applicant=applicant))
    household = case.application.household
    partner = household.partner
    partner.person_id = recipient_id(RESERVED, year=1989)
    partner.save(update_fields=["person_id"])
    type(household).objects.filter(pk=household.pk).update(address="Storgata 1, 0155 Oslo")
    decision_propose(case_id=case.pk, actor=sara)

    page = new_page()
    _login(page, live_server.url, "geir")
    page.goto(f"{live_server.url}/saker/{case.pk}/")
    page.get_by_role("button", name="Godkjenn vedtak").click()
    sent = Forsendelse.objects.filter(case=case, state="sent")
    for _ in range(90):
        if sent.count() == 3:  # søker, ektefelle/samboer, archive copy
            break
        page.wait_for_timeout(500)
    assert sent.count() == 3, list(Forsendelse.objects.values_list("role", "state", "last_error"))
    for _ in range(60):  # what the beat task does every minute
        Forsendelse.objects.filter(state="sent").update(next_poll_at=timezone.now())
        poll_due()
        if not Forsendelse.objects.filter(state="sent").exists():
            break
        page.wait_for_timeout(200)

    page.goto(f"{live_server.url}/saker/{case.pk}/")
    section = page.locator("#forsendelse")
    section.wait_for()
    rows = {role: section.locator(f"tr[data-forsendelse='{role}']") for role in ("soker", "partner", "arkiv")}
    assert "Kari Nordmann" in rows["soker"].inner_text() and "Lest" in rows["soker"].inner_text()
    assert "Skrevet ut og postlagt" in rows["partner"].inner_text()
    assert "skrevet ut av SvarUt" in rows["partner"].inner_text()
    for role in ("soker", "partner"):
        klagefrist = Forsendelse.objects.get(case=case, role=role).klagefrist
        assert klagefrist and klagefrist.strftime("%d.%m.%Y") in rows[role].inner_text()
        assert rows[role].locator(".ds-tag").inner_text() == "Levert"
    assert re.search(r"Sendt", page.locator("body").inner_text())
    page.goto(f"{live_server.url}/saker/")
    assert "Klagefrist" in page.locator("body").inner_text()
