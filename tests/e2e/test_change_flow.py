"""Endringer in real Chromium: a caseworker registers a change on a sent case («Registrer endring»), the
proposal for an endringsvedtak is computed from the date, and the page shows the change under way with
«Forkast endringen»; a parent reports a change in «Mine saker». Screenshots go to docs/screenshots/."""
import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cases.constants import CaseStatus as S
from cases.constants import Role
from cases.models import Case, Change, Decision
from portal.models import PortalSettings
from tests import factories
from tests.changes.conftest import sent_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "riktig-hest-batteri"


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _sent(kommune):
    from cases.services.parameters import legal_parameters_load_seed

    legal_parameters_load_seed()
    factories.test_rates()
    sara = factories.staff("sara", kommune, Role.SAKSBEHANDLER, password=PASSWORD)
    gunn = factories.staff("gunn", kommune, Role.GODKJENNER, password=PASSWORD)
    return sent_case(kommune, sara, gunn, received=datetime.date(2026, 6, 1), children=2)


def test_caseworker_registers_a_change_and_parent_reports_one(live_server, new_page):
    kommune = factories.municipality("Demo kommune")
    case = _sent(kommune)
    first = case.application.children.order_by("pk").first()
    page = new_page()
    base = live_server.url
    page.goto(f"{base}/logg-inn/")
    page.get_by_label("Brukernavn").fill("sara")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/saker/.*"))
    page.goto(f"{base}/saker/{case.pk}/#endringer")
    page.locator("#endringer summary", has_text="Registrer endring").click()
    page.locator("#id_endring-kind").select_option("hours_changed")
    page.locator("#id_endring-change_date").fill("2027-01-01")
    page.locator("#id_endring-child_id").select_option(str(first.pk))
    page.locator("#id_endring-weekly_hours").fill("25")
    page.locator("#id_endring-monthly_price").fill("800")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#endringer").screenshot(path=str(SCREENSHOTS / "case-register-change.png"))
    page.get_by_role("button", name="Registrer endring").click()
    # The case page's URL matched before the submit too: wait for the message of the page it loads.
    expect(page.get_by_text("Endringen er registrert")).to_be_visible()
    body = page.content()
    assert "Endringen er registrert" in body and "Endring under behandling" in body
    assert Case.objects.get(pk=case.pk).status == S.PROPOSED
    proposal = Decision.objects.get(case=case, status=Decision.Status.PROPOSED)
    assert proposal.valid_from == datetime.date(2027, 1, 1) and proposal.supersedes_id is not None
    page.goto(f"{base}/saker/{case.pk}/#endringer")
    _shot(page, "case-change-under-way")

    # a parent of the household in «Mine saker» (the portal session as the ID-porten callback leaves it)
    from django.conf import settings

    from tests.portal.conftest import log_in_parent

    other = sent_case(kommune, factories.staff("sara2", kommune), factories.staff("gunn2", kommune,
                                                                                   Role.GODKJENNER),
                      received=datetime.date(2026, 6, 1))
    PortalSettings.objects.create(municipality=kommune, enabled=True)

    class _Jar:
        cookies: dict = {}

    jar = _Jar()
    log_in_parent(jar, kommune, other.application.household.applicant.person_id)
    parent = new_page()
    parent.context.add_cookies([{"name": settings.PORTAL_SESSION_COOKIE_NAME,
                                 "value": jar.cookies[settings.PORTAL_SESSION_COOKIE_NAME], "url": base}])
    parent.goto(f"{base}/innbygger/{kommune.kommunenummer}/saker/{other.pk}/")
    parent.locator("#meld-endring").click()
    parent.get_by_label("Et barn slutter i barnehagen eller SFO").check()
    parent.get_by_label("Fra hvilken dato?").fill("2027-03-01")
    parent.get_by_label("Hvilket barn gjelder det?").select_option(
        str(other.application.children.get().pk))
    _shot(parent, "portal-change")
    parent.get_by_role("button", name="Send endringen").click()
    parent.wait_for_url(re.compile(r".*meldt=1"))
    expect(parent.locator("#endring-meldt")).to_be_visible()
    assert Change.objects.get(case=other).source == "parent"
