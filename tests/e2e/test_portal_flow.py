"""A parent in real Chromium: logs in at the simulator's ID-porten (its own process, private_key_jwt),
applies for two children, sees the estimate before sending, sends, and follows the case in «Mine saker»
while the real worker fetches income from the simulated Skatteetaten; the page works in nynorsk and
English too; logout ends the ID-porten session. Screenshots of each parent page go to docs/screenshots/."""
import datetime
import re
from pathlib import Path

import httpx
import pytest

from cases.models import Case
from cases.services.parameters import legal_parameters_load_seed
from portal import idporten as rp
from portal.models import PortalSettings
from tests import factories
from tests.support import idporten as idp
from tests.support.messages import compile_portal_messages
from tests.support.person_ids import make_person_id

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CLIENT = "skattedeling-portal-e2e"


@pytest.fixture
def portal(live_server, simulator, settings, tmp_path):
    compile_portal_messages()
    legal_parameters_load_seed()
    kommune = factories.municipality("Demo kommune", orgno="910753614")
    PortalSettings.objects.create(municipality=kommune, enabled=True, contact_text="Demo kommune, oppvekst: "
                                  "telefon 12 34 56 78, postmottak@demo.kommune.no")
    key = idp.new_key()
    key_file = tmp_path / "idporten.pem"
    key_file.write_bytes(idp.key_pem(key))
    base = f"{live_server.url}/innbygger/{kommune.kommunenummer}"
    idp.reset(simulator)
    idp.register_client(simulator, CLIENT, [f"{base}/logg-inn/callback/"], key=key,
                        post_logout_redirect_uris=[f"{base}/logget-ut/"])
    settings.IDPORTEN_ISSUER = idp.issuer(simulator)
    settings.IDPORTEN_CLIENT_ID = CLIENT
    settings.IDPORTEN_CLIENT_KEY_FILE = str(key_file)
    settings.IDPORTEN_CLIENT_KEY_ID = "test-key"
    rp.forget_client()
    yield kommune, base
    idp.reset(simulator)
    rp.forget_client()


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"portal-{name}.png"), full_page=True)


def _child(page, row, person_id, given):
    page.locator(f"#id_child{row}_person_id").fill(person_id)
    page.locator(f"#id_child{row}_given_name").fill(given)
    page.locator(f"#id_child{row}_family_name").fill("Hansen")
    page.locator(f"#id_child{row}_institution").fill("Solsikken barnehage")
    page.locator(f"#id_child{row}_weekly_hours").fill("41")
    page.locator(f"#id_child{row}_monthly_price").fill("1200")


def test_a_parent_applies_and_follows_the_case(portal, new_page, real_worker, simulator):
    kommune, base = portal
    page = new_page()
    page.goto(f"{base}/")
    assert "Logg inn med ID-porten" in page.locator("main").inner_text()
    _shot(page, "start")
    for language, heading in (("nn", "Redusert foreldrebetaling i barnehage og SFO"),
                              ("en", "Reduced parental fees in kindergarten and SFO")):
        page.locator("#language-choice").select_option(language)
        page.get_by_role("button", name=re.compile("Bytt språk|Byt språk|Change language")).click()
        assert page.locator("html").get_attribute("lang") == language
        assert heading in page.locator("h1").inner_text()
        _shot(page, f"start-{language}")
    page.locator("#language-choice").select_option("nb")
    page.get_by_role("button", name="Change language").click()

    # ID-porten (the simulator): the page asks for the kommune's level and the chosen language.
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    page.wait_for_url(re.compile(r".*/idporten/authorize.*"))
    assert "idporten-loa-substantial" in page.content() and "språk: nb" in page.content()
    _shot(page, "idporten")
    page.get_by_label("Hanne Hansen (H2, voksen 1)").check()
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/innbygger/\d{4}/saker/$"))
    assert "Du har ingen saker her ennå." in page.locator("main").inner_text()

    # The application, prefilled with the pid from ID-porten.
    page.get_by_role("link", name="Søk om redusert foreldrebetaling").first.click()
    assert page.locator("#applicant-pid").inner_text() == "02878821028"
    page.locator("#id_applicant_given_name").fill("Hanne")
    page.locator("#id_applicant_family_name").fill("Hansen")
    page.locator("#id_partner_relation_1").check()  # ektefelle
    page.locator("#id_partner_person_id").fill("23919033061")
    page.locator("#id_partner_given_name").fill("Per")
    page.locator("#id_partner_family_name").fill("Hansen")
    _child(page, 0, make_person_id(datetime.date(2022, 6, 1)), "Emma")
    _child(page, 1, make_person_id(datetime.date(2024, 9, 12)), "Jonas")
    page.locator("#id_estimate_income").fill("366667")
    page.get_by_role("button", name="Vis anslag").click()
    estimate = page.locator("#estimate")
    assert "Anslag – ikke et vedtak" in estimate.inner_text()
    assert estimate.locator(".estimate-fee").count() == 2
    # By hand (as in test_caseworker_flow: makspris 1 200 kr, this income above the 6 % threshold, both
    # children gratis kjernetid): 1 200 × (1 − 20/41) = 614 kr; 1 200 × 0.7 × 21/41 = 430 kr; 1 044 kr.
    assert [f.inner_text() for f in estimate.locator(".estimate-fee").all()] == ["614 kr", "430 kr"]
    assert page.locator("#estimate-total").inner_text() == "1044 kr"
    assert not Case.objects.exists()  # nothing sent, nothing fetched
    _shot(page, "application-estimate")

    page.get_by_role("button", name="Send søknaden").click()
    page.wait_for_url(re.compile(r".*/saker/\d+/kvittering/$"))
    case = Case.objects.get()
    assert case.application.channel == "digital"
    assert case.saksnummer in page.locator("main").inner_text()
    _shot(page, "receipt")

    # The real worker fetches income from the simulator; «Mine saker» follows.
    for _ in range(60):
        case.refresh_from_db()
        if case.status == "proposed":
            break
        page.wait_for_timeout(1000)
    assert case.status == "proposed", f"{case.status}: {case.status_reason}"
    page.get_by_role("link", name="Mine saker").click()
    assert "Til behandling" in page.locator("main").inner_text()
    _shot(page, "my-cases")
    page.get_by_role("link", name=case.saksnummer).click()
    main = page.locator("main").inner_text()
    assert "Til behandling" in main and "Trekk søknaden" in main
    assert page.locator("#own-tax").count() == 1
    _shot(page, "case")

    # Logout here and at ID-porten.
    page.get_by_role("button", name="Logg ut").click()
    page.locator("#idporten-logout").click()
    page.wait_for_url(re.compile(r".*/logget-ut/.*"))
    assert httpx.get(f"{simulator.base_url}/_simulator/idporten/sessions").json()["active"] == 0
    _shot(page, "logged-out")
    page.goto(f"{base}/saker/")
    page.wait_for_url(re.compile(r".*/innbygger/\d{4}/\?utlogget=1$"))
