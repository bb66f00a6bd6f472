"""The attention state (why a case stands still) is an enum with a reason code, written by one function."""
import pytest

from cases.constants import Attention, AttentionReason
from cases.models import Case
from cases.services.workflow import case_set_attention
from tests import factories

pytestmark = pytest.mark.django_db


def test_set_and_clear(kommune, saksbehandler):
    case = factories.case(kommune)
    assert case_set_attention(case_id=case.pk, attention=Attention.PARKED_FETCH,
                              reason_code=AttentionReason.FETCH_REFUSED, text="  Tilgang avvist  ")
    case.refresh_from_db()
    assert (case.attention, case.attention_reason, case.attention_text) == (
        Attention.PARKED_FETCH, AttentionReason.FETCH_REFUSED, "Tilgang avvist")
    assert case_set_attention(case_id=case.pk, attention=Attention.NONE, actor=saksbehandler)
    case.refresh_from_db()
    assert (case.attention, case.attention_reason, case.attention_text) == ("", "", "")


def test_setting_the_same_state_again_reports_no_change(kommune):
    case = factories.case(kommune)
    assert not case_set_attention(case_id=case.pk, attention=Attention.NONE)
    kwargs = {"attention": Attention.BLOCKED_PROPOSAL, "reason_code": AttentionReason.ASSESSMENT_BLOCKED, "text": "x"}
    assert case_set_attention(case_id=case.pk, **kwargs)
    assert not case_set_attention(case_id=case.pk, **kwargs)


@pytest.mark.parametrize("attention,reason", [
    (Attention.PARKED_FETCH, AttentionReason.ASSESSMENT_BLOCKED),   # a reason of another state
    (Attention.PARKED_FETCH, AttentionReason.NONE),                 # a state needs its reason
    (Attention.NONE, AttentionReason.FETCH_REFUSED),
    ("sleeping", AttentionReason.NONE),                              # unknown state
])
def test_mismatched_or_unknown_values_are_refused_and_change_nothing(kommune, attention, reason):
    case = factories.case(kommune)
    with pytest.raises(ValueError):
        case_set_attention(case_id=case.pk, attention=attention, reason_code=reason, text="x")
    assert Case.objects.filter(pk=case.pk, attention=Attention.NONE, attention_text="").exists()


def test_text_is_capped(kommune):
    case = factories.case(kommune)
    case_set_attention(case_id=case.pk, attention=Attention.BLOCKED_PROPOSAL,
                       reason_code=AttentionReason.ASSESSMENT_BLOCKED, text="x" * 900)
    assert len(Case.objects.get(pk=case.pk).attention_text) == 500
