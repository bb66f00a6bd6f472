"""Ask Maskinporten for an access token: POST a fresh JWT grant, map the answer to a token or an error.

- The token endpoint is the issuer + ``token`` (docs/reference/contracts/integration.md); the request is form-encoded
  ``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`` and ``assertion=<grant>``.
- 5xx, 429 and network errors are retried with capped exponential backoff, with a NEW grant for every
  attempt (a grant is single-use). After the last attempt: :class:`MaskinportenUnavailable`.
- Any 4xx with ``{error, error_description, error_uri}`` is a :class:`MaskinportenError` keeping
  the ``trace_id`` from the description and the ``MP-xxx`` code from ``error_uri``. A clock or replay
  complaint (MP-012, MP-130, "issue time …") is retried once with a new grant, then raised.
- The assertion and the access token are never logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import httpx

from integrations.errors import MaskinportenError, MaskinportenUnavailable
from integrations.http import RetryPolicy, describe_transport_error
from integrations.maskinporten.credentials import SigningCredentials
from integrations.maskinporten.grant import GrantParameters, build_grant

logger = logging.getLogger(__name__)

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
_TRACE_ID = re.compile(r"(?:trace_id|correlation id)\s*[:=]\s*([0-9A-Za-z-]+)", re.IGNORECASE)
_TRACE_NOTE = re.compile(r"\s*\((?:trace_id|correlation id)\s*[:=][^)]*\)", re.IGNORECASE)
_MP_CODE = re.compile(r"(MP-\d+)")
_CLOCK_OR_REPLAY = ("MP-012", "MP-130")


@dataclass(frozen=True)
class AccessToken:
    """A Maskinporten access token. Treat ``value`` as opaque; never log it."""

    value: str
    expires_in: int
    scope: str
    token_type: str = "Bearer"

    def __repr__(self) -> str:  # keeps the token out of tracebacks and debug output
        return f"AccessToken(expires_in={self.expires_in}, scope={self.scope!r})"


def token_endpoint(issuer: str) -> str:
    return issuer + "token"


def _error_from_response(response: httpx.Response) -> MaskinportenError:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {}
    error = str(body.get("error") or "")
    description = str(body.get("error_description") or "")
    error_uri = str(body.get("error_uri") or "")
    trace = _TRACE_ID.search(description)
    mp_code = _MP_CODE.search(error_uri) or _MP_CODE.search(description)
    code = mp_code.group(1) if mp_code else (error or f"HTTP {response.status_code}")
    detail = _TRACE_NOTE.sub("", description).strip() or error or response.text[:200] or "uten feilbeskrivelse"
    return MaskinportenError(
        f"Maskinporten avviste tokenforespørselen (HTTP {response.status_code}, {error or 'ukjent feil'}): "
        f"{detail}",
        code=code,
        trace_id=trace.group(1) if trace else "",
        status=response.status_code,
        error=error,
        error_description=description,
        error_uri=error_uri,
    )


def _is_clock_or_replay(error: MaskinportenError) -> bool:
    text = error.error_description.lower()
    return error.code in _CLOCK_OR_REPLAY or "issue time" in text or "used before" in text


class MaskinportenClient:
    """One Maskinporten client (issuer + client id + credentials). No caching here: see ``cache.py``."""

    def __init__(
        self,
        params: GrantParameters,
        credentials: SigningCredentials,
        http: httpx.Client,
        *,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.params = params
        self.credentials = credentials
        self.http = http
        self.retry = retry or RetryPolicy()

    def request_token(self) -> AccessToken:
        """One token request with retries. Raises MaskinportenError or MaskinportenUnavailable."""
        clock_retry_used = False
        last_problem = ""
        attempt = 0
        while True:
            try:
                response = self.http.post(
                    token_endpoint(self.params.issuer),
                    data={"grant_type": GRANT_TYPE, "assertion": build_grant(self.params, self.credentials)},
                    headers={"Accept": "application/json"},
                )
            except httpx.HTTPError as exc:
                last_problem = describe_transport_error(exc)
            else:
                if response.status_code == 200:
                    return self._parse_success(response)
                if response.status_code >= 500 or response.status_code == 429:
                    last_problem = f"HTTP {response.status_code}"
                else:
                    error = _error_from_response(response)
                    logger.warning(
                        "Maskinporten refused the grant: status=%s error=%s code=%s trace_id=%s "
                        "error_uri=%s client_id=%s consumer_org=%s",
                        response.status_code,
                        error.error,
                        error.code,
                        error.trace_id,
                        error.error_uri,
                        self.params.client_id,
                        self.params.consumer_org or "-",
                    )
                    if _is_clock_or_replay(error) and not clock_retry_used:
                        clock_retry_used = True
                        continue
                    raise error
            attempt += 1
            logger.warning(
                "Maskinporten attempt %s failed (%s); client_id=%s",
                attempt,
                last_problem,
                self.params.client_id,
            )
            if attempt >= self.retry.attempts:
                raise MaskinportenUnavailable(
                    f"Maskinporten svarer ikke ({last_problem}). Prøv igjen senere.",
                    code="maskinporten_unavailable",
                )
            self.retry.sleep(attempt - 1)

    def _parse_success(self, response: httpx.Response) -> AccessToken:
        try:
            body = response.json()
            value = str(body["access_token"])
            expires_in = int(body["expires_in"])
        except (ValueError, KeyError, TypeError):
            raise MaskinportenError(
                "Maskinporten svarte 200, men uten gyldig access_token/expires_in.",
                code="maskinporten_bad_response",
                status=200,
            ) from None
        token_type = str(body.get("token_type") or "Bearer")
        if token_type.lower() != "bearer" or not value or expires_in <= 0:
            raise MaskinportenError(
                f"Maskinporten svarte med et token vi ikke kan bruke (token_type={token_type}, "
                f"expires_in={expires_in}).",
                code="maskinporten_bad_response",
                status=200,
            )
        return AccessToken(
            value=value, expires_in=expires_in, scope=str(body.get("scope") or ""), token_type=token_type
        )
