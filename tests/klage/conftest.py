"""Fixtures for the klage: a case whose vedtak was approved and sent, with each party's letter delivered
(or not) on a given day, and staff of the kommune and of another kommune."""
import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.constants import CaseStatus, Role
from cases.models import Decision, Forsendelse
from cases.services import klagefrist
from tests import factories


def send_vedtak(case, *, approver, reached: datetime.date | None, partner_reached: datetime.date | None = None,
                forsendelser: bool = True) -> Decision:
    """Approve and send a vedtak on ``case``; each party's letter reached them on the given day (None: not yet)."""
    decision = Decision.objects.create(
        case=case, status=Decision.Status.APPROVED, calculated_on=datetime.date(2026, 8, 1),
        valid_from=datetime.date(2026, 8, 1), valid_to=datetime.date(2027, 7, 31), household_income=450000,
        total_monthly_fee=2100, rules_version="test", approved_by=approver,
        approved_at=timezone.now() - datetime.timedelta(days=60), sent_at=timezone.now() - datetime.timedelta(days=59),
        four_eyes_required=False)
    decision.pdf.save("vedtak-test.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    type(case).objects.filter(pk=case.pk).update(status=CaseStatus.SENT)
    if forsendelser:
        household = case.application.household
        parties = [("soker", household.applicant, reached)]
        if household.partner_id:
            parties.append(("partner", household.partner, partner_reached if partner_reached else reached))
        for role, person, day in parties:
            Forsendelse.objects.create(
                case=case, decision=decision, person=person, role=role, recipient_name=person.person_id[:4],
                channel="svarut", state="done" if day else "sent", ekstern_referanse=f"test-{decision.pk}-{role}",
                klagefrist=klagefrist.deadline(day) if day else None)
    return decision


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def sent_case(kommune, godkjenner, today):
    """A case in the kommune whose vedtak reached both parties 10 days ago (klagefrist still running)."""
    case = factories.case(kommune)
    send_vedtak(case, approver=godkjenner, reached=today - datetime.timedelta(days=10))
    case.refresh_from_db()
    return case


@pytest.fixture
def late_case(kommune, godkjenner, today):
    """A case whose vedtak reached the parties 40 days ago: the klagefrist has run out."""
    case = factories.case(kommune)
    send_vedtak(case, approver=godkjenner, reached=today - datetime.timedelta(days=40))
    case.refresh_from_db()
    return case


@pytest.fixture
def stranger(other_kommune):
    """A caseworker with every role, but in another kommune."""
    return factories.staff("fremmed", other_kommune, Role.SAKSBEHANDLER, Role.GODKJENNER, Role.ADMINISTRATOR)


@pytest.fixture
def godkjenner2(kommune):
    return factories.staff("godkjenner2", kommune, Role.GODKJENNER)
