"""Fixtures for the parents' portal: an open kommune portal, a browser logged in as a parent (the portal
session set directly, for tests that are not about login), households with cases."""
import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from portal.models import PortalSettings
from portal.sessions import PARENT_KEY
from tests import factories
from tests.support.messages import compile_portal_messages


@pytest.fixture(scope="session", autouse=True)
def _compiled_messages():
    compile_portal_messages()


@pytest.fixture
def portal_kommune(db):
    kommune = factories.municipality("Portalkommune")
    PortalSettings.objects.create(municipality=kommune, enabled=True)
    return kommune


def log_in_parent(client, kommune, pid: str, *, started: float | None = None, seen: float | None = None):
    """Give ``client`` a portal session for the parent ``pid`` (as the ID-porten callback would)."""
    store = SessionStore()
    now = time.time()
    store[PARENT_KEY] = {"pid": pid, "kommune": kommune.kommunenummer, "acr": "idporten-loa-substantial",
                         "sid": "sid-test", "id_token": "", "started": started or now, "seen": seen or now}
    store.save()
    client.cookies[settings.PORTAL_SESSION_COOKIE_NAME] = store.session_key
    return store


@pytest.fixture
def household(portal_kommune):
    """A case of a two-adult household with two children in the portal kommune."""
    return factories.case(portal_kommune, children=2, partner=True)


@pytest.fixture
def queued(monkeypatch):
    """The income fetch the intake queues on commit, recorded instead of sent."""
    calls = []
    monkeypatch.setattr("cases.services.intake.queue_income_fetch", lambda *, case: calls.append(case.pk))
    return calls
