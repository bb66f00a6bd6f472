"""A kommune administrator turns only their own kommune's portal on or off and sets its contact
information and price list; never another kommune's."""
import io

import pytest
from django.urls import reverse

from cases.constants import Role
from portal.models import PortalPriceOption, PortalSettings
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_kommune_admin_sees_and_changes_only_their_own_portal(client, portal_kommune):
    other = factories.municipality("Annen kommune")
    other_settings = PortalSettings.objects.create(municipality=other, enabled=True)
    admin = factories.staff("kommuneadmin", portal_kommune, Role.ADMINISTRATOR)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    listing = client.get(reverse("admin:portal_portalsettings_changelist"))
    assert listing.status_code == 200
    assert "Portalkommune" in listing.content.decode() and "Annen kommune" not in listing.content.decode()
    assert client.get(reverse("admin:portal_portalsettings_change", args=[other_settings.pk])).status_code in (
        302, 404)
    own = portal_kommune.portal_settings
    response = client.post(reverse("admin:portal_portalsettings_change", args=[own.pk]), {
        "municipality": portal_kommune.pk, "acr": "idporten-loa-high", "onbehalfof": "", "contact_text": "",
        **_no_prices()})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.enabled is False and own.acr == "idporten-loa-high"
    assert client.get(reverse("portal:start", args=[portal_kommune.kommunenummer])).status_code == 404


def test_a_caseworker_cannot_change_the_portal(client, portal_kommune):
    user = factories.staff("sara", portal_kommune, Role.SAKSBEHANDLER)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:portal_portalsettings_changelist")).status_code == 403


def _no_prices(**rows):
    return {"price_options-TOTAL_FORMS": "0", "price_options-INITIAL_FORMS": "0",
            "price_options-MIN_NUM_FORMS": "0", "price_options-MAX_NUM_FORMS": "1000", **rows}


@pytest.fixture
def kommune_admin(client, portal_kommune):
    admin = factories.staff("kommuneadmin", portal_kommune, Role.ADMINISTRATOR)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    return admin


def test_a_kommune_admin_sets_contact_and_price_list_of_their_own_portal(client, portal_kommune, kommune_admin):
    own = portal_kommune.portal_settings
    response = client.post(reverse("admin:portal_portalsettings_change", args=[own.pk]), {
        "municipality": portal_kommune.pk, "enabled": "on", "acr": "idporten-loa-substantial", "onbehalfof": "",
        "contact_text": "Oppvekstkontoret, åpent 9–15", "contact_phone": "12 34 56 78",
        "contact_email": "oppvekst@portal.kommune.no", "contact_web": "https://portal.kommune.no/foreldrebetaling",
        **_no_prices(**{"price_options-TOTAL_FORMS": "1", "price_options-0-service": "barnehage",
                        "price_options-0-name": "Heltid, 5 dager", "price_options-0-weekly_hours": "45",
                        "price_options-0-monthly_price": "1200", "price_options-0-order": "1"})})
    assert response.status_code == 302, response.content.decode()[:2000]
    option = PortalPriceOption.objects.get()
    assert (option.portal, option.name, option.weekly_hours) == (own, "Heltid, 5 dager", 45)
    start = client.get(reverse("portal:start", args=[portal_kommune.kommunenummer])).content.decode()
    assert "Oppvekstkontoret, åpent 9–15" in start and 'href="tel:12345678"' in start
    assert "mailto:oppvekst@portal.kommune.no" in start and "https://portal.kommune.no/foreldrebetaling" in start


def test_a_kommune_admin_cannot_add_prices_to_another_kommunes_portal(client, portal_kommune, kommune_admin):
    other = PortalSettings.objects.create(municipality=factories.municipality("Annen kommune"), enabled=True)
    response = client.post(reverse("admin:portal_portalsettings_change", args=[other.pk]), {
        "municipality": other.municipality.pk, "enabled": "on", "acr": "idporten-loa-substantial",
        **_no_prices(**{"price_options-TOTAL_FORMS": "1", "price_options-0-service": "barnehage",
                        "price_options-0-name": "Gratis", "price_options-0-weekly_hours": "45",
                        "price_options-0-monthly_price": "0"})})
    assert response.status_code in (302, 403, 404)
    assert not PortalPriceOption.objects.exists()


def test_portal_demo_opens_the_demo_kommune_with_contact_and_a_price_list(db):
    from django.core.management import call_command

    kommune = factories.municipality("Demo kommune", orgno="910753614")
    for _ in range(2):  # safe to run again: one price list
        call_command("portal_demo", stdout=io.StringIO())
    portal = PortalSettings.objects.get(municipality=kommune)
    assert portal.enabled and portal.contact_phone
    assert sorted(portal.price_options.values_list("name", flat=True)) == ["Deltid, 3 dager", "Heltid, 5 dager"]
