"""A parent in real Chromium: logs in at the simulator's ID-porten (its own process, private_key_jwt),
applies for two children choosing places from the kommune's price list, sees the estimate before sending,
sends, and follows the case in «Mine saker» while the real worker fetches income from the simulated
Skatteetaten; when the caseworker asks for documentation the parent uploads it (a wrong file first); the
caseworker documents the income, an approver approves (the real worker renders the letter) and the letter
is sent; the parent sees «Vedtak sendt» and downloads the letter; the partner logs in and sees the case
and the letter but not the applicant's income items; logout ends the ID-porten session.

On every parent page, in bokmål, nynorsk and English, axe-core (the script bundled by the pinned
axe-playwright-python package) reports no serious or critical WCAG 2.1 A/AA violation. Screenshots of
each parent page go to docs/screenshots/."""
import datetime
import re
from decimal import Decimal
from pathlib import Path

import axe_playwright_python
import httpx
import pytest
from playwright.sync_api import expect

from cases.constants import Role
from cases.formatting import amount
from cases.models import Case, Decision
from cases.services.approval import case_request_documentation, decision_approve
from cases.services.delivery import decision_send
from cases.services.income import documented_income_add
from cases.services.parameters import legal_parameters_load_seed
from portal.models import PortalPriceOption, PortalSettings
from tests import factories
from tests.support import idporten as idp
from tests.support.messages import compile_portal_messages
from tests.support.person_ids import make_person_id

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CLIENT = "skattedeling-portal-e2e"
AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))}));
}"""
SERIOUS = {"serious", "critical"}
SWITCH = {"nb": "Bytt språk", "nn": "Byt språk", "en": "Change language"}
TINY_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture
def portal(live_server, simulator, settings, tmp_path):
    compile_portal_messages()
    legal_parameters_load_seed()
    kommune = factories.municipality("Demo kommune", orgno="910753614")
    portal_settings = PortalSettings.objects.create(
        municipality=kommune, enabled=True, contact_text="Demo kommune, oppvekstkontoret (hverdager 9–15)",
        contact_phone="12 34 56 78", contact_email="postmottak@demo.kommune.no",
        contact_web="https://demo.kommune.no/foreldrebetaling")
    for order, (name, hours, price) in enumerate([("Heltid, 5 dager", "41", "1200"),
                                                 ("Deltid, 3 dager", "25", "760")]):
        PortalPriceOption.objects.create(portal=portal_settings, service="barnehage", name=name, order=order,
                                         weekly_hours=Decimal(hours), monthly_price=Decimal(price))
    PortalPriceOption.objects.create(portal=portal_settings, service="sfo", name="Full plass", order=0,
                                     weekly_hours=Decimal("20"), monthly_price=Decimal("3100"))
    base = f"{live_server.url}/innbygger/{kommune.kommunenummer}"
    with idp.portal_client(simulator, settings, base=base, key_dir=tmp_path, client_id=CLIENT):
        yield kommune, base


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"portal-{name}.png"), full_page=True)


def _child(page, row, person_id, given):
    page.locator(f"#id_child{row}_person_id").fill(person_id)
    page.locator(f"#id_child{row}_given_name").fill(given)
    page.locator(f"#id_child{row}_family_name").fill("Hansen")
    page.locator(f"#id_child{row}_institution").fill("Solsikken barnehage")
    # the kommune's price list: the place gives hours and price (none typed)
    full_time = PortalPriceOption.objects.get(service="barnehage", name="Heltid, 5 dager")
    page.locator(f"#id_child{row}_price_option").select_option(value=str(full_time.pk))


CHILDREN = (make_person_id(datetime.date(2022, 6, 1)), make_person_id(datetime.date(2024, 9, 12)))


def _fill_application(page):
    page.locator("#id_applicant_given_name").fill("Hanne")
    page.locator("#id_applicant_family_name").fill("Hansen")
    page.locator("#id_email").fill("hanne@example.org")
    page.locator("#id_partner_relation_1").check()  # ektefelle
    page.locator("#id_partner_person_id").fill("23919033061")
    page.locator("#id_partner_given_name").fill("Per")
    page.locator("#id_partner_family_name").fill("Hansen")
    _child(page, 0, CHILDREN[0], "Emma")
    _child(page, 1, CHILDREN[1], "Jonas")
    page.locator("#id_estimate_income").fill("366667")


def _language(page, language):
    page.locator("#language-choice").select_option(language)
    page.locator(".portal-language button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)  # waits for the reloaded page


def _axe(page, label):
    """axe-core on the page as it is: no serious or critical violation."""
    page.evaluate(AXE_SCRIPT)  # through the DevTools protocol: the page's CSP does not apply to the test
    violations = [v for v in page.evaluate(AXE_RUN) if v["impact"] in SERIOUS]
    assert violations == [], f"{label} ({page.locator('html').get_attribute('lang')}): {violations}"


def _axe_all_languages(page, label, *, redo=None):
    """axe-core on this page in bokmål, nynorsk and English (back in bokmål after). ``redo`` brings a page
    that is the answer to a POST back after the language switch (which reloads the address)."""
    _axe(page, label)
    for language in ("nn", "en", "nb"):
        _language(page, language)
        if redo is not None:
            redo(page)
        if language != "nb":
            _axe(page, label)


def _wait_for(case, status, page, seconds=60):
    for _ in range(seconds):
        case.refresh_from_db()
        if case.status == status:
            return
        page.wait_for_timeout(1000)
    assert case.status == status, f"{case.status}: {case.status_reason}"


def _estimate(page):
    _fill_application(page)
    # The answer to a POST to the same address: wait_for_load_state() could see the page before it.
    with page.expect_navigation():
        page.locator("button[value=estimate]").click()


def _send_empty(page):
    with page.expect_navigation():
        page.locator("button[value=send]").click()


def _wrong_upload(page):
    page.locator("#id_reason_0").check()
    page.locator("#id_file").set_input_files(files=[{"name": "lonnsslipp.pdf", "mimeType": "application/pdf",
                                                     "buffer": b"this is not a PDF at all"}])
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def test_a_parent_applies_and_follows_the_case(portal, new_page, real_worker, simulator, mailoutbox):
    kommune, base = portal
    page = new_page()
    page.goto(f"{base}/")
    assert "Logg inn med ID-porten" in page.locator("main").inner_text()
    assert "12 34 56 78" in page.locator("#contact").inner_text()
    _shot(page, "start")
    _axe(page, "start")
    for language, heading in (("nn", "Redusert foreldrebetaling i barnehage og SFO"),
                              ("en", "Reduced parental fees in kindergarten and SFO")):
        page.locator("#language-choice").select_option(language)
        page.get_by_role("button", name=re.compile("Bytt språk|Byt språk|Change language")).click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert heading in page.locator("h1").inner_text()
        _axe(page, "start")
        _shot(page, f"start-{language}")
    page.locator("#language-choice").select_option("nb")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")  # before the next goto

    # A refused login (here: a callback that does not belong to a login this browser started).
    page.goto(f"{base}/logg-inn/callback/?code=x&state=y")
    assert "Innloggingen ble avvist" in page.locator("main").inner_text()
    _axe_all_languages(page, "refused")
    _shot(page, "refused")

    # ID-porten (the simulator): the page asks for the kommune's level and the chosen language.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    page.wait_for_url(re.compile(r".*/idporten/authorize.*"))
    assert "idporten-loa-substantial" in page.content() and "språk: nb" in page.content()
    _shot(page, "idporten")
    page.get_by_label("Hanne Hansen (H2, voksen 1)").check()
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/innbygger/\d{4}/saker/$"))
    assert "Du har ingen saker her ennå." in page.locator("main").inner_text()
    _axe_all_languages(page, "my cases, empty")

    # The application, prefilled with the pid from ID-porten.
    page.get_by_role("link", name="Søk om redusert foreldrebetaling").first.click()
    assert page.locator("#applicant-pid").inner_text() == "02878821028"
    assert page.locator("#id_child0_monthly_price").count() == 0  # the price list replaces typed prices
    _axe_all_languages(page, "application form")
    _send_empty(page)  # nothing filled in: the errors, in each language
    expect(page.locator(".ds-validation-message").first).to_be_visible()
    _axe_all_languages(page, "application with errors", redo=_send_empty)
    _shot(page, "application-errors")
    _estimate(page)
    estimate = page.locator("#estimate")
    assert "Anslag – ikke et vedtak" in estimate.inner_text()
    assert estimate.locator(".estimate-fee").count() == 2
    # By hand (as in test_caseworker_flow: makspris 1 200 kr, this income above the 6 % threshold, both
    # children gratis kjernetid): 1 200 × (1 − 20/41) = 614 kr; 1 200 × 0.7 × 21/41 = 430 kr; 1 044 kr.
    assert [f.inner_text() for f in estimate.locator(".estimate-fee").all()] == ["614 kr", "430 kr"]
    assert page.locator("#estimate-total").inner_text() == "1\u00a0044 kr"
    assert not Case.objects.exists()  # nothing sent, nothing fetched
    _axe_all_languages(page, "application with estimate", redo=_estimate)
    _shot(page, "application-estimate")

    page.get_by_role("button", name="Send søknaden").click()
    page.wait_for_url(re.compile(r".*/saker/\d+/kvittering/\?epost=1$"))
    case = Case.objects.get()
    assert case.application.channel == "digital"
    assert case.saksnummer in page.locator("main").inner_text()
    [receipt] = mailoutbox
    assert receipt.to == ["hanne@example.org"] and case.saksnummer in receipt.body
    assert "02878821028" not in receipt.body and "366667" not in receipt.body
    _shot(page, "receipt")
    _axe_all_languages(page, "receipt")

    # The real worker fetches income from the simulator; «Mine saker» follows.
    _wait_for(case, "proposed", page)
    page.get_by_role("link", name="Mine saker").click()
    page.wait_for_url(re.compile(r".*/innbygger/\d{4}/saker/$"))
    assert "Til behandling" in page.locator("main").inner_text()
    _shot(page, "my-cases")
    _axe_all_languages(page, "my cases")
    page.get_by_role("link", name=case.saksnummer).click()
    page.wait_for_url(re.compile(r".*/saker/\d+/$"))
    main = page.locator("main").inner_text()
    assert "Til behandling" in main and "Trekk søknaden" in main
    assert page.locator("#own-tax").count() == 1
    assert "Lønn" in page.locator("#own-tax").inner_text()  # plain words for the tax posts
    _shot(page, "case")
    _axe_all_languages(page, "case")

    # The caseworker asks for documentation (the existing service, as the case page's button does).
    saksbehandler = factories.staff("saksbehandler", kommune, Role.SAKSBEHANDLER)
    case_request_documentation(case_id=case.pk, actor=saksbehandler,
                               reason="Inntekten kan ha gått ned: send dokumentasjon")
    page.reload()
    assert "Venter på dokumentasjon" in page.locator("main").inner_text()
    _shot(page, "case-needs-documentation")
    _axe_all_languages(page, "case waiting for documentation")
    page.locator("#upload-link").click()
    page.wait_for_url(re.compile(r".*/saker/\d+/dokumentasjon/$"))
    _axe_all_languages(page, "upload")
    _shot(page, "upload")
    _wrong_upload(page)  # a text file named .pdf: refused, nothing stored
    assert "Filen må være en PDF, JPEG eller PNG." in page.locator("#upload-errors").inner_text()
    assert not case.documents.exists()
    _axe_all_languages(page, "upload refused", redo=_wrong_upload)
    _shot(page, "upload-refused")
    page.get_by_label("Jeg har mistet jobben").check()
    page.locator("#id_file").set_input_files(files=[{"name": "oppsigelse.pdf", "mimeType": "application/pdf",
                                                     "buffer": TINY_PDF}])
    page.get_by_role("button", name="Last opp", exact=True).click()
    page.wait_for_url(re.compile(r".*lastet-opp=1.*"))
    assert "oppsigelse.pdf" in page.locator("#own-documents").inner_text()
    assert case.documents.count() == 1
    _shot(page, "case-documentation-uploaded")
    _axe_all_languages(page, "case after upload")

    # The caseworker documents the income; an approver approves; the real worker renders; it is sent.
    applicant = case.application.household.applicant
    documented_income_add(case_id=case.pk, person_id=applicant.pk, yearly_income=200_000,
                          reason="Mistet arbeidet", documents="Oppsigelse lastet opp i innbyggerportalen",
                          actor=saksbehandler)
    godkjenner = factories.staff("godkjenner", kommune, Role.GODKJENNER)
    decision = Decision.objects.get(case=case, status=Decision.Status.PROPOSED)
    decision_approve(decision_id=decision.pk, actor=godkjenner)
    for _ in range(60):
        decision.refresh_from_db()
        if decision.pdf:
            break
        page.wait_for_timeout(1000)
    assert decision.pdf, "the worker renders the approved letter"
    decision_send(decision_id=decision.pk, actor=saksbehandler, channel="print")
    page.reload()
    main = page.locator("main").inner_text()
    assert "Vedtak sendt" in main and "Trekk søknaden" not in main
    _shot(page, "case-sent")
    _axe_all_languages(page, "case sent")
    with page.expect_download() as download_info:
        page.locator("#vedtak-download").click()
    download = download_info.value
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    assert case.saksnummer.replace("/", "-") in download.suggested_filename

    # Logout here and at ID-porten.
    page.get_by_role("button", name="Logg ut").click()
    expect(page.locator("#idporten-logout")).to_be_visible()  # at ID-porten before axe looks
    _axe(page, "logout at ID-porten")
    _shot(page, "logout-idporten")
    page.locator("#idporten-logout").click()
    page.wait_for_url(re.compile(r".*/logget-ut/.*"))
    assert httpx.get(f"{simulator.base_url}/_simulator/idporten/sessions").json()["active"] == 0
    _shot(page, "logged-out")
    _axe_all_languages(page, "logged out")
    page.goto(f"{base}/saker/")
    page.wait_for_url(re.compile(r".*/innbygger/\d{4}/\?utlogget=1$"))

    # The partner logs in: sees the case, the outcome and the letter (a party: SvarUt sends it to them too),
    # but only their own income items and not the applicant's upload.
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    page.get_by_label("Per Hansen (H2, voksen 2)").check()
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/innbygger/\d{4}/saker/$"))
    page.get_by_role("link", name=case.saksnummer).click()
    page.wait_for_url(re.compile(r".*/saker/\d+/$"))
    main = page.locator("main").inner_text()
    assert "Vedtak sendt" in main and page.locator("#vedtak-download").count() == 1
    assert page.locator("#own-documents").count() == 0  # the applicant's upload is not the partner's
    own = case.tax_bases.get(person__person_id="23919033061")
    others = case.tax_bases.get(person__person_id="02878821028")
    shown = page.locator("#own-tax").inner_text()
    for item in others.items:
        if item["beloep"] not in {i["beloep"] for i in own.items}:
            assert f"{amount(item['beloep'])} kr" not in shown  # as the page formats its own amounts
    _shot(page, "case-partner")
    _axe(page, "case, partner")
