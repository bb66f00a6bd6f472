"""Browser tests: real Chromium (Debian's package) driven by Playwright against pytest-django's live
server, with a real Celery worker and the simulator."""
import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def _new(**kwargs):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO",
                                      accept_downloads=True, **kwargs)
        contexts.append(context)
        return context.new_page()

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture
def real_worker(integration_settings):
    """A real Celery worker process; tasks sent by the live server go to it, not run eagerly."""
    from skattedeling.celery import app
    from tests.support.worker import CeleryWorkerProcess

    app.conf.task_always_eager = False
    try:
        with CeleryWorkerProcess(concurrency=2, name="e2e") as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True
