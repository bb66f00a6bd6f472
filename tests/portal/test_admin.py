"""A kommune administrator turns only their own kommune's portal on or off."""
import pytest
from django.urls import reverse

from cases.constants import Role
from portal.models import PortalSettings
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
        "municipality": portal_kommune.pk, "acr": "idporten-loa-high", "onbehalfof": "", "contact_text": ""})
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
