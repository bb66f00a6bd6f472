"""Project-level checks: migrations complete, production settings pass check --deploy, SQLite quick start."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, env_extra=None):
    # Not the test process's own switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_migrations_are_complete(tmp_path):
    result = _manage("makemigrations", "--check", "--dry-run",
                     env_extra={"DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite3'}"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra={
        "SKATTEDELING_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-1234567890",
        "DJANGO_ALLOWED_HOSTS": "skattedeling.example.kommune.no",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/skattedeling",
        "CACHE_URL": "rediscache://127.0.0.1:6379/1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    })
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", env_extra={"SKATTEDELING_ENV": "production", "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_sqlite_quick_start_settings_migrate_and_seed(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'quick.sqlite3'}", "SKATTEDELING_VAR_DIR": str(tmp_path),
           "CACHE_URL": "dbcache://django_cache"}
    for args in (("migrate", "--noinput"), ("createcachetable",), ("seed_demo",)):
        result = _manage(*args, env_extra=env)
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
    again = _manage("seed_demo", env_extra=env)  # idempotent
    assert again.returncode == 0, again.stderr


def test_the_income_fetch_can_be_routed_to_its_own_queue():
    code = ("import django, os; django.setup(); from skattedeling.celery import app; "
            "print(app.amqp.router.route({}, 'cases.tasks.fetch_income')['queue'].name)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "skattedeling.settings.base", "CELERY_FETCH_QUEUE": "fetch",
           "CELERY_BROKER_URL": "memory://", "DATABASE_URL": "sqlite:///:memory:"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "fetch"
