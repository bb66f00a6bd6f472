"""The cache backends: Redis reuses one redis-py client per pool (also in a forked child); the database
backend runs each operation in a savepoint, so a failing cache never aborts the caller's transaction."""
import os

import pytest
from django.core.cache import cache, caches
from django.db import DatabaseError, transaction
from django.urls import reverse

from integrations import tables
from integrations.models import IncomeClassificationRule
from skattedeling.cache import DatabaseCache, RedisCache
from tests.views.conftest import make_ready

MISSING_TABLE = {"default": {"BACKEND": "skattedeling.cache.DatabaseCache", "LOCATION": "no_such_cache_table"}}


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


@pytest.fixture
def cache_table_missing(settings):
    """The quick start's ``dbcache://`` backend before ``createcachetable``: every cache query fails."""
    settings.CACHES = MISSING_TABLE
    assert isinstance(caches["default"], DatabaseCache)
    tables.forget_local_copy()
    yield
    tables.forget_local_copy()


@pytest.mark.django_db
def test_a_failing_database_cache_leaves_the_transaction_usable(cache_table_missing):
    with transaction.atomic():
        for operation in (lambda: cache.get("k"), lambda: cache.set("k", 1), lambda: cache.delete("k"),
                          lambda: cache.has_key("k"), lambda: cache.add("k", 1), lambda: cache.touch("k"),
                          lambda: cache.delete_many(["k", "l"]), lambda: cache.get_many(["k", "l"])):
            with pytest.raises(DatabaseError):
                operation()
        assert IncomeClassificationRule.objects.exists()  # «current transaction is aborted» without the savepoint


@pytest.mark.django_db
def test_the_classification_table_is_read_without_the_cache_inside_a_transaction(cache_table_missing):
    with transaction.atomic():
        assert tables.current_version() is None
        assert len(tables.classification_table()) > 0
        assert IncomeClassificationRule.objects.exists()


@pytest.mark.django_db
def test_the_case_page_renders_while_the_database_cache_fails(cache_table_missing, kommune, saksbehandler,
                                                               caseworker_client):
    """Seen in the page benchmark on a database without ``createcachetable``: the case page's income
    classification read the cache, the failure aborted the request's transaction, and the page was a 500."""
    from tests import factories

    case = make_ready(factories.case(kommune, user=saksbehandler))
    response = caseworker_client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
