"""HTTP routes of the simulator's ID-porten provider (idporten.py): ``/idporten/...`` and ``/_simulator/idporten/...``.

server.py calls ``handle(handler, method, path, body)``; it returns False for paths it does not own. The
authorize page is a plain HTML form: pick a test person and the assurance level used, continue.
Control endpoints (not part of ID-porten): ``clients`` (register, with ``jwks`` for private_key_jwt),
``next-id-token`` (tamper with the next ID token), ``reset``, and ``frontchannel-logout`` (the URL
ID-porten would load to log a client's session out; body ``{"sid": ...}``).
"""

from __future__ import annotations

import html
from typing import Any

from .idporten import LEVELS, LOA_HIGH, IdportenProvider
from .oidc_http import _json, _json_body, _send, authorize_flow, lazy_provider, route_common, serve

ISSUER_PATH = "/idporten"
CONTROL_PATH = "/_simulator/idporten"
_AUTHORIZE_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
                     "code_challenge_method", "acr_values", "ui_locales", "prompt", "onbehalfof")
_LEVEL_TEXT = {"idporten-loa-substantial": "MinID (betydelig, idporten-loa-substantial)",
               "idporten-loa-high": "BankID (høyt, idporten-loa-high)"}
provider_for = lazy_provider("idporten", IdportenProvider)


def handle(handler: Any, method: str, path: str, body: bytes = b"") -> bool:
    return serve(handler, method, path, body, issuer_path=ISSUER_PATH, control_path=CONTROL_PATH,
                 provider=provider_for, route=_route, label="idporten")


def _route(handler: Any, provider: IdportenProvider, method: str, path: str, query: dict[str, str],
           body: bytes) -> None:
    if route_common(handler, provider, method, path, query, body, issuer_path=ISSUER_PATH,
                    control_path=CONTROL_PATH, authorize=_authorize,
                    logged_out="<p>Du er logget ut av ID-porten (simulert).</p>"):
        return
    if method == "POST" and path == CONTROL_PATH + "/frontchannel-logout":
        _json(handler, 200, {"url": provider.frontchannel_logout_url(str(_json_body(body).get("sid", "")))})
    elif method == "GET" and path == CONTROL_PATH + "/sessions":
        _json(handler, 200, {"active": provider.active_sessions()})
    else:
        _send(handler, 404, b"404 NOT FOUND\n", "text/plain; charset=utf-8", "idporten")


def _authorize(handler: Any, provider: IdportenProvider, params: dict[str, str], method: str) -> None:
    authorize_flow(handler, provider, params, method, title="ID-porten (simulert)", page=_form_page,
                   choice=lambda form: form.get("level", ""))


def _form_page(provider: IdportenProvider, request: Any, params: dict[str, str]) -> str:
    hidden = "".join(f'<input type="hidden" name="{name}" value="{html.escape(params[name])}">'
                     for name in _AUTHORIZE_PARAMS if name in params)
    people = "".join(
        f'<p><label><input type="radio" name="user" value="{c.key}"{" checked" if i == 0 else ""}> '
        f"{html.escape(c.name)}</label></p>"
        for i, c in enumerate(provider.users.values()))
    asked = provider.asked_level(request)
    levels = "".join(
        f'<p><label><input type="radio" name="level" value="{lvl}"{" checked" if lvl == asked else ""}> '
        f"{html.escape(_LEVEL_TEXT[lvl])}</label></p>" for lvl in LEVELS)
    onbehalf = (f"<p>På vegne av: <strong>{html.escape(request.onbehalfof)}</strong></p>"
                if request.onbehalfof else "")
    return (
        f"<p>Simulert ID-porten for tjenesten <strong>{html.escape(request.client_id)}</strong>.</p>{onbehalf}"
        f"<p>Tjenesten ber om sikkerhetsnivå: {html.escape(request.acr_values or 'idporten-loa-substantial')}"
        f" · språk: {html.escape(request.ui_locales)}</p>"
        f'<form method="post" action="{ISSUER_PATH}/authorize">{hidden}'
        f"<fieldset><legend>Velg testperson</legend>{people}</fieldset>"
        f"<fieldset><legend>Logg inn med</legend>{levels}</fieldset>"
        '<button type="submit" name="action" value="login">Logg inn</button> '
        '<button type="submit" name="action" value="cancel">Avbryt</button></form>'
    )


__all__ = ["handle", "provider_for", "LOA_HIGH"]
