"""Fixtures for endringer: a case whose vedtak was approved by another person and sent."""
import dataclasses
import datetime

import pytest
from django.utils import timezone

from cases.constants import CaseStatus as S
from cases.constants import Role
from cases.models import Decision
from cases.services.approval import decision_approve
from cases.services.assessment import decision_propose
from cases.services.intake import application_register
from cases.services.parameters import legal_parameters_load_seed
from cases.services.workflow import transition_case
from tests import factories
from tests.views.conftest import make_ready


@pytest.fixture
def parameters(db):
    legal_parameters_load_seed()


@pytest.fixture
def approver2(kommune):
    return factories.staff("godkjenner2", kommune, Role.GODKJENNER)


def send(decision: Decision) -> None:
    """What delivery does once the letter is out (the PDF and SvarUt are tested elsewhere)."""
    Decision.objects.filter(pk=decision.pk).update(sent_at=timezone.now(), delivery_channel="print")
    transition_case(case_id=decision.case_id, to=S.SENT, reason="Sendt (print)")


def sent_case(kommune, saksbehandler, godkjenner, *, received: datetime.date | None = None, children: int = 1,
              partner: bool = True, **ready):
    """A case proposed by ``saksbehandler``, approved by ``godkjenner`` and sent."""
    data = factories.barnehage_application(children=children, partner=partner)
    if received is not None:
        data = dataclasses.replace(data, received_date=received)
    case = application_register(municipality=kommune, data=data, actor=saksbehandler, start_fetch=False)
    case = make_ready(case, **ready)
    decision = decision_propose(case_id=case.pk, actor=saksbehandler)
    decision_approve(decision_id=decision.pk, actor=godkjenner)
    send(decision)
    case.refresh_from_db()
    return case


@pytest.fixture
def sent(kommune, saksbehandler, godkjenner, parameters):
    """Received 1 June 2026: the vedtak runs from the period's first day, 1 August 2026."""
    return sent_case(kommune, saksbehandler, godkjenner, received=datetime.date(2026, 6, 1))


def in_force(case) -> Decision:
    return Decision.objects.get(case=case, status=Decision.Status.APPROVED)
