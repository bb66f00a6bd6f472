"""One client implementation: the sans-IO wire core (skatteetaten/wire.py, policy.py) gives the same
replies and the same errors whether the sync transport (httpx.Client) or the async one
(httpx.AsyncClient) performs its effects. Each scenario is a script of answers from the wire contract
(docs/reference/skatteetaten-api.md § 4) played to both."""
import datetime as dt

import httpx
import pytest

from integrations.http import RetryPolicy
from integrations.skatteetaten.aio import AsyncSsgClient
from integrations.skatteetaten.client import SsgClient
from integrations.skatteetaten.errors import Kind
from integrations.skatteetaten.policy import tax_basis_steps
from integrations.tables import load_classification_table
from tests.integrations.conftest import FOUND
from tests.support.aio import run as run_coroutine

BASE = "https://ssg.example/v2"
RETRY = RetryPolicy(base_delay_s=0.001, max_delay_s=0.002, rate_limit_base_s=0.001)


def error(status, kode, melding="", headers=None):
    return httpx.Response(status, json={"kode": kode, "melding": melding, "korrelasjonsid": f"k-{kode}"},
                          headers=headers)


def found(year="2024"):
    return httpx.Response(200, json={"personidentifikator": FOUND, "inntektsaar": year, "skjermet": False,
                                     "grunnlag": [{"tekniskNavn": "samletLoennsinntektMedTrygdeavgiftspliktOgMed"
                                                                  "Trekkplikt", "beloep": 500000,
                                                   "kategori": "inntekt"}]}, headers={"korrelasjonsid": "k-200"})


class Tokens:
    def __init__(self):
        self.issued, self.invalidated = 0, []

    def _token(self):
        return f"t{self.issued}" if self.issued else self._next()

    def _next(self):
        self.issued += 1
        return f"t{self.issued}"

    def token(self):
        return self._token()

    def invalidate(self, value):
        self.invalidated.append(value)
        self._next()


class AsyncTokens(Tokens):
    async def token(self):  # noqa: D102 - the async face of the same fake
        return self._token()

    async def invalidate(self, value):
        Tokens.invalidate(self, value)


def script(answers):
    """A MockTransport handler that plays ``answers`` in order (an exception instance is raised)."""
    seen, pending = [], list(answers)

    def handler(request):
        seen.append((request.url.path, request.headers["Authorization"]))
        answer = pending.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler, seen


def run_sync(answers, steps_of):
    handler, seen = script(answers)
    tokens = Tokens()
    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        client = SsgClient(BASE, http, tokens, retry=RETRY)
        try:
            return client.run(steps_of(client.wire)), seen, tokens.invalidated
        except Exception as exc:
            return exc, seen, tokens.invalidated


def run_async(answers, steps_of):
    handler, seen = script(answers)
    tokens = AsyncTokens()

    async def main():
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            client = AsyncSsgClient(SsgClient(BASE, httpx.Client(), tokens, retry=RETRY).wire, http, tokens)
            try:
                return await client.run(steps_of(client.wire))
            except Exception as exc:
                return exc

    return run_coroutine(main()), seen, tokens.invalidated


def lookup(wire):
    return wire.lookup(stadie="oppgjoer", inntektsaar=2024, person_id=FOUND)


def described(outcome):
    """What a caller can see of a reply or an error (objects from two runs are not identical)."""
    if isinstance(outcome, Exception):
        return type(outcome).__name__, getattr(outcome, "code", ""), getattr(outcome, "korrelasjonsid", "")
    if hasattr(outcome, "outcome"):
        return outcome.outcome, outcome.stadie, outcome.tried, outcome.counted_income
    return outcome.stadie, outcome.body, outcome.error and outcome.error.kind, outcome.korrelasjonsid


SCENARIOS = {  # answers are built anew for each transport (a response is read once)
    "found": (lambda: [found()], ("oppgjoer", found().json(), None, "k-200")),
    "token refused once, renewed": (lambda: [error(401, "SSG-004"), found()],
                                    ("oppgjoer", found().json(), None, "k-200")),
    "no data is an outcome": (lambda: [error(404, "SSG-008")], ("oppgjoer", None, Kind.NO_DATA, "k-SSG-008")),
    "429 waits and retries": (lambda: [error(429, "", headers={"Retry-After": "0"}), found()],
                              ("oppgjoer", found().json(), None, "k-200")),
    "5xx three times is transient": (lambda: [error(500, "SSG-001") for _ in range(3)],
                                     ("SkatteetatenUnavailable", "skatteetaten_unavailable", "k-SSG-001")),
    "network errors are transient": (lambda: [httpx.ConnectError("refused") for _ in range(3)],
                                     ("SkatteetatenUnavailable", "skatteetaten_unavailable", "")),
    "access denied is permanent": (lambda: [error(403, "SSG-005")],
                                   ("SkatteetatenAccessDenied", "SSG-005", "k-SSG-005")),
    "token refused twice is permanent": (lambda: [error(401, "SSG-004") for _ in range(2)],
                                         ("SkatteetatenAuthError", "SSG-004", "k-SSG-004")),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_both_transports_answer_alike(name):
    answers, expected = SCENARIOS[name]
    sync_outcome, sync_seen, sync_invalidated = run_sync(answers(), lookup)
    async_outcome, async_seen, async_invalidated = run_async(answers(), lookup)
    assert described(sync_outcome) == described(async_outcome) == expected
    assert sync_seen == async_seen  # the same requests, with the same tokens
    assert sync_invalidated == async_invalidated
    assert sync_seen[0][0] == f"/v2/oppgjoer/kommuneforeldrebetaling/2024/{FOUND}"


def test_a_renewed_token_is_sent_after_ssg_004():
    _outcome, seen, invalidated = run_async([error(401, "SSG-004"), found()], lookup)
    assert invalidated == ["t1"] and [auth for _path, auth in seen] == ["Bearer t1", "Bearer t2"]


@pytest.mark.django_db
def test_the_stadie_and_year_policy_runs_unchanged_on_both():
    table = load_classification_table()

    def steps(wire):
        return tax_basis_steps(wire, person_id=FOUND, years=[2024, 2023], table=lambda: table,
                               now=lambda: dt.datetime(2025, 9, 1, tzinfo=dt.UTC))

    def answers():
        return [error(404, "SSG-008"), error(404, "SSG-008"), error(404, "SSG-008"), found("2023")]

    sync_outcome, sync_seen, _ = run_sync(answers(), steps)
    async_outcome, async_seen, _ = run_async(answers(), steps)
    assert described(sync_outcome) == described(async_outcome)
    assert sync_outcome.tried == ("2024/oppgjoer:SSG-008", "2024/utkast:SSG-008", "2023/oppgjoer:SSG-008",
                                  "2023/utkast:200")
    assert (sync_outcome.outcome, sync_outcome.stadie, sync_outcome.inntektsaar) == ("found", "utkast", 2023)
    assert sync_seen == async_seen


def test_an_unknown_effect_is_refused():
    with httpx.Client() as http, pytest.raises(TypeError):
        SsgClient(BASE, http, Tokens()).perform(object())
