"""The kommune's price list in the application: where a service has one, the parent chooses a place and
does not type hours or price; the application gets the place's hours and price; a place of the other
service, or none, is refused with nothing stored. Another kommune's list is never offered."""
from decimal import Decimal

import pytest

from cases.models import Case
from portal.models import PortalPriceOption, PortalSettings
from tests import factories
from tests.portal.conftest import log_in_parent
from tests.portal.test_apply import PARENT, form_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(client, portal_kommune):
    log_in_parent(client, portal_kommune, PARENT)
    return client


@pytest.fixture
def prices(portal_kommune):
    portal = portal_kommune.portal_settings
    full = PortalPriceOption.objects.create(portal=portal, service="barnehage", name="Heltid, 5 dager",
                                            weekly_hours=Decimal("45"), monthly_price=Decimal("1200"), order=1)
    half = PortalPriceOption.objects.create(portal=portal, service="barnehage", name="Deltid, 3 dager",
                                            weekly_hours=Decimal("27"), monthly_price=Decimal("760"), order=2)
    sfo = PortalPriceOption.objects.create(portal=portal, service="sfo", name="Full SFO",
                                           weekly_hours=Decimal("20"), monthly_price=Decimal("3100"))
    return full, half, sfo


def _priced(**overrides):
    data = form_data(**overrides)
    for i in (0, 1):
        data.pop(f"child{i}_weekly_hours")
        data.pop(f"child{i}_monthly_price")
    return data


def test_the_form_offers_the_price_list_and_no_typed_price(parent, portal_kommune, prices):
    page = parent.get(url(portal_kommune)).content.decode()
    assert "Heltid, 5 dager" in page and "Full SFO" in page
    assert 'name="child0_price_option"' in page
    assert 'name="child0_monthly_price"' not in page and 'name="child0_weekly_hours"' not in page


def test_the_chosen_place_gives_hours_and_price(parent, portal_kommune, prices, queued):
    full, half, _sfo = prices
    response = parent.post(url(portal_kommune), _priced(action="send", child0_price_option=str(full.pk),
                                                        child1_price_option=str(half.pk)))
    assert response.status_code == 302
    children = Case.objects.get().application.children.order_by("pk")
    assert [(c.weekly_hours, c.monthly_price) for c in children] == [(Decimal("45.0"), Decimal("1200.00")),
                                                                    (Decimal("27.0"), Decimal("760.00"))]


def test_the_estimate_uses_the_chosen_place(parent, portal_kommune, prices):
    full, half, _sfo = prices
    response = parent.post(url(portal_kommune), _priced(action="estimate", estimate_income="300000",
                                                        child0_price_option=str(full.pk),
                                                        child1_price_option=str(half.pk)))
    assert response.status_code == 200 and 'id="estimate"' in response.content.decode()
    assert "760 kr" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize("choice", ["sfo", "", "999999", "other-kommune"])
def test_a_wrong_or_missing_place_is_refused_and_nothing_is_stored(parent, portal_kommune, prices, choice):
    full, _half, sfo = prices
    if choice == "other-kommune":
        other = PortalSettings.objects.create(municipality=factories.municipality("Annen kommune"), enabled=True)
        choice = str(PortalPriceOption.objects.create(portal=other, service="barnehage", name="Billig",
                                                      weekly_hours=Decimal("45"), monthly_price=Decimal("1")).pk)
    elif choice == "sfo":
        choice = str(sfo.pk)
    response = parent.post(url(portal_kommune), _priced(action="send", child0_price_option=choice,
                                                        child1_price_option=str(full.pk)))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_without_a_price_list_the_parent_types_hours_and_price(parent, portal_kommune):
    page = parent.get(url(portal_kommune)).content.decode()
    assert 'name="child0_monthly_price"' in page and 'name="child0_price_option"' not in page


def test_a_list_for_one_service_leaves_typing_for_the_other(parent, portal_kommune, prices, queued):
    PortalPriceOption.objects.filter(service="sfo").delete()
    page = parent.get(url(portal_kommune)).content.decode()
    assert 'name="child0_price_option"' in page and 'name="child0_monthly_price"' in page
    # barnehage is listed: a typed price alone is not enough
    response = parent.post(url(portal_kommune), form_data(action="send"))
    assert response.status_code == 400 and "Velg plassen fra kommunens prisliste." in response.content.decode()
