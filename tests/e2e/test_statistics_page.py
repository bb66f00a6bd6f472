"""The statistics page in real Chromium with JavaScript off: the charts are server-rendered SVG, each
with its data table, and the screenshot for docs/screenshots/statistics.png."""
import datetime
import random
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.constants import CaseStatus, Role
from cases.klage.choices import KlageOutcome, KlageStatus
from cases.klage.models import Klage
from cases.models import Application, CaseTransition, Decision
from cases.services.parameters import legal_parameters_load_seed
from cases.stats.summary import stats_refresh
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


def _klager(kommune):
    """A few klager on sent vedtak, with the paths' results (registered as the klage workflow leaves them)."""
    decisions = Decision.objects.filter(case__municipality=kommune, status=Decision.Status.APPROVED,
                                        case__status=CaseStatus.SENT).select_related("case")[:9]
    results = ((KlageStatus.IN_PROGRESS, ""), (KlageStatus.MEDHOLD, ""), (KlageStatus.MEDHOLD, ""),
               (KlageStatus.DECIDED, KlageOutcome.STADFESTET), (KlageStatus.DECIDED, KlageOutcome.STADFESTET),
               (KlageStatus.DECIDED, KlageOutcome.OMGJORT), (KlageStatus.DECIDED, KlageOutcome.OPPHEVET),
               (KlageStatus.OVERSENDT, ""), (KlageStatus.AVVIST, ""))
    for decision, (status, outcome) in zip(decisions, results, strict=False):
        Klage.objects.create(case=decision.case, decision=decision, received_date=datetime.date(2026, 9, 1),
                             channel="letter", text="Klage", status=status, outcome=outcome,
                             late=status == KlageStatus.AVVIST,
                             outcome_date=datetime.date(2026, 11, 2) if outcome else None)


def test_statistics_page_without_javascript(live_server, new_page):
    legal_parameters_load_seed()  # an earlier transactional test may have flushed the seeded rates
    kommune = factories.municipality("Demo kommune", orgno="910753614")
    approver = factories.staff("geir", kommune, Role.GODKJENNER, password=PASSWORD)
    factories.staff("leder", kommune, Role.ADMINISTRATOR, password=PASSWORD)
    _households(kommune, approver)
    _klager(kommune)
    stats_refresh(municipality_id=kommune.pk)  # what the beat task does after changes

    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("leder")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/saker/.*"))
    page.get_by_role("link", name="Statistikk").click()
    page.get_by_label("Periode").fill("2026/27")
    page.get_by_role("button", name="Vis").click()

    # A form submit without JavaScript: wait for the new page (is_visible() would not wait).
    expect(page.get_by_role("heading", name="Statistikk", exact=True)).to_be_visible()
    for name in ("Søknader per måned og kanal", "Vedtak etter utfall", "Barn etter pris",
                 "Reduksjon i kroner per måned", "Klager og utfall"):
        chart = page.get_by_role("img", name=name)
        assert chart.is_visible()
        assert chart.bounding_box()["height"] > 100
    assert page.locator("svg.app-chart rect").count() > 10
    assert page.get_by_role("table").count() == 6
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "statistics.png"), full_page=True)
