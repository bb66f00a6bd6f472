"""Renewal services (writes): start a run, plan it, renew one household, mark a proposal that ends the
reduction, and approve proposals in bulk.

A renewal case is registered with the ordinary intake (``application_register(is_renewal=True)``,
channel ``fornyelse``) and then runs the ordinary pipeline: ``cases.tasks.fetch_income`` →
``cases.tasks.propose``. Everything here is idempotent: a run is unique per municipality and period, an
item per source case in a run, a renewal case per item (database constraints), and each step checks
what is already done under a row lock.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cases import dispatch
from cases.models import Case, Child, Decision, RenewalItem, RenewalRun
from cases.outcome import decision_outcome
from cases.permissions import actor_or_none, can_administer, can_approve
from cases.rules import RulesError
from cases.rules.outcome import INCOME_BASED_RULES
from cases.rules.parameters import KJERNETID_INCOME_LIMIT, MAKSPRIS
from cases.services.intake import (
    ApplicationInput,
    ChildInput,
    ErrorCode,
    FieldErrors,
    PersonInput,
    application_register,
    period_dates,
)
from cases.services.parameters import parameter_table

from .eligibility import ChildFacts, child_verdict
from .selection import candidates
from .selectors import proposals

# Rules that reduce the price because of the household's income (read from the structured outcome).
REDUCTION_RULES = INCOME_BASED_RULES
ENDS_REDUCTION_NOTE = (
    "Fornyelse: husholdningens inntekt er nå over grensene for redusert foreldrebetaling{core}. "
    "Reduksjonen opphører fra {date:%d.%m.%Y}, og forslaget gir full pris."
)


class RenewalRefused(Exception):
    """The renewal cannot be started (bokmål message for the administrator)."""


def check_parameters(*, municipality, period: str) -> None:
    """Refuse to start before the new period's makspris and income limit are registered."""
    start, _end = period_dates("barnehage", period)
    table = parameter_table()
    try:
        table.lookup(MAKSPRIS, start, municipality.zone_on(start))
        table.lookup(KJERNETID_INCOME_LIMIT, start)
    except (RulesError, LookupError) as exc:
        raise RenewalRefused(
            f"Satsene for {period} er ikke registrert ennå. Registrer makspris og inntektsgrensen for gratis "
            "kjernetid under satsparametere før fornyelsen startes."
        ) from exc


def renewal_start(*, municipality, period: str, actor=None, sfo_max_trinn: int = 4) -> tuple[RenewalRun, bool]:
    """Start (or run again) the renewal of ``municipality`` into ``period``; the planning runs on commit.

    ``actor`` None means the schedule started it. Running it again re-plans: households that have become
    due since are added, nobody is added twice. Returns ``(run, created)``.
    """
    if actor is not None and not can_administer(actor, municipality.pk):
        raise PermissionDenied("Bare en administrator i kommunen kan starte fornyelsen.")
    try:
        period_dates("barnehage", period)
    except ValidationError as exc:
        raise RenewalRefused(" ".join(exc.messages)) from exc
    check_parameters(municipality=municipality, period=period)
    actor = actor_or_none(actor)
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = RenewalRun.objects.create(municipality=municipality, period=period, started_by=actor,
                                                sfo_max_trinn=sfo_max_trinn)
            created = True
        except IntegrityError:  # the unique constraint: a run for this period exists already
            run = RenewalRun.objects.get(municipality=municipality, period=period)
            created = False
        dispatch.on_commit_send(dispatch.PLAN_RENEWAL, run.pk)
    return run, created


def plan_run(*, run_id: int) -> list[int]:
    """Create the run's items (new ones only) and return the ids of those still to be renewed."""
    run = RenewalRun.objects.select_related("municipality").get(pk=run_id)
    items = [candidate.as_item(run) for candidate in candidates(run)]
    with transaction.atomic():
        RenewalItem.objects.bulk_create(items, ignore_conflicts=True, batch_size=1000)
        RenewalRun.objects.filter(pk=run_id).update(
            households=RenewalItem.objects.filter(run_id=run_id).count(), planned_at=timezone.now(),
            status=RenewalRun.Status.RUNNING, finished_at=None,
        )
    return list(RenewalItem.objects.filter(run_id=run_id, outcome=RenewalItem.Outcome.PENDING)
                .order_by("pk").values_list("pk", flat=True))


def _person(person, given_name: str, family_name: str) -> PersonInput:
    """The person as the source application named them (never the shared ``Person`` row's names)."""
    return PersonInput(person_id=person.person_id, given_name=given_name, family_name=family_name)


def renewal_input(run: RenewalRun, source: Case, children: list[Child]) -> ApplicationInput:
    """The renewal application: same household and places, next trinn for SFO, channel 'fornyelse'.

    A renewal is the kommune's own initiative continuing a running reduction without a gap, so it counts
    as received no later than the first day of the new period.
    """
    household = source.application.household
    start, _end = period_dates(source.application.service, run.period)
    kids = []
    for child in children:
        verdict = child_verdict(
            source.application.service,
            ChildFacts(birth_date=child.person.birth_date, deferred_school_start=child.deferred_school_start,
                       sfo_trinn=child.sfo_trinn),
            new_period_start=start, sfo_max_trinn=run.sfo_max_trinn,
        )
        kids.append(ChildInput(person=_person(child.person, child.given_name, child.family_name),
                               institution=child.institution, weekly_hours=child.weekly_hours,
                               monthly_price=child.monthly_price,
                               sfo_trinn=verdict.next_trinn, deferred_school_start=child.deferred_school_start))
    return ApplicationInput(
        service=source.application.service, period=run.period,
        applicant=_person(household.applicant, household.applicant_given_name, household.applicant_family_name),
        partner=_person(household.partner, household.partner_given_name, household.partner_family_name)
        if household.partner else None,
        partner_relation=household.partner_relation, children=kids, channel="fornyelse",
        received_date=min(timezone.localdate(), start), address=household.address, email=household.email,
    )


def renew_household(*, item_id: int) -> RenewalItem:
    """Register the renewal case of one item (once); the income fetch is queued when it commits."""
    return renew_households(item_ids=[item_id])[0]


def renew_households(*, item_ids: list[int]) -> list[RenewalItem]:
    """Register the renewal case of each item (once; each in its own transaction), reading what the
    chunk needs — items with run and kommune, source cases with their household, the children — in
    three queries for the whole chunk instead of three per household. An unexpected error in one item
    rolls back that item only and is raised after the rest of the chunk is done."""
    items = list(RenewalItem.objects.filter(pk__in=item_ids)
                 .select_related("run__municipality", "run__started_by").order_by("pk"))
    sources = Case.objects.select_related("application__household__applicant",
                                          "application__household__partner").in_bulk(
        [item.source_case_id for item in items if item.outcome == RenewalItem.Outcome.PENDING])
    children = Child.objects.select_related("person").in_bulk(
        [child_id for item in items if item.source_case_id in sources for child_id in item.child_ids])
    done, failure = [], None
    for item in items:
        if item.outcome != RenewalItem.Outcome.PENDING:
            done.append(item)  # done before (a redelivered task)
            continue
        try:
            done.append(_renew(item, sources, children))
        except Exception as exc:  # noqa: BLE001 - re-raised below, after the other households
            failure = failure or exc
    if failure is not None:
        raise failure
    return done


def _renew(item: RenewalItem, sources: dict, children: dict) -> RenewalItem:
    with transaction.atomic():
        outcome = RenewalItem.objects.select_for_update().values_list("outcome", flat=True).get(pk=item.pk)
        if outcome != RenewalItem.Outcome.PENDING or item.source_case_id not in sources:
            item.refresh_from_db()
            return item  # done before (a redelivered task)
        source = sources[item.source_case_id]
        kids = sorted((children[pk] for pk in item.child_ids if pk in children), key=lambda child: child.pk)
        try:
            case = application_register(municipality=item.run.municipality, is_renewal=True,
                                        renewal_started_by=item.run.started_by,
                                        data=renewal_input(item.run, source, kids))
        except ValidationError as exc:
            messages = exc.messages
            duplicate = isinstance(exc, FieldErrors) and ErrorCode.DUPLICATE_CHILD in exc.codes()
            item.outcome = RenewalItem.Outcome.SKIPPED if duplicate else RenewalItem.Outcome.FAILED
            item.reason = " ".join(messages)[:500]
        else:
            item.case, item.outcome = case, RenewalItem.Outcome.CREATED
        item.save(update_fields=["case", "outcome", "reason", "updated_at"])
    return item


def has_reduction(decision: Decision | None) -> bool:
    """Whether the decision reduces any child's price because of income (6 % cap, free core hours or the
    kommune's own moderation), read from its structured outcome (``cases.outcome``)."""
    if decision is None:
        return False
    return any(granted.rule in REDUCTION_RULES for child in decision_outcome(decision).children
               for granted in child.granted)


def annotate_proposal(*, case_id: int) -> bool | None:
    """After a renewal proposal: when it ends a reduction the household had, say so on the proposal.

    Returns whether the reduction ends (None when the case is no renewal or has no proposal). Idempotent.
    """
    item = RenewalItem.objects.filter(case_id=case_id).select_related("source_case").first()
    if item is None:
        return None
    with transaction.atomic():
        decision = Decision.objects.select_for_update().filter(case_id=case_id,
                                                               status=Decision.Status.PROPOSED).first()
        if decision is None:
            return None
        before = Decision.objects.filter(case_id=item.source_case_id, status=Decision.Status.APPROVED).first()
        ends = has_reduction(before) and not has_reduction(decision)
        if ends:
            core = " og gratis kjernetid" if item.service == "barnehage" else ""
            note = ENDS_REDUCTION_NOTE.format(core=core, date=decision.valid_from)
            if note not in decision.warnings:
                decision.warnings = [*decision.warnings, note]
                decision.save(update_fields=["warnings"])
        RenewalItem.objects.filter(pk=item.pk).exclude(ends_reduction=ends).update(
            ends_reduction=ends, updated_at=timezone.now())
    return ends


APPROVE_CHUNK = 50


def renewal_bulk_approve(*, run: RenewalRun, actor, decision_ids: list[int] | None = None,
                 without_warnings: bool = False) -> int:
    """Queue approval of the selected proposals (or all, or all without warnings) through
    ``decision_approve`` (role and four-eyes checked there again, per decision). Proposals of cases the
    actor prepared are left out where four-eyes applies. Returns how many were queued."""
    if not can_approve(actor, run.municipality_id):
        raise PermissionDenied("Du har ikke rollen godkjenner i denne kommunen.")
    qs = proposals(run)
    if decision_ids is not None:
        qs = qs.filter(pk__in=decision_ids)
    if without_warnings:
        qs = qs.filter(warnings=[])
    qs = qs.exclude(Q(four_eyes_required=True) & (Q(case__preparers__user=actor) | Q(proposed_by=actor)))
    ids = list(qs.order_by("pk").values_list("pk", flat=True).distinct())
    if not ids:
        raise ValidationError("Ingen forslag å godkjenne. Forslag i saker du selv har forberedt, må "
                              "godkjennes av en annen godkjenner.")
    for start in range(0, len(ids), APPROVE_CHUNK):
        dispatch.on_commit_send(dispatch.APPROVE_BATCH, actor.pk, ids[start:start + APPROVE_CHUNK])
    return len(ids)

