"""Read queries of the renewal pages, scoped to the user's municipalities (the renewal's part of
``cases.selectors``: views read through here, services write)."""
from django.db.models import Q, QuerySet

from cases.constants import Attention, CaseStatus, Role
from cases.models import Decision, Municipality, RenewalItem, RenewalRun
from cases.permissions import municipality_ids
from cases.selectors import municipalities_for_user


def runs_for_user(user) -> QuerySet[RenewalRun]:
    """The renewal runs of the user's municipalities (another kommune's run is a 404)."""
    return RenewalRun.objects.filter(municipality_id__in=municipality_ids(user)).select_related(
        "municipality", "started_by")


def startable_municipalities(user) -> QuerySet[Municipality]:
    """Where the user may start a renewal (the administrator role)."""
    return municipalities_for_user(user, Role.ADMINISTRATOR)


def proposals(run: RenewalRun) -> QuerySet[Decision]:
    """The run's current proposals waiting for approval."""
    return Decision.objects.filter(status=Decision.Status.PROPOSED, case__renewal_item__run=run,
                                   case__status=CaseStatus.PROPOSED)


def proposal_rows(run: RenewalRun) -> QuerySet[Decision]:
    """The proposals as the run's page lists them, by saksnummer."""
    return proposals(run).select_related(
        "case", "case__application__household__applicant", "case__renewal_item").order_by("case__saksnummer", "pk")


def problems(run: RenewalRun, *, limit: int) -> QuerySet[RenewalItem]:
    """Items that need a person: failed or skipped, a case standing still, or missing documentation."""
    return (RenewalItem.objects.filter(run=run)
            .filter(Q(outcome__in=[RenewalItem.Outcome.FAILED, RenewalItem.Outcome.SKIPPED])
                    | (Q(case__isnull=False) & ~Q(case__attention=Attention.NONE))
                    | Q(case__status=CaseStatus.NEEDS_DOCUMENTATION))
            .select_related("case", "source_case").order_by("pk")[:limit])


def printable(run: RenewalRun) -> QuerySet[Decision]:
    """The run's approved vedtak with a rendered PDF, in print order."""
    return (Decision.objects.filter(case__renewal_item__run=run, status=Decision.Status.APPROVED)
            .exclude(pdf="").order_by("case__saksnummer", "pk"))


def print_part_ids(run: RenewalRun, *, part: int, size: int) -> list[int]:
    """The decision ids of print file ``part`` (1-based) of ``size`` vedtak each."""
    return list(printable(run).values_list("pk", flat=True)[(part - 1) * size:part * size])
