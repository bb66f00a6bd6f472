"""The Summert skattegrunnlag client on its own: the request it sends, and SSG-004 handling."""
import httpx
import pytest

from integrations.errors import SkatteetatenAuthError
from integrations.http import RetryPolicy
from integrations.skatteetaten.client import SsgClient
from tests.integrations.conftest import FOUND

pytestmark = pytest.mark.integration


class StaticTokens:
    def __init__(self, value):
        self.value, self.invalidated, self.requests = value, [], 0

    def token(self):
        self.requests += 1
        return self.value

    def invalidate(self, value):
        self.invalidated.append(value)


def test_request_shape_follows_the_wire_contract():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json={"inntektsaar": "2024", "grunnlag": []})

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        client = SsgClient("https://ssg.example/v2/", http, StaticTokens("abc"))
        reply = client.get(stadie="utkast", inntektsaar=2024, person_id=FOUND)
    (request,) = seen
    assert request.method == "GET"
    assert str(request.url) == f"https://ssg.example/v2/utkast/kommuneforeldrebetaling/2024/{FOUND}"
    assert request.headers["Authorization"] == "Bearer abc"
    assert request.headers["Accept"] == "application/json"
    assert request.url.query == b""
    assert reply.body == {"inntektsaar": "2024", "grunnlag": []}


@pytest.mark.parametrize("stadie", ["fastsatt", "OPPGJOER", ""])
def test_only_the_two_stadier_of_the_package(stadie):
    with httpx.Client() as http:
        with pytest.raises(ValueError):
            SsgClient("https://ssg.example/v2", http, StaticTokens("x")).get(
                stadie=stadie, inntektsaar=2024, person_id=FOUND)


def test_token_refused_twice_is_a_permanent_configuration_error(sim):
    """Against the simulator: a token Skatteetaten does not accept → renew once → still 401 → permanent."""
    tokens = StaticTokens("not-a-maskinporten-token")
    with httpx.Client(timeout=5) as http:
        client = SsgClient(sim.ssg_base_url, http, tokens, retry=RetryPolicy(base_delay_s=0.01))
        with pytest.raises(SkatteetatenAuthError) as info:
            client.get(stadie="oppgjoer", inntektsaar=2024, person_id=FOUND)
    assert tokens.invalidated == ["not-a-maskinporten-token"]  # exactly one renewal
    assert info.value.code == "SSG-004" and info.value.korrelasjonsid
    assert sim.stats()["ssg_responses_by_status"] == {"401": 2}
