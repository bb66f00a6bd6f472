"""decision_send and decisions_batch_pdf, called directly: only an approved, rendered vedtak is sent, once, by
staff of its kommune; a batch holds only what the user may see."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.constants import CaseStatus as S
from cases.constants import Role
from cases.models import Case, Decision, Forsendelse
from cases.services.approval import decision_approve
from cases.services.assessment import decision_propose
from cases.services.delivery import decision_send, decisions_batch_pdf
from cases.services.forsendelse import forsendelse_record_manual_delivery
from tests import factories
from tests.views.conftest import make_ready


@pytest.fixture
def approved(kommune, saksbehandler, other_approver, parameters) -> Decision:
    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision_propose(case_id=case.pk)
    return decision_approve(decision_id=Decision.objects.get(case=case, status="proposed").pk, actor=other_approver)


def rendered(decision: Decision) -> Decision:
    decision.pdf.save(f"vedtak-test-{decision.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return decision


def test_sending_an_approved_rendered_vedtak(approved, saksbehandler):
    rendered(approved)
    sent = decision_send(decision_id=approved.pk, actor=saksbehandler)
    assert sent.sent_at is not None and sent.delivery_channel == "print"
    assert Case.objects.get(pk=approved.case_id).status == S.SENT
    again = decision_send(decision_id=approved.pk, actor=saksbehandler)  # idempotent
    assert again.sent_at == sent.sent_at


def test_not_yet_rendered_is_refused(approved, saksbehandler):
    with pytest.raises(ValidationError):
        decision_send(decision_id=approved.pk, actor=saksbehandler)
    assert Case.objects.get(pk=approved.case_id).status == S.APPROVED


def test_a_proposal_is_not_sent(kommune, saksbehandler, parameters):
    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision = rendered(decision_propose(case_id=case.pk))
    with pytest.raises(ValidationError):
        decision_send(decision_id=decision.pk, actor=saksbehandler)


def test_unknown_channel_and_other_kommune_are_refused(approved, other_kommune):
    rendered(approved)
    with pytest.raises(ValidationError):
        decision_send(decision_id=approved.pk, actor=approved.approved_by, channel="brevdue")
    stranger = factories.staff("fremmed", other_kommune, Role.SAKSBEHANDLER)
    with pytest.raises(PermissionDenied):
        decision_send(decision_id=approved.pk, actor=stranger)
    assert Decision.objects.get(pk=approved.pk).sent_at is None


def test_batch_holds_nothing_of_another_kommune(approved, other_kommune):
    rendered(approved)
    stranger = factories.staff("fremmed", other_kommune, Role.SAKSBEHANDLER)
    with pytest.raises(ValidationError):
        decisions_batch_pdf(decision_ids=[approved.pk], actor=stranger)


# --- letters the kommune delivers itself (print, handed over) ----------------------------------------
def _letters(decision: Decision, *, svarut_for=()) -> dict[str, Forsendelse]:
    """One forsendelse per adult: to print, or (roles in ``svarut_for``) accepted by SvarUt."""
    household = decision.case.application.household
    letters = {}
    for role, named in (("soker", household.named_applicant), ("partner", household.named_partner)):
        digital = role in svarut_for
        letters[role] = Forsendelse.objects.create(
            case=decision.case, decision=decision, person=named.person, role=role, recipient_name=named.full_name,
            channel="svarut" if digital else "print", state="sent" if digital else "print",
            svarut_id="svarut-1" if digital else "", ekstern_referanse=f"ref-{decision.pk}-{role}")
    return letters


def _deliver(letter: Forsendelse, actor) -> None:
    forsendelse_record_manual_delivery(forsendelse_id=letter.pk, delivered_on=timezone.localdate(),
                                       note="Lagt i posten", actor=actor, by_post=True)


def test_every_adults_letter_delivered_by_the_kommune_sends_the_vedtak(approved, saksbehandler):
    letters = _letters(approved)
    _deliver(letters["soker"], saksbehandler)
    assert Case.objects.get(pk=approved.case_id).status == S.APPROVED  # the partner's letter is not out yet
    assert Decision.objects.get(pk=approved.pk).sent_at is None
    _deliver(letters["partner"], saksbehandler)
    decision = Decision.objects.get(pk=approved.pk)
    assert decision.sent_at is not None and decision.delivery_channel == "print"
    case = Case.objects.get(pk=approved.case_id)
    assert case.status == S.SENT
    last = case.transitions.order_by("pk").last()
    assert (last.from_status, last.to_status, last.actor) == (S.APPROVED, S.SENT, saksbehandler)


def test_one_letter_with_svarut_and_one_delivered_by_the_kommune_sends_the_vedtak(approved, saksbehandler):
    letters = _letters(approved, svarut_for=("soker",))
    _deliver(letters["partner"], saksbehandler)
    assert Decision.objects.get(pk=approved.pk).delivery_channel == "svarut+print"
    assert Case.objects.get(pk=approved.case_id).status == S.SENT


def test_a_refused_manual_delivery_does_not_send(approved, saksbehandler, other_kommune):
    letters = _letters(approved)
    _deliver(letters["soker"], saksbehandler)
    with pytest.raises(PermissionDenied):
        _deliver(letters["partner"], factories.staff("annen", other_kommune, Role.SAKSBEHANDLER))
    assert Case.objects.get(pk=approved.case_id).status == S.APPROVED
