"""docker-compose.yml is hardened (issue 10, item 9). Docker cannot run here, so the file is parsed and its
properties asserted: web only behind the TLS proxy, the forwarded-proto trust explained, no default secret,
a Redis password carried by every Redis URL."""
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "fetcher", "beat")
SECRET = re.compile(r"PASSWORD|SECRET|_KEY$")


def test_only_the_proxy_publishes_ports():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    assert sorted(SERVICES["proxy"]["ports"]) == ["443:443", "80:80"]
    assert SERVICES["web"]["expose"] == ["8000"]


def test_proxy_forwards_to_web_and_overwrites_the_forwarded_proto():
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in SERVICES["proxy"]["volumes"]
    assert "reverse_proxy web:8000" in caddyfile
    assert "header_up X-Forwarded-Proto {scheme}" in caddyfile
    # The trust is stated where it is configured.
    assert "X-Forwarded-Proto" in COMPOSE_TEXT and "SECURE_PROXY_SSL_HEADER" in COMPOSE_TEXT


def test_web_shares_a_network_with_the_proxy_and_databases_are_internal():
    assert set(SERVICES["proxy"]["networks"]) == {"frontend"}
    assert "frontend" in SERVICES["web"]["networks"]
    assert COMPOSE["networks"]["backend"]["internal"] is True
    for name in ("postgres", "redis"):
        assert SERVICES[name]["networks"] == ["backend"]
        assert "ports" not in SERVICES[name]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_secrets_are_required_without_defaults(service):
    env = SERVICES[service]["environment"]
    for name, value in env.items():
        if SECRET.search(name) and name.startswith(("DJANGO", "POSTGRES")):
            assert ":?" in str(value) and ":-" not in str(value), name
    assert env["SKATTEDELING_ENV"] == "production" and env["DJANGO_BEHIND_TLS_PROXY"] == "true"


def test_no_default_postgres_password_anywhere():
    assert "${POSTGRES_PASSWORD:?" in SERVICES["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert not re.search(r"POSTGRES_PASSWORD:-", COMPOSE_TEXT)
    assert "${POSTGRES_PASSWORD:?" in SERVICES["web"]["environment"]["DATABASE_URL"]


def test_redis_requires_a_password_and_every_redis_url_carries_it():
    command = SERVICES["redis"]["command"]
    assert command[command.index("--requirepass") + 1].startswith("${REDIS_PASSWORD:?")
    for service in APP_SERVICES:
        env = SERVICES[service]["environment"]
        for name in ("CACHE_URL", "CELERY_BROKER_URL"):
            assert re.match(r"^redis(cache)?://:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379/\d$", env[name]), name


def test_compose_interpolation_refuses_to_start_without_the_secrets():
    """What `docker compose config` would do: every required variable, unset, is an error with a message."""
    required = set(re.findall(r"\$\{([A-Z_]+):\?[^}]+\}", COMPOSE_TEXT))
    assert {"DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "REDIS_PASSWORD", "SKATTEDELING_HOST"} <= required
    defaults = dict(re.findall(r"\$\{([A-Z_]+):-([^}]*)\}", COMPOSE_TEXT))
    assert not any(SECRET.search(name) and value for name, value in defaults.items()), defaults
