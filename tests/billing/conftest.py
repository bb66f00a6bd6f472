"""Fixtures for the billing export: kommuner with approved vedtak, staff of every role, API keys."""
import datetime as dt

import pytest
from django.test import Client

from cases.billing import services
from cases.constants import Role
from cases.services.approval import decision_approve
from cases.services.assessment import decision_propose
from cases.services.parameters import legal_parameters_load_seed
from tests import factories
from tests.views.conftest import make_ready

REGISTERED = dt.date(2026, 6, 15)  # before the period: the vedtak applies from 1 August 2026


def approved_case(kommune, *, proposer, approver, income: int = 300_000, children: int = 1, given: str = "Kari"):
    """A barnehage case for 2026/27, registered in June, with its vedtak approved (four eyes)."""
    with factories.as_of(REGISTERED):
        case = make_ready(factories.case(kommune, user=proposer, children=children, partner=False,
                                         applicant=factories.person(dt.date(1990, 5, 17), given, "Nordmann")),
                          applicant_income=income)
        decision = decision_propose(case_id=case.pk, actor=proposer)
        decision_approve(decision_id=decision.pk, actor=approver)
    case.refresh_from_db()
    return case


@pytest.fixture
def rates(db):
    legal_parameters_load_seed()


@pytest.fixture
def world(rates, kommune, other_kommune):
    """Kommune A (``kommune``) and B (``other_kommune``), each with one approved vedtak, staff and a key."""
    w = {"a": kommune, "b": other_kommune}
    for side, k in (("a", kommune), ("b", other_kommune)):
        w[f"saksbehandler_{side}"] = factories.staff(f"saksbehandler_{side}", k, Role.SAKSBEHANDLER)
        w[f"godkjenner_{side}"] = factories.staff(f"godkjenner_{side}", k, Role.GODKJENNER)
        w[f"admin_{side}"] = factories.staff(f"admin_{side}", k, Role.ADMINISTRATOR)
        w[f"case_{side}"] = approved_case(k, proposer=w[f"saksbehandler_{side}"], approver=w[f"godkjenner_{side}"],
                                          given="Astrid" if side == "a" else "Bjørg")
        w[f"token_{side}"], w[f"key_{side}"] = services.billing_token_create(
            municipality_id=k.pk, name=f"Fakturering {side}", actor=w[f"admin_{side}"])
    return w


@pytest.fixture
def login():
    def make(user):
        client = Client()
        client.force_login(user)
        return client
    return make


@pytest.fixture
def api():
    """``api(key).get(url)``: a client that sends the key as a Bearer token (and nothing else)."""
    def make(key=None):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return Client(headers=headers)
    return make
