"""The shared token cache: lifetime from expires_in, single flight, invalidation, shared failures."""
import threading
import time
import uuid

import pytest
import time_machine
from django.core.cache import cache

from integrations.errors import MaskinportenError
from integrations.maskinporten.cache import TokenCache, token_cache_key
from integrations.maskinporten.client import AccessToken


class Fetcher:
    def __init__(self, expires_in=120, delay=0.0, error=None):
        self.calls = 0
        self.expires_in, self.delay, self.error = expires_in, delay, error
        self.lock = threading.Lock()

    def __call__(self):
        with self.lock:
            self.calls += 1
            n = self.calls
        time.sleep(self.delay)
        if self.error:
            raise self.error
        return AccessToken(value=f"token-{n}", expires_in=self.expires_in, scope="s")


def new_cache(**kw):
    return TokenCache(cache, f"test:token:{uuid.uuid4().hex}", **kw)


def test_key_separates_environment_client_scope_and_consumer_org():
    base = dict(environment="test", issuer="https://test.maskinporten.no/", client_id="c", scope="a b",
                consumer_org="")
    keys = {token_cache_key(**base)}
    for change in ({"environment": "prod"}, {"client_id": "d"}, {"scope": "a"}, {"consumer_org": "910753614"}):
        keys.add(token_cache_key(**{**base, **change}))
    assert len(keys) == 5
    assert token_cache_key(**{**base, "scope": "b a"}) == token_cache_key(**base)  # sorted scope set


def test_many_threads_cause_one_token_request():
    tokens, fetch = new_cache(), Fetcher(delay=0.3)
    results = []

    def get():
        results.append(tokens.get(fetch))

    threads = [threading.Thread(target=get) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fetch.calls == 1
    assert results == ["token-1"] * 20


@pytest.mark.parametrize("expires_in, renewed_after_101_s", [(120, True), (600, False)])
def test_renewal_follows_expires_in(expires_in, renewed_after_101_s):
    tokens, fetch = new_cache(), Fetcher(expires_in=expires_in)
    assert tokens.get(fetch) == "token-1"
    assert tokens.get(fetch) == "token-1"
    with time_machine.travel(time.time() + 101, tick=True):
        second = tokens.get(fetch)
    assert (second == "token-2") is renewed_after_101_s


def test_invalidate_drops_only_the_token_that_failed():
    tokens, fetch = new_cache(), Fetcher()
    first = tokens.get(fetch)
    tokens.invalidate("some-older-token")
    assert tokens.get(fetch) == first
    tokens.invalidate(first)
    assert tokens.get(fetch) == "token-2"


def test_a_failed_renewal_is_shared_for_a_few_seconds():
    tokens = new_cache()
    failing = Fetcher(error=MaskinportenError("nei", code="MP-200", trace_id="t1"))
    with pytest.raises(MaskinportenError):
        tokens.get(failing)
    with pytest.raises(MaskinportenError) as info:
        tokens.get(failing)
    assert failing.calls == 1 and info.value.trace_id == "t1"


def test_a_lock_left_by_a_crashed_worker_expires():
    tokens, fetch = new_cache(lock_lease_s=1, wait_s=10), Fetcher()
    cache.add(tokens.lock_key, "crashed-worker", timeout=1)
    assert tokens.get(fetch) == "token-1"
    assert fetch.calls == 1
