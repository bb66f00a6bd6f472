"""HTTP routes of the simulator's staff OIDC provider (oidc.py): ``/oidc/...`` and ``/_simulator/oidc/...``.

server.py calls ``handle(handler, method, path, body)`` first; it returns False for paths it does not
own. The authorize page is a plain HTML form: pick a test user, tick whether MFA was used, continue.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from .oidc import OidcError, OidcProvider, RedirectUriError

ISSUER_PATH = "/oidc"
CONTROL_PATH = "/_simulator/oidc"
_AUTHORIZE_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                     "code_challenge", "code_challenge_method", "acr_values", "ui_locales", "prompt")


def lazy_provider(attribute: str, make: Callable[..., Any]) -> Callable[[Any], Any]:
    """``provider_for(app)``: the simulator process's provider in ``app.<attribute>``, made on first use from
    the app's base URL and state directory (one per process, shared by every request thread)."""
    lock = threading.Lock()

    def provider_for(app: Any) -> Any:
        with lock:
            provider = getattr(app, attribute, None)
            if provider is None:
                provider = make(base_url=app.base_url, state_dir=app.state_dir)
                setattr(app, attribute, provider)
            return provider
    return provider_for


provider_for = lazy_provider("oidc", OidcProvider)  # issuer = base URL + /oidc


def handle(handler: Any, method: str, path: str, body: bytes = b"") -> bool:
    """Serve the request if it belongs to the OIDC provider; False otherwise."""
    return serve(handler, method, path, body, issuer_path=ISSUER_PATH, control_path=CONTROL_PATH,
                 provider=provider_for, route=_route, label="oidc")


def serve(handler: Any, method: str, path: str, body: bytes, *, issuer_path: str, control_path: str,
          provider: Any, route: Any, label: str) -> bool:
    """Shared by the staff provider and ID-porten (idporten_http.py): ownership of the path, and OAuth
    errors as JSON answers."""
    if not (path == issuer_path or path.startswith(issuer_path + "/") or path.startswith(control_path + "/")):
        return False
    query = dict(parse_qsl(urlsplit(handler.path).query, keep_blank_values=True))
    try:
        route(handler, provider(handler.app), method, path, query, body)
    except OidcError as exc:
        headers = {"WWW-Authenticate": f'Bearer error="{exc.error}"'} if exc.error == "invalid_token" else {}
        if exc.error == "invalid_client" and handler.headers.get("Authorization", "").startswith("Basic "):
            headers = {"WWW-Authenticate": 'Basic realm="simulator"'}
        _json(handler, exc.status, exc.body(), f"{label} {exc.error}", headers)
    except ValueError as exc:
        _json(handler, 400, {"error": str(exc)}, f"{label} control error")
    return True


def _route(handler: Any, provider: OidcProvider, method: str, path: str, query: dict[str, str],
           body: bytes) -> None:
    if not route_common(handler, provider, method, path, query, body, issuer_path=ISSUER_PATH,
                        control_path=CONTROL_PATH, authorize=_authorize,
                        logged_out="<p>Du er logget ut av testpålogging.</p>"):
        _send(handler, 404, b"404 NOT FOUND\n", "text/plain; charset=utf-8", "oidc")


def route_common(handler: Any, provider: Any, method: str, path: str, query: dict[str, str], body: bytes, *,
                 issuer_path: str, control_path: str, authorize: Any, logged_out: str) -> bool:
    """The routes every simulated OpenID provider has; False when the path is none of them."""
    sub = path[len(issuer_path):] if path.startswith(issuer_path) else None
    if method == "GET" and sub == "/.well-known/openid-configuration":
        _json(handler, 200, provider.metadata())
    elif method == "GET" and sub == "/jwks":
        _json(handler, 200, provider.keys.jwks())
    elif sub == "/authorize":
        authorize(handler, provider, query if method == "GET" else _form(handler, body), method)
    elif method == "POST" and sub == "/token":
        if not handler.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            raise OidcError("invalid_request", "Content-Type must be application/x-www-form-urlencoded")
        result = provider.token(handler.headers.get("Authorization"), _form(handler, body))
        _json(handler, 200, result, "token issued", {"Pragma": "no-cache"})
    elif sub == "/userinfo" and method in ("GET", "POST"):
        _json(handler, 200, provider.userinfo(handler.headers.get("Authorization")))
    elif method == "GET" and sub == "/endsession":
        target = provider.end_session(query)
        if target:
            _redirect(handler, target)
        else:
            _html(handler, 200, "Logget ut", logged_out)
    elif method == "POST" and path == control_path + "/clients":
        _json(handler, 200, provider.register_client(_json_body(body)))
    elif method == "POST" and path == control_path + "/next-id-token":
        _json(handler, 200, provider.tamper_next_id_token(_json_body(body)))
    elif method == "POST" and path == control_path + "/reset":
        _json(handler, 200, provider.reset())
    else:
        return False
    return True


def _authorize(handler: Any, provider: OidcProvider, params: dict[str, str], method: str) -> None:
    authorize_flow(handler, provider, params, method, title="Testpålogging for ansatte", page=_form_page,
                   choice=lambda form: form.get("mfa") == "on")


def authorize_flow(handler: Any, provider: Any, params: dict[str, str], method: str, *, title: str, page: Any,
                   choice: Any) -> None:
    """The authorize endpoint of any simulated provider: check the request, show the login page (GET), or
    answer the client with a code or access_denied (POST). ``choice(form)`` is what the person chose
    besides the user (MFA for staff, the assurance level for ID-porten)."""
    try:
        request = provider.check_authorization_request(params)
    except RedirectUriError as exc:
        _html(handler, 400, "Feil i innloggingsforespørselen", f"<p>{html.escape(str(exc))}</p>")
        return
    except OidcError as exc:
        state = {"state": params["state"]} if params.get("state") else {}
        _redirect(handler, _with_query(params["redirect_uri"], {**exc.body(), **state, "iss": provider.issuer}))
        return
    if method == "GET":
        _html(handler, 200, title, page(provider, request, params))
        return
    if params.get("action") == "cancel":
        answer = {"error": "access_denied", "error_description": "the user cancelled"}
    else:
        code = provider.issue_code(request, params.get("user", ""), choice(params))
        answer = {"code": code}
    _redirect(handler, _with_query(request.redirect_uri, {**answer, "state": request.state, "iss": provider.issuer}))


def _form_page(provider: OidcProvider, request: Any, params: dict[str, str]) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(params[name])}">'
        for name in _AUTHORIZE_PARAMS if name in params
    )
    users = "".join(
        f'<p><label><input type="radio" name="user" value="{u.username}"{" checked" if i == 0 else ""}> '
        f"{html.escape(u.name)} ({u.username})</label></p>"
        for i, u in enumerate(provider.users.values())
    )
    asked = f"<p>Tjenesten ber om sikkerhetsnivå: {html.escape(request.acr_values)}</p>" if request.acr_values else ""
    return (
        f"<p>Simulert identitetsleverandør for <strong>{html.escape(request.client_id)}</strong>.</p>{asked}"
        f'<form method="post" action="{ISSUER_PATH}/authorize">{hidden}'
        f"<fieldset><legend>Velg testbruker</legend>{users}</fieldset>"
        '<p><label><input type="checkbox" name="mfa" checked> Brukte tofaktor (MFA)</label></p>'
        '<button type="submit" name="action" value="login">Fortsett</button> '
        '<button type="submit" name="action" value="cancel">Avbryt</button></form>'
    )


# --- plumbing -----------------------------------------------------------------------------------
def _form(handler: Any, body: bytes) -> dict[str, str]:
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body)))
    except (UnicodeDecodeError, ValueError) as exc:
        raise OidcError("invalid_request", "malformed form body") from exc


def _json_body(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body or b"{}")
    except json.JSONDecodeError as exc:
        raise ValueError("expected a JSON object") from exc
    if not isinstance(payload, dict):
        raise ValueError("expected a JSON object")
    return payload


def _with_query(url: str, params: dict[str, str]) -> str:
    return url + ("&" if urlsplit(url).query else "?") + urlencode(params)


def _send(handler: Any, status: int, body: bytes, content_type: str, note: str = "",
          headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Cache-Control", "no-store")
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
    handler._log(status, note)


def _json(handler: Any, status: int, payload: Any, note: str = "", headers: dict[str, str] | None = None) -> None:
    _send(handler, status, json.dumps(payload).encode(), "application/json", note, headers)


def _html(handler: Any, status: int, title: str, content: str) -> None:
    page = (f'<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head><body><h1>{html.escape(title)}</h1>{content}</body></html>")
    _send(handler, status, page.encode(), "text/html; charset=utf-8", "oidc page")


def _redirect(handler: Any, location: str) -> None:
    _send(handler, 302, b"", "text/plain; charset=utf-8", "oidc redirect", {"Location": location})
