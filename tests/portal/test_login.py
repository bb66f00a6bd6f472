"""Parents' ID-porten login against the simulator's ID-porten (real HTTP, its own process): private_key_jwt,
PKCE/state/nonce (accounts.oidc), ``acr`` checked against the kommune's level, ``pid`` as the person,
``onbehalfof`` sent and checked, ``ui_locales`` from the chosen language, logout through end_session, and
front-channel logout started by ID-porten."""
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.conf import settings
from django.urls import reverse

from portal import idporten as rp
from portal.sessions import PARENT_KEY
from tests.support import idporten as idp

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
CLIENT = "skattedeling-portal-test"


@pytest.fixture
def idporten(settings, simulator, portal_kommune, tmp_path):
    key = idp.new_key()
    key_file = tmp_path / "idporten-client.pem"
    key_file.write_bytes(idp.key_pem(key))
    kn = portal_kommune.kommunenummer
    idp.reset(simulator)
    idp.register_client(simulator, CLIENT, [f"http://testserver/innbygger/{kn}/logg-inn/callback/"], key=key,
                        post_logout_redirect_uris=[f"http://testserver/innbygger/{kn}/logget-ut/"],
                        frontchannel_logout_uri="http://testserver/innbygger/frontchannel-logout/")
    settings.IDPORTEN_ISSUER = idp.issuer(simulator)
    settings.IDPORTEN_CLIENT_ID = CLIENT
    settings.IDPORTEN_CLIENT_KEY_FILE = str(key_file)
    settings.IDPORTEN_CLIENT_KEY_ID = "test-key"
    rp.forget_client()
    yield simulator
    idp.reset(simulator)
    rp.forget_client()


def _login(client, kommune, *, person="h2-1", level="idporten-loa-substantial", language=None):
    kn = kommune.kommunenummer
    if language:
        client.post(reverse("portal:language", args=[kn]), {"language": language})
    start = client.get(reverse("portal:login", args=[kn]))
    assert start.status_code == 302, start.content
    authorize = start["Location"]
    answer = idp.login_at_idporten(authorize, person=person, level=level)
    callback = urlsplit(answer["_location"])
    return authorize, client.get(f"{callback.path}?{callback.query}")


def test_login_with_private_key_jwt_makes_the_pid_the_parent(client, portal_kommune, idporten):
    authorize, response = _login(client, portal_kommune, language="nn")
    query = parse_qs(urlsplit(authorize).query)
    assert query["acr_values"] == ["idporten-loa-substantial"] and query["ui_locales"] == ["nn"]
    assert query["code_challenge_method"] == ["S256"] and query["state"] and query["nonce"]
    assert response.status_code == 302 and response["Location"].endswith("/saker/")
    assert settings.SESSION_COOKIE_NAME not in client.cookies  # no staff session was created
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Sakene mine" in page.content.decode()  # nynorsk, chosen before login
    from django.contrib.sessions.backends.db import SessionStore

    stored = SessionStore(client.cookies[settings.PORTAL_SESSION_COOKIE_NAME].value).load()
    assert stored[PARENT_KEY]["pid"] == idp.PIDS["h2-1"] and "_auth_user_id" not in stored


def test_a_lower_acr_than_the_kommune_requires_is_refused(client, portal_kommune, idporten):
    portal_kommune.portal_settings.acr = "idporten-loa-high"
    portal_kommune.portal_settings.save()
    authorize, response = _login(client, portal_kommune, level="idporten-loa-substantial")
    assert parse_qs(urlsplit(authorize).query)["acr_values"] == ["idporten-loa-high"]
    assert response.status_code == 403 and b'data-reason="acr_too_low"' in response.content
    assert client.get(reverse("portal:cases", args=[portal_kommune.kommunenummer])).status_code == 302
    _authorize, ok = _login(client, portal_kommune, level="idporten-loa-high")
    assert ok.status_code == 302 and ok["Location"].endswith("/saker/")


def test_a_login_without_pid_is_refused(client, portal_kommune, idporten):
    _authorize, response = _login(client, portal_kommune, person="eidas")
    assert response.status_code == 403 and b'data-reason="pid_missing"' in response.content


@pytest.mark.parametrize("tamper", [{"claims": {"aud": "another-client"}}, {"claims": {"nonce": "other"}},
                                    {"exp_offset_s": -3600}, {"claims": {"iss": "https://idporten.no"}}])
def test_a_tampered_id_token_is_refused(client, portal_kommune, idporten, tamper):
    idp.tamper_next_id_token(idporten, **tamper)
    _authorize, response = _login(client, portal_kommune)
    assert response.status_code == 403 and b'data-reason="token_invalid"' in response.content


def test_onbehalfof_is_sent_and_checked(client, portal_kommune, idporten):
    portal_kommune.portal_settings.onbehalfof = "portalkommune-barnehage"
    portal_kommune.portal_settings.save()
    authorize, response = _login(client, portal_kommune)
    assert parse_qs(urlsplit(authorize).query)["onbehalfof"] == ["portalkommune-barnehage"]
    assert response.status_code == 302
    idp.tamper_next_id_token(idporten, claims={"onbehalfof": "another-kommune"})
    _authorize, refused = _login(client, portal_kommune)
    assert refused.status_code == 403 and b'data-reason="wrong_onbehalfof"' in refused.content


def test_a_callback_with_a_foreign_state_is_refused(client, portal_kommune, idporten):
    kn = portal_kommune.kommunenummer
    response = client.get(reverse("portal:callback", args=[kn]), {"code": "x", "state": "not-ours"})
    assert response.status_code == 400


def test_logout_ends_the_idporten_session_too(client, portal_kommune, idporten):
    _login(client, portal_kommune)
    assert httpx.get(f"{idporten.base_url}/_simulator/idporten/sessions").json()["active"] == 1
    response = client.post(reverse("portal:logout", args=[portal_kommune.kommunenummer]))
    assert response.status_code == 200
    url = response.context["url"]
    assert url.startswith(idp.issuer(idporten) + "/endsession") and "id_token_hint=" in url
    back = httpx.get(url)
    assert back.status_code == 302 and urlsplit(back.headers["location"]).path == (
        f"/innbygger/{portal_kommune.kommunenummer}/logget-ut/")
    assert httpx.get(f"{idporten.base_url}/_simulator/idporten/sessions").json()["active"] == 0
    assert client.get(reverse("portal:cases", args=[portal_kommune.kommunenummer])).status_code == 302


def test_frontchannel_logout_from_idporten_ends_the_session(client, portal_kommune, idporten):
    _login(client, portal_kommune)
    from django.contrib.sessions.backends.db import SessionStore

    sid = SessionStore(client.cookies[settings.PORTAL_SESSION_COOKIE_NAME].value).load()[PARENT_KEY]["sid"]
    url = urlsplit(idp.frontchannel_logout_url(idporten, sid))
    other = client.__class__()  # the iframe need not carry our cookie
    assert other.get(f"{url.path}?iss=https://evil.example&sid={sid}").status_code == 400
    response = other.get(f"{url.path}?{url.query}")
    assert response.status_code == 200 and "X-Frame-Options" not in response
    assert client.get(reverse("portal:cases", args=[portal_kommune.kommunenummer])).status_code == 302
