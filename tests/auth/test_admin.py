"""Admin for staff login, from the attacker's side first: a kommune administrator cannot touch identity
providers, nor register a login identity for a user of another kommune, nor set another kommune's policy."""
import pytest

from accounts.models import IdentityProvider, MunicipalityLoginPolicy, StaffIdentity
from cases.constants import Role
from tests import factories

ISSUER = "https://login.microsoftonline.com/tenant/v2.0"


@pytest.fixture
def provider(db, kommune):
    p = IdentityProvider.objects.create(slug="entra", name="Entra", issuer=ISSUER, client_id="c",
                                        client_secret_env_var="SKATTEDELING_SECRET_ENTRA")
    p.municipalities.add(kommune)
    return p


def kommune_admin(username, kommune):
    user = factories.staff(username, kommune, Role.ADMINISTRATOR)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def admin_b(db, other_kommune):
    return kommune_admin("admin-b", other_kommune)


@pytest.fixture
def admin_a(db, kommune):
    return kommune_admin("admin-a", kommune)


def test_kommune_admin_cannot_see_or_change_identity_providers(client, admin_b, provider):
    client.force_login(admin_b)
    assert client.get("/admin/accounts/identityprovider/").status_code == 403
    assert client.get(f"/admin/accounts/identityprovider/{provider.pk}/change/").status_code == 403
    response = client.post("/admin/accounts/identityprovider/add/", {"slug": "evil", "name": "Evil"})
    assert response.status_code == 403 and not IdentityProvider.objects.filter(slug="evil").exists()


def test_other_kommune_admin_cannot_register_an_identity_for_our_user(client, admin_b, provider, saksbehandler):
    client.force_login(admin_b)
    response = client.post("/admin/accounts/staffidentity/add/",
                           {"user": saksbehandler.pk, "issuer": ISSUER, "subject": "attacker-oid"})
    assert response.status_code == 200  # the form again, with errors
    assert not StaffIdentity.objects.exists()


def test_other_kommune_admin_does_not_see_our_identities(client, admin_b, provider, saksbehandler):
    identity = StaffIdentity.objects.create(user=saksbehandler, issuer=ISSUER, subject="oid-1")
    client.force_login(admin_b)
    assert "oid-1" not in client.get("/admin/accounts/staffidentity/").content.decode()
    assert client.get(f"/admin/accounts/staffidentity/{identity.pk}/change/").status_code == 302  # not found


def test_kommune_admin_registers_an_identity_for_own_user(client, admin_a, provider, saksbehandler):
    client.force_login(admin_a)
    response = client.post("/admin/accounts/staffidentity/add/",
                           {"user": saksbehandler.pk, "issuer": ISSUER, "subject": "oid-1"})
    assert response.status_code == 302, response.content[:2000]
    assert StaffIdentity.objects.get().user == saksbehandler


def test_kommune_admin_cannot_give_a_superuser_a_login_identity(client, admin_a, provider, kommune):
    from cases.models import Membership, User

    operator = User.objects.create_superuser("drift", password="x")
    Membership.objects.create(user=operator, municipality=kommune, role=Role.SAKSBEHANDLER)
    client.force_login(admin_a)
    client.post("/admin/accounts/staffidentity/add/", {"user": operator.pk, "issuer": ISSUER, "subject": "mine"})
    assert not StaffIdentity.objects.exists()


def test_login_policy_only_for_own_kommune(client, admin_b, kommune, other_kommune):
    client.force_login(admin_b)
    client.post("/admin/accounts/municipalityloginpolicy/add/", {"municipality": kommune.pk, "require_mfa": "on"})
    assert not MunicipalityLoginPolicy.objects.filter(municipality=kommune).exists()
    response = client.post("/admin/accounts/municipalityloginpolicy/add/",
                           {"municipality": other_kommune.pk, "require_mfa": "on"})
    assert response.status_code == 302
    assert MunicipalityLoginPolicy.objects.filter(municipality=other_kommune).exists()


def test_saksbehandler_has_no_login_admin(client, saksbehandler):
    saksbehandler.is_staff = True
    saksbehandler.save()
    client.force_login(saksbehandler)
    assert client.get("/admin/accounts/staffidentity/").status_code == 403
