"""The Redis cache backend reuses one redis-py client per pool, and still works in a forked child."""
import os

from django.core.cache import caches

from skattedeling.cache import RedisCache


def test_settings_select_the_reusing_backend_and_it_reuses_its_client():
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
    cache.set("backend-test", 41)
    assert cache.incr("backend-test") == 42


def test_a_forked_child_gets_fresh_connections_through_the_same_client():
    cache = caches["default"]
    cache.set("fork-test", "parent")
    pid = os.fork()
    if pid == 0:  # child: the pool notices the new pid and opens its own connection
        try:
            ok = cache.get("fork-test") == "parent"
            cache.set("fork-test", "child")
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert cache.get("fork-test") == "child"
