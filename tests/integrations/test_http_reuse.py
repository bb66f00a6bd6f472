"""One HTTP client and one SSL context per process: reused by every lookup, rebuilt in a forked child."""
import json
import os
import threading

import httpx
import pytest

from integrations import http
from integrations.service import get_tax_basis
from tests.integrations.conftest import FOUND, UTKAST_ONLY
from tests.support.simulator import DEMO_KOMMUNE


@pytest.fixture
def fresh_state():
    """Start from an empty per-process state; close what the test built (the session's clients stay)."""
    saved = http._state
    http._state = http._PerProcess()
    yield http._state
    for client in http._state.clients.values():
        client.close()
    http._state = saved


@pytest.fixture
def counted(monkeypatch):
    """Count new clients and new SSL contexts."""
    counts = {"clients": 0, "ssl_contexts": 0}
    build, create = http.build_http_client, httpx.create_ssl_context

    def counting_build(**kwargs):
        counts["clients"] += 1
        return build(**kwargs)

    def counting_create(*args, **kwargs):
        counts["ssl_contexts"] += 1
        return create(*args, **kwargs)

    monkeypatch.setattr(http, "build_http_client", counting_build)
    monkeypatch.setattr(httpx, "create_ssl_context", counting_create)
    return counts


def pool_context(client: httpx.Client):
    return client._transport._pool._ssl_context


def test_one_client_and_one_ssl_context_per_process(fresh_state):
    client = http.shared_http_client(timeout_s=5)
    assert http.shared_http_client(timeout_s=5) is client
    assert http.shared_http_client(timeout_s=5.0) is client
    assert pool_context(client) is http.shared_ssl_context()
    other = http.shared_http_client(timeout_s=7)  # another configuration: its own pool, the same context
    assert other is not client
    assert pool_context(other) is pool_context(client)
    assert client.follow_redirects is False and other.follow_redirects is False
    assert client.headers["User-Agent"] == http.USER_AGENT
    assert client.trust_env is True


def test_a_fresh_client_still_shares_the_ssl_context(fresh_state):
    with http.build_http_client(timeout_s=5) as client:
        assert pool_context(client) is http.shared_ssl_context()


@pytest.mark.django_db
def test_every_lookup_reuses_the_process_client(env_config, sim, fresh_state, counted):
    for person in (FOUND, UTKAST_ONLY, FOUND):
        assert get_tax_basis(orgno=DEMO_KOMMUNE, person_id=person, income_year=2024).outcome == "found"
    assert counted == {"clients": 1, "ssl_contexts": 1}
    (client,) = fresh_state.clients.values()
    assert not client.is_closed  # the lookups did not close the shared client


def test_threads_get_the_same_client(fresh_state, counted):
    barrier, seen, lock = threading.Barrier(8), [], threading.Lock()

    def work():
        barrier.wait()
        client = http.shared_http_client(timeout_s=5)
        with lock:
            seen.append(client)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(c) for c in seen}) == 1
    assert counted == {"clients": 1, "ssl_contexts": 1}


def test_ca_and_proxy_environment_are_honoured(fresh_state, monkeypatch):
    import certifi

    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
    plain_context, plain_client = http.shared_ssl_context(), http.shared_http_client(timeout_s=5)
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    assert http.shared_ssl_context() is not plain_context
    assert http.shared_http_client(timeout_s=5) is not plain_client
    monkeypatch.delenv("SSL_CERT_FILE")
    assert http.shared_http_client(timeout_s=5) is plain_client
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    proxied = http.shared_http_client(timeout_s=5)
    assert proxied is not plain_client
    assert any(key.pattern == "https://" for key in proxied._mounts)  # httpx read the proxy (trust_env)


def test_a_changed_pid_gets_a_new_client_and_leaves_the_old_open(fresh_state, monkeypatch, counted):
    parent_client = http.shared_http_client(timeout_s=5)
    parent_context = http.shared_ssl_context()
    child_pid = fresh_state.pid + 1
    monkeypatch.setattr(os, "getpid", lambda: child_pid)
    child_client = http.shared_http_client(timeout_s=5)
    assert child_client is not parent_client
    assert http.shared_ssl_context() is not parent_context
    assert not parent_client.is_closed  # the "child" never closes the parent's sockets
    assert parent_client in http._inherited
    http._inherited.remove(parent_client)
    parent_client.close()
    assert counted == {"clients": 2, "ssl_contexts": 2}


def test_a_forked_child_builds_its_own_client(sim, fresh_state):
    """Real fork: the child gets a new client and pool; the parent's keep-alive connection survives."""
    health = f"{sim.base_url}/_simulator/health"
    parent = http.shared_http_client(timeout_s=5)
    assert parent.get(health).status_code == 200
    parent_connections = list(parent._transport._pool.connections)
    assert parent_connections, "the parent keeps its connection alive"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, never return into pytest
        try:
            child = http.shared_http_client(timeout_s=5)
            report = {
                "same_client": child is parent,
                "same_context": pool_context(child) is pool_context(parent),
                "parent_inherited": parent in http._inherited,
                "status": child.get(health).status_code,
            }
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            report = {"error": repr(exc)}
        os.write(write, json.dumps(report).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        report = json.loads(pipe.read())
    os.waitpid(pid, 0)
    assert report == {"same_client": False, "same_context": False, "parent_inherited": True, "status": 200}
    assert http.shared_http_client(timeout_s=5) is parent
    assert parent.get(health).status_code == 200
    assert parent._transport._pool.connections == parent_connections  # the same connection, reused
