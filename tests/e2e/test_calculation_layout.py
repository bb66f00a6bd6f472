"""The case's calculation view at 1280 px in real Chromium: every amount cell is shown whole (never
clipped or cut off by its table's scroll box), with exact decimals, the fee from each date and readable
labels."""
import dataclasses
import datetime
import re
from decimal import Decimal

import pytest

from cases.constants import Role
from cases.services.assessment import decision_propose
from cases.services.intake import application_register
from cases.services.parameters import legal_parameters_load_seed
from tests import factories
from tests.views.conftest import make_ready

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "riktig-hest-batteri"

CLIPPED = """() => [...document.querySelectorAll('#beregning .app-num')].filter(cell => {
  const box = cell.getBoundingClientRect();
  const wrap = cell.closest('.app-table-wrap') || document.body;
  const outer = wrap.getBoundingClientRect();
  return cell.scrollWidth > cell.clientWidth + 1 || box.right > outer.right + 1 || box.left < outer.left - 1;
}).map(cell => cell.textContent.trim())"""


def test_amount_columns_never_clip_at_1280_px(live_server, new_page):
    legal_parameters_load_seed()
    kommune = factories.municipality("Demo kommune", orgno="910753614")
    user = factories.staff("sara", kommune, Role.SAKSBEHANDLER, password=PASSWORD)
    data = factories.barnehage_application(period="2022/23", children=2)
    kids = [dataclasses.replace(child, monthly_price=Decimal(3050)) for child in data.children]
    data = dataclasses.replace(data, received_date=datetime.date(2022, 6, 1), children=kids)
    with factories.as_of(data.received_date):
        registered = application_register(municipality=kommune, data=data, actor=user, start_fetch=False)
    case = make_ready(registered, applicant_income=150_000, partner_income=90_000)
    decision_propose(case_id=case.pk, actor=user)

    page = new_page()
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("sara")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r".*/saker/.*"))
    page.goto(f"{live_server.url}/saker/{case.pk}/#beregning")
    section = page.locator("#beregning")
    text = section.inner_text()
    assert "Pris per måned fra og med dato" in text and "01.01.2023" in text
    assert "Søskenmoderasjon" in text and "Pris for plassen" in text
    assert re.search(r"\d,\d{2}\u00a0kr", text)  # exact decimals stay in the case's calculation view
    assert page.locator("#beregning .app-num").count() > 10
    assert page.evaluate(CLIPPED) == []
