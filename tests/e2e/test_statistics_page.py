"""The statistics page in real Chromium with JavaScript off: the charts are server-rendered SVG, each
with its data table, and the screenshot for docs/screenshots/statistics.png."""
import datetime
import random
import re
from pathlib import Path

import pytest
from django.utils import timezone

from cases.constants import CaseStatus, Role
from cases.models import Application, CaseTransition
from cases.services.parameters import legal_parameters_load_seed
from devtools.synthetic import SyntheticIds, create_cases, random_household
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "riktig-hest-batteri"


def _households(kommune, approver):
    rng = random.Random(7)
    ids = SyntheticIds()
    statuses = [CaseStatus.SENT] * 5 + [CaseStatus.APPROVED] * 2 + [CaseStatus.PROPOSED, CaseStatus.RECEIVED]
    specs = [random_household(rng, ids, service="barnehage", period="2026/27", status=rng.choice(statuses))
             for _ in range(60)]
    case_ids = create_cases(municipality=kommune, period="2026/27", specs=specs, approver=approver, ids=ids)
    channels = ("digital", "digital", "digital", "papir", "import")
    for case_id in case_ids:  # spread over the spring, with a realistic time to decision
        received = datetime.date(2026, 2, 1) + datetime.timedelta(days=rng.randint(0, 150))
        Application.objects.filter(case__pk=case_id).update(received_date=received, channel=rng.choice(channels))
        done = timezone.make_aware(datetime.datetime.combine(received, datetime.time(10)))
        CaseTransition.objects.filter(case_id=case_id, to_status__in=[CaseStatus.APPROVED, CaseStatus.SENT]).update(
            at=done + datetime.timedelta(days=rng.randint(3, 40)))


def test_statistics_page_without_javascript(live_server, new_page):
    legal_parameters_load_seed()  # an earlier transactional test may have flushed the seeded rates
    kommune = factories.municipality("Demo kommune", orgno="910753614")
    approver = factories.staff("geir", kommune, Role.GODKJENNER, password=PASSWORD)
    factories.staff("leder", kommune, Role.ADMINISTRATOR, password=PASSWORD)
    _households(kommune, approver)

    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("leder")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/saker/.*"))
    page.get_by_role("link", name="Statistikk").click()
    page.get_by_label("Periode").fill("2026/27")
    page.get_by_role("button", name="Vis").click()

    assert page.get_by_role("heading", name="Statistikk", exact=True).is_visible()
    for name in ("Søknader per måned og kanal", "Vedtak etter utfall", "Barn etter pris",
                 "Reduksjon i kroner per måned"):
        chart = page.get_by_role("img", name=name)
        assert chart.is_visible()
        assert chart.bounding_box()["height"] > 100
    assert page.locator("svg.app-chart rect").count() > 10
    assert page.get_by_role("table").count() == 5
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "statistics.png"), full_page=True)
