"""Which households to renew, and which of their children continue.

A household is renewed from its *active* decision for the previous period: an approved vedtak that
runs to the end of that period (not stopped early). A case has at most one approved decision and a
child at most one active application per service and period (database constraints), so each child is
renewed from exactly one case. The children that continue are decided by
:mod:`cases.renewal.eligibility`; children that already have an active application for the new period
(the parents applied themselves) are left out.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F

from cases.models import Child, Decision, RenewalItem, RenewalRun
from cases.services.intake import period_dates

from .eligibility import ChildFacts, child_verdict, previous_period


@dataclass
class Candidate:
    source_case_id: int
    service: str
    child_ids: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def as_item(self, run: RenewalRun) -> RenewalItem:
        if self.child_ids:
            outcome, reason = RenewalItem.Outcome.PENDING, "; ".join(self.reasons)
        elif any(r.startswith("har allerede søknad") for r in self.reasons):
            outcome, reason = RenewalItem.Outcome.SKIPPED, "; ".join(self.reasons)
        else:
            outcome, reason = RenewalItem.Outcome.NOT_ELIGIBLE, "; ".join(self.reasons) or "ingen barn fortsetter"
        return RenewalItem(run=run, source_case_id=self.source_case_id, service=self.service,
                           child_ids=self.child_ids, outcome=outcome, reason=reason[:500])


def active_source_decisions(run: RenewalRun):
    """Approved decisions of the previous period that run to its end."""
    return (
        Decision.objects.filter(
            status=Decision.Status.APPROVED, case__municipality_id=run.municipality_id,
            case__application__period=previous_period(run.period),
            valid_to__gte=F("case__application__period_end"),
        )
        .order_by("case_id")
        .values_list("case_id", "case__application_id", "case__application__service")
    )


def candidates(run: RenewalRun) -> list[Candidate]:
    """One candidate per source case, with the children that continue (may be none, then with reasons)."""
    decisions = list(active_source_decisions(run))
    children_by_app: dict[int, list[Child]] = defaultdict(list)
    app_ids = [app_id for _case, app_id, _service in decisions]
    for child in (Child.objects.filter(application_id__in=app_ids, is_active=True)
                  .select_related("person").order_by("pk")):
        children_by_app[child.application_id].append(child)
    # Children of this municipality's previous period who already have an active place application for
    # the new one (anywhere: the database allows one active application per child, service and period).
    already = set(
        Child.objects.filter(
            period=run.period, is_active=True, person__child_places__period=previous_period(run.period),
            person__child_places__application__municipality_id=run.municipality_id,
        ).values_list("person_id", "service").distinct()
    )
    result = []
    for case_id, app_id, service in decisions:
        start, _end = period_dates(service, run.period)
        candidate = Candidate(source_case_id=case_id, service=service)
        result.append(candidate)
        for child in children_by_app[app_id]:
            name = child.given_name
            if (child.person_id, service) in already:
                candidate.reasons.append(f"har allerede søknad for {run.period}: {name}")
                continue
            verdict = child_verdict(
                service,
                ChildFacts(birth_date=child.person.birth_date, deferred_school_start=child.deferred_school_start,
                           sfo_trinn=child.sfo_trinn),
                new_period_start=start, sfo_max_trinn=run.sfo_max_trinn,
            )
            if verdict.eligible:
                candidate.child_ids.append(child.pk)
            else:
                candidate.reasons.append(f"{name} {verdict.reason}")
    return result
