"""Staff login through an OIDC provider (the simulator, over real HTTP): the callback logs in only when the
state, the ID token (signature, iss, aud, exp, nonce), the identity mapping, the kommune and the MFA/acr
requirements all hold; every refusal is a clear Norwegian page and leaves the browser logged out."""
from urllib.parse import parse_qs, urlsplit

import pytest

from accounts.models import MunicipalityLoginPolicy, StaffIdentity
from accounts.views import ID_TOKEN_KEY
from cases.constants import Role
from cases.models import AuditEvent
from tests import factories
from tests.support import oidc

pytestmark = pytest.mark.integration


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def refused(response, reason, status=403):
    assert response.status_code == status, response.content[:500]
    assert f'data-reason="{reason}"' in response.content.decode()
    return response.content.decode()


def test_authorize_request_carries_pkce_state_nonce(client, identity, flow, simulator):
    url = flow.start()
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(oidc.issuer(simulator) + "/authorize?")
    assert params["response_type"] == "code" and params["client_id"] == "skattedeling-test"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
    assert params["state"] and params["nonce"] and "openid" in params["scope"].split()
    assert params["redirect_uri"] == "http://testserver/logg-inn/oidc/sim/callback/"


def test_happy_path_logs_in_and_lands_on_the_work_queue(client, identity, flow, saksbehandler):
    response = flow.login(user="saksbehandler", mfa=True)
    assert response.status_code == 302 and response["Location"] == "/saker/"
    assert logged_in_user_id(client) == str(saksbehandler.pk)
    assert client.get("/saker/").status_code == 200
    identity.refresh_from_db()
    assert identity.last_login_at is not None
    assert AuditEvent.objects.count() == 0


def test_next_is_kept_but_only_on_this_site(client, identity, flow):
    assert flow.login(next_url="/fornyelse/")["Location"] == "/fornyelse/"
    client.logout()
    assert flow.login(next_url="https://evil.example/")["Location"] == "/saker/"


def test_pairwise_sub_works_when_configured(client, idp, flow, saksbehandler):
    from integrations.simulator.oidc import pairwise_sub

    idp.subject_claim = "sub"
    idp.save()
    StaffIdentity.objects.create(user=saksbehandler, issuer=idp.issuer,
                                 subject=pairwise_sub("skattedeling-test", oidc.TEST_OIDS["saksbehandler"]))
    assert flow.login()["Location"] == "/saker/"
    assert logged_in_user_id(client) == str(saksbehandler.pk)


def test_state_mismatch_is_refused(client, identity, flow):
    answer = flow.at_idp(flow.start())
    answer["state"] = "forged-state"
    refused(flow.callback(answer), "state_mismatch", status=400)
    assert logged_in_user_id(client) is None


def test_a_callback_from_another_browser_session_is_refused(client, identity, flow, django_user_model):
    from django.test import Client

    answer = flow.at_idp(flow.start())
    victim = Client()
    victim_flow = type(flow)(victim)
    refused(victim_flow.callback(answer), "state_mismatch", status=400)
    assert victim.session.get("_auth_user_id") is None


def test_a_code_cannot_be_replayed(client, identity, flow):
    answer = flow.at_idp(flow.start())
    assert flow.callback(answer).status_code == 302
    client.logout()
    refused(flow.callback(answer), "state_mismatch", status=400)


@pytest.mark.parametrize("tamper", [
    {"claims": {"nonce": "another-nonce"}},
    {"drop": ["nonce"]},
    {"claims": {"aud": "another-client"}},
    {"claims": {"iss": "https://evil.example/oidc"}},
    {"exp_offset_s": -3600},
    {"claims": {"at_hash": "AAAAAAAAAAAAAAAAAAAAAA"}},
], ids=["nonce-mismatch", "nonce-missing", "wrong-aud", "wrong-iss", "expired", "bad-at-hash"])
def test_invalid_id_tokens_are_refused(client, identity, flow, simulator, tamper):
    authorize = flow.start()
    oidc.tamper_next_id_token(simulator, **tamper)
    refused(flow.callback(flow.at_idp(authorize)), "token_invalid")
    assert logged_in_user_id(client) is None


def test_wrong_iss_in_the_authorization_response_is_refused(client, identity, flow):
    answer = flow.at_idp(flow.start())
    answer["iss"] = "https://evil.example/oidc"
    refused(flow.callback(answer), "token_invalid")


def test_unknown_subject_is_refused_and_shown_for_the_administrator(client, identity, flow):
    html = refused(flow.login(user="ukjent"), "unknown_subject")
    assert oidc.TEST_OIDS["ukjent"] in html and "Be kommunens administrator om tilgang" in html
    assert logged_in_user_id(client) is None


def test_email_alone_never_maps_a_user(client, idp, flow, saksbehandler):
    saksbehandler.email = "saksbehandler@demo.kommune.no"  # the e-mail the IdP sends
    saksbehandler.save()
    refused(flow.login(user="saksbehandler"), "unknown_subject")


def test_identity_at_another_issuer_does_not_count(client, idp, flow, saksbehandler):
    StaffIdentity.objects.create(user=saksbehandler, issuer="https://other-idp.example/",
                                 subject=oidc.TEST_OIDS["saksbehandler"])
    refused(flow.login(), "unknown_subject")


def test_mfa_required_by_the_provider(client, identity, flow, idp):
    idp.require_mfa = True
    idp.save()
    refused(flow.login(mfa=False), "mfa_required")
    assert logged_in_user_id(client) is None
    assert flow.login(mfa=True).status_code == 302


def test_mfa_required_by_the_kommune(client, identity, flow, kommune):
    assert flow.login(mfa=False).status_code == 302  # no requirement yet
    client.logout()
    MunicipalityLoginPolicy.objects.create(municipality=kommune, require_mfa=True)
    refused(flow.login(mfa=False), "mfa_required")
    assert flow.login(mfa=True).status_code == 302


def test_mfa_can_be_shown_by_acr(client, identity, flow, idp):
    idp.require_mfa = True
    idp.mfa_amr_values = "hwk"  # amr alone will not do
    idp.mfa_acr_values = "high"
    idp.save()
    assert flow.login(mfa=True).status_code == 302
    client.logout()
    refused(flow.login(mfa=False), "mfa_required")


def test_required_acr_is_requested_and_checked(client, identity, flow, idp):
    idp.acr_values = "high"
    idp.save()
    url = flow.start()
    assert parse_qs(urlsplit(url).query)["acr_values"] == ["high"]
    refused(flow.callback(flow.at_idp(url, mfa=False)), "acr_too_low")
    assert flow.login(mfa=True).status_code == 302


def test_provider_serving_other_kommuner_refuses(client, identity, flow, idp, other_kommune):
    idp.municipalities.set([other_kommune])
    refused(flow.login(), "not_served")


def test_inactive_user_is_refused(client, identity, flow, saksbehandler):
    saksbehandler.is_active = False
    saksbehandler.save()
    refused(flow.login(), "inactive_user")


def test_cancel_at_the_idp(client, identity, flow):
    refused(flow.login(action="cancel"), "cancelled")


def test_missing_secret_is_a_clear_refusal(client, identity, flow, monkeypatch):
    from tests.auth.conftest import SECRET_VAR

    monkeypatch.delenv(SECRET_VAR)
    response = client.get("/logg-inn/oidc/sim/")
    refused(response, "provider_unavailable")
    assert SECRET_VAR not in response.content.decode()


def test_wrong_secret_is_refused_by_the_idp(client, identity, flow, monkeypatch):
    from accounts import oidc as rp
    from tests.auth.conftest import SECRET_VAR

    authorize = flow.start()
    monkeypatch.setenv(SECRET_VAR, "a-wrong-secret-0123456789")
    rp.forget_clients()
    refused(flow.callback(flow.at_idp(authorize)), "idp_error")


def test_disabled_provider_is_not_offered_and_not_usable(client, identity, flow, idp):
    assert "Logg inn med Testkommunens innlogging" in client.get("/logg-inn/").content.decode()
    idp.enabled = False
    idp.save()
    assert "Logg inn med" not in client.get("/logg-inn/").content.decode()
    assert client.get("/logg-inn/oidc/sim/").status_code == 404


def test_other_kommune_user_with_identity_cannot_use_this_provider(client, idp, flow, other_kommune):
    stranger = factories.staff("fremmed", other_kommune, Role.SAKSBEHANDLER)
    StaffIdentity.objects.create(user=stranger, issuer=idp.issuer, subject=oidc.TEST_OIDS["godkjenner"])
    refused(flow.login(user="godkjenner"), "not_served")


def test_logout_ends_the_idp_session_too(client, identity, flow):
    flow.login()
    assert client.session.get(ID_TOKEN_KEY)
    response = client.post("/logg-ut/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'http-equiv="refresh"' in html and "/oidc/endsession?" in html and "id_token_hint=" in html
    assert logged_in_user_id(client) is None


def test_an_unreachable_provider_is_a_clear_refusal(client, identity, idp):
    idp.issuer = "http://127.0.0.1:9/oidc"  # nothing listens on the discard port
    idp.save()
    refused(client.get("/logg-inn/oidc/sim/"), "provider_unavailable")
