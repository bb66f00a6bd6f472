"""Decision.status changes only through decision_set_status, along its transition table."""
import pathlib
import re

import pytest

from cases.models import Decision
from cases.services.decisions import ALLOWED, DecisionTransitionNotAllowed, decision_set_status
from cases.services.workflow import TransitionNotAllowed
from tests import factories
from tests.views.conftest import make_ready

D = Decision.Status


@pytest.fixture
def proposal(kommune, saksbehandler, parameters):
    from cases.services.assessment import decision_propose

    return decision_propose(case_id=make_ready(factories.case(kommune, user=saksbehandler)).pk)


def test_the_table_covers_every_status_and_final_ones_go_nowhere():
    assert set(ALLOWED) == set(D.values)
    assert ALLOWED[D.PROPOSED] == {D.APPROVED, D.SUPERSEDED, D.REJECTED}
    # an approved vedtak ends only when a later one replacing it is approved (decision_supersede)
    assert ALLOWED[D.APPROVED] == {D.SUPERSEDED}
    for final in (D.SUPERSEDED, D.REJECTED):
        assert ALLOWED[final] == set()


def test_a_refusal_is_a_transition_refusal(proposal):
    decision_set_status(decision_id=proposal.pk, to=D.SUPERSEDED)
    with pytest.raises(DecisionTransitionNotAllowed) as refused:
        decision_set_status(decision_id=proposal.pk, to=D.PROPOSED)
    assert isinstance(refused.value, TransitionNotAllowed)
    assert Decision.objects.get(pk=proposal.pk).status == D.SUPERSEDED


def test_approval_needs_an_actor(proposal):
    with pytest.raises(DecisionTransitionNotAllowed):
        decision_set_status(decision_id=proposal.pk, to=D.APPROVED)
    assert Decision.objects.get(pk=proposal.pk).status == D.PROPOSED


def test_unknown_status_is_refused(proposal):
    with pytest.raises(DecisionTransitionNotAllowed):
        decision_set_status(decision_id=proposal.pk, to="sent")


WRITES = re.compile(r"\.update\([^)]*\bstatus\s*=|\bdecision\.status\s*=[^=]|status=Decision\.Status\.\w+\)\s*$")


def test_no_other_code_writes_decision_status():
    root = pathlib.Path(__file__).resolve().parents[2] / "cases"
    offenders = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or path.name == "decisions.py" or "synthetic" in path.name:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if "Decision" in line and ".update(" in line and "status=" in line.split(".update(", 1)[1]:
                offenders.append(f"{path.relative_to(root)}:{number}")
            if re.search(r"\bdecision\.status\s*=[^=]", line):
                offenders.append(f"{path.relative_to(root)}:{number}")
    assert offenders == []
