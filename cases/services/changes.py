"""Endringer: a change during the year reopens a sent case and leads to a new vedtak from the change date.

``change_register`` is the one way in (case page, parents' portal, klage): it checks who asks, the date
(inside the vedtak in force, never before it) and the structured details, then — under the case row lock,
all or nothing — applies the new facts to the application (a child's place, hours or price; a child
leaving or joining; an adult moving in or out), stores the ``Change`` with the values before it, records
it in the history and the audit log, and moves the case on:

- a new adult → «Henter inntekt» (the normal fetch; the proposal follows it);
- a documented income drop → «Mangler dokumentasjon» (the caseworker registers the documented income);
- anything else → «Klar for vurdering», and the proposal is queued on commit.

The proposal (``decision_propose``) replaces the vedtak in force from the change date; approval by
another person ends the old one (``decision_approve``). ``change_discard`` drops a change that should
not lead to a new vedtak: its facts are put back and the case returns to «Sendt». docs/changes.md.
"""
import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import dispatch
from cases.constants import CaseStatus as S
from cases.constants import ChangeKind, ChangeSource, PartnerRelation, Service
from cases.identity import birth_date, validate_person_id
from cases.models import Case, CasePreparer, Change, Child, Decision, Person, TaxBasis
from cases.permissions import actor_or_none, can_work_cases
from cases.selectors import active_child_person_ids, sent_decision
from cases.services import audit
from cases.services.decisions import decision_conflicts_refused, decision_retire_proposal
from cases.services.intake import MAX_MONTHLY_PRICE, MAX_WEEKLY_HOURS, TEXT_LIMITS, FieldErrors
from cases.services.preparers import preparer_record
from cases.services.search_text import search_text
from cases.services.workflow import TransitionNotAllowed, transition_case

CHILD_KINDS = (ChangeKind.CHILD_LEFT, ChangeKind.PLACE_CHANGED, ChangeKind.HOURS_CHANGED)
KLAGE_KINDS = (ChangeKind.KLAGE_MEDHOLD, ChangeKind.KLAGE_OMGJORT)
PARENT_KINDS = tuple(k for k in ChangeKind.values if k not in KLAGE_KINDS)
# Statuses of a case reopened by a change, before the new vedtak is approved.
WORKING = (S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT, S.PROPOSED, S.WAITING_FOR_RATES, S.NEEDS_DOCUMENTATION)


class ChangeError:
    """Codes of the keyed problems ``change_register`` raises (``FieldErrors``); forms decide by code."""

    UNKNOWN_KIND = "unknown_kind"
    KIND_NOT_ALLOWED = "kind_not_allowed"
    NO_SENT_VEDTAK = "no_sent_vedtak"
    DATE_REQUIRED = "date_required"
    BEFORE_VEDTAK = "before_vedtak"
    OUTSIDE_PERIOD = "outside_period"
    UNKNOWN_CHILD = "unknown_child"
    REQUIRED = "required"
    INVALID = "invalid"
    HAS_PARTNER = "has_partner"
    NO_PARTNER = "no_partner"
    DUPLICATE_CHILD = "duplicate_child"
    NOT_AN_ADULT = "not_an_adult"


def _error(key: str, code: str, message: str) -> FieldErrors:
    return FieldErrors({key: [ValidationError(message, code=code)]})


def open_change(case: Case) -> Change | None:
    """The change being worked: the latest one, while the case is reopened (not «Sendt» or «Godkjent»)."""
    if case.status not in WORKING:
        return None
    return Change.objects.working(case_id=case.pk, in_force=sent_decision(case.pk))


# --- validation --------------------------------------------------------------------------------------
def _text(details: dict, key: str, limit: str, errors: dict) -> str:
    value = " ".join(str(details.get(key) or "").split())
    if not value:
        errors[f"details.{key}"] = [ValidationError("Må fylles ut.", code=ChangeError.REQUIRED)]
    elif len(value) > TEXT_LIMITS[limit] or "\x00" in value:
        errors[f"details.{key}"] = [ValidationError(f"Kan ha høyst {TEXT_LIMITS[limit]} tegn.",
                                                    code=ChangeError.INVALID)]
    return value


def _amount(details: dict, key: str, errors: dict, *, low: Decimal, high: Decimal, places: int,
            required: bool = True) -> Decimal | None:
    raw = details.get(key)
    if raw in (None, ""):
        if required:
            errors[f"details.{key}"] = [ValidationError("Må fylles ut.", code=ChangeError.REQUIRED)]
        return None
    try:
        value = Decimal(str(raw).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    exact = value.is_finite() and max(0, -value.as_tuple().exponent) <= places
    if not (exact and low <= value <= high):
        errors[f"details.{key}"] = [ValidationError(f"Må være mellom {low} og {high}.", code=ChangeError.INVALID)]
        return None
    return value


def _active_child(case: Case, details: dict, errors: dict) -> Child | None:
    try:
        child_id = int(details.get("child_id"))
    except (TypeError, ValueError):
        child_id = None
    child = case.application.children.filter(pk=child_id, is_active=True).first() if child_id else None
    if child is None:
        errors["details.child_id"] = [ValidationError("Velg et barn med plass i dette vedtaket.",
                                                      code=ChangeError.UNKNOWN_CHILD)]
    return child


def _new_person(details: dict, errors: dict, *, exclude: set[int]) -> Person | None:
    """The person of a fødselsnummer given in a form field (never stored in the change's details)."""
    try:
        number = validate_person_id(str(details.get("person_id") or ""))
    except ValidationError as exc:
        errors["details.person_id"] = [ValidationError(exc.messages[0], code=ChangeError.INVALID)]
        return None
    person = Person.objects.filter(person_id=number).first() or Person(person_id=number,
                                                                          birth_date=birth_date(number))
    if person.pk is not None and person.pk in exclude:
        errors["details.person_id"] = [ValidationError("Personen er allerede med i søknaden.",
                                                       code=ChangeError.INVALID)]
        return None
    return person


HOURS = {"low": Decimal("0.5"), "high": MAX_WEEKLY_HOURS, "places": 1}
PRICE = {"low": Decimal(0), "high": MAX_MONTHLY_PRICE, "places": 2}


def _plan(case: Case, kind: str, details: dict) -> dict:
    """The checked values of a change of ``kind`` (what ``_apply`` writes); raise FieldErrors."""
    errors: dict = {}
    household = case.application.household
    plan: dict = {}
    if kind in CHILD_KINDS:
        child = _active_child(case, details, errors)
        plan["child"] = child
        if kind == ChangeKind.PLACE_CHANGED:
            plan["institution"] = _text(details, "institution", "institution", errors)
            plan["monthly_price"] = _amount(details, "monthly_price", errors, **PRICE)
            plan["weekly_hours"] = _amount(details, "weekly_hours", errors, required=False, **HOURS)
        elif kind == ChangeKind.HOURS_CHANGED:
            plan["weekly_hours"] = _amount(details, "weekly_hours", errors, **HOURS)
            plan["monthly_price"] = _amount(details, "monthly_price", errors, required=False, **PRICE)
    elif kind == ChangeKind.NEW_CHILD:
        adults = {p.pk for p in household.adults()}
        children = set(case.application.children.values_list("person_id", flat=True))
        plan["person"] = _new_person(details, errors, exclude=adults | children)
        plan["given_name"] = _text(details, "given_name", "given_name", errors)
        plan["family_name"] = _text(details, "family_name", "family_name", errors)
        plan["institution"] = _text(details, "institution", "institution", errors)
        plan["weekly_hours"] = _amount(details, "weekly_hours", errors, **HOURS)
        plan["monthly_price"] = _amount(details, "monthly_price", errors, **PRICE)
        plan["sfo_trinn"] = None
        if case.application.service == Service.SFO:
            trinn = _amount(details, "sfo_trinn", errors, low=Decimal(1), high=Decimal(7), places=0)
            plan["sfo_trinn"] = int(trinn) if trinn is not None else None
        person = plan["person"]
        if person is not None and active_child_person_ids([person.person_id], case.application.service,
                                                          case.application.period,
                                                          municipality=case.municipality):
            errors["details.person_id"] = [ValidationError("Barnet har allerede en aktiv søknad for denne "
                                                           "tjenesten og perioden.", code=ChangeError.DUPLICATE_CHILD)]
    elif kind == ChangeKind.PARTNER_MOVED_IN:
        if household.partner_id is not None:
            errors["kind"] = [ValidationError("Husholdningen har allerede en ektefelle/partner/samboer. Registrer "
                                              "først at hen har flyttet ut.", code=ChangeError.HAS_PARTNER)]
        children = set(case.application.children.values_list("person_id", flat=True))
        plan["person"] = _new_person(details, errors, exclude={household.applicant_id} | children)
        plan["given_name"] = _text(details, "given_name", "given_name", errors)
        plan["family_name"] = _text(details, "family_name", "family_name", errors)
        plan["relation"] = details.get("relation") or ""
        if plan["relation"] not in PartnerRelation.values:
            errors["details.relation"] = [ValidationError("Oppgi relasjon: ektefelle, registrert partner eller "
                                                          "samboer.", code=ChangeError.REQUIRED)]
    elif kind == ChangeKind.PARTNER_MOVED_OUT:
        if household.partner_id is None:
            errors["kind"] = [ValidationError("Husholdningen har ingen ektefelle/partner/samboer.",
                                              code=ChangeError.NO_PARTNER)]
    elif kind == ChangeKind.INCOME_DROP:
        adults = {p.pk for p in household.adults()}
        raw = details.get("person")
        if raw not in (None, ""):
            try:
                plan["person_pk"] = int(raw)
            except (TypeError, ValueError):
                plan["person_pk"] = None
            if plan["person_pk"] not in adults:
                errors["details.person"] = [ValidationError("Velg en voksen i husholdningen.",
                                                            code=ChangeError.NOT_AN_ADULT)]
    plan["note"] = " ".join(str(details.get("note") or "").split())[:500]
    if errors:
        raise FieldErrors(errors)
    return plan


def _check_date(case: Case, force: Decision | None, change_date) -> None:
    if force is None or case.status != S.SENT:
        raise _error("case", ChangeError.NO_SENT_VEDTAK,
                     "En endring kan bare registreres i en sak med et sendt vedtak som gjelder (status «Sendt»).")
    if not isinstance(change_date, datetime.date):
        raise _error("change_date", ChangeError.DATE_REQUIRED, "Oppgi datoen endringen gjelder fra.")
    application = case.application
    if not (application.period_start <= change_date <= application.period_end):
        raise _error("change_date", ChangeError.OUTSIDE_PERIOD,
                     f"Datoen må ligge i perioden {application.period_start:%d.%m.%Y}–"
                     f"{application.period_end:%d.%m.%Y}.")
    if change_date < force.valid_from or change_date > force.valid_to:
        raise _error("change_date", ChangeError.BEFORE_VEDTAK,
                     f"Datoen kan ikke være før vedtaket som gjelder, som gjelder fra {force.valid_from:%d.%m.%Y}.")


# --- applying and reverting the facts ----------------------------------------------------------------
def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def _apply(case: Case, kind: str, plan: dict) -> dict:
    """Write the new facts; return the stored details (with ``before``), never a fødselsnummer."""
    household = case.application.household
    details: dict = {"note": plan["note"]} if plan["note"] else {}
    if kind in CHILD_KINDS:
        child = plan["child"]
        fields = {"is_active": False} if kind == ChangeKind.CHILD_LEFT else {
            name: plan[name] for name in ("institution", "weekly_hours", "monthly_price")
            if plan.get(name) not in (None, "")}
        details.update(child_id=child.pk, before={name: _plain(getattr(child, name)) for name in fields},
                       after={name: _plain(value) for name, value in fields.items()})
        Child.objects.filter(pk=child.pk).update(**fields)
    elif kind == ChangeKind.NEW_CHILD:
        person = plan["person"]
        if person.pk is None:
            person.save()
        child = Child.objects.create(
            application=case.application, person=person, given_name=plan["given_name"],
            family_name=plan["family_name"], municipality=case.municipality, service=case.application.service,
            period=case.application.period, institution=plan["institution"], weekly_hours=plan["weekly_hours"],
            monthly_price=plan["monthly_price"], sfo_trinn=plan["sfo_trinn"])
        details.update(child_id=child.pk, person=person.pk, after={
            "institution": child.institution, "weekly_hours": _plain(child.weekly_hours),
            "monthly_price": _plain(child.monthly_price)})
    elif kind in (ChangeKind.PARTNER_MOVED_IN, ChangeKind.PARTNER_MOVED_OUT):
        before = {"partner_id": household.partner_id, "partner_given_name": household.partner_given_name,
                  "partner_family_name": household.partner_family_name,
                  "partner_relation": household.partner_relation}
        if kind == ChangeKind.PARTNER_MOVED_IN:
            person = plan["person"]
            if person.pk is None:
                person.save()
            after = {"partner_id": person.pk, "partner_given_name": plan["given_name"],
                     "partner_family_name": plan["family_name"], "partner_relation": plan["relation"]}
            details["person"] = person.pk
        else:
            details["person"] = household.partner_id
            after = {"partner_id": None, "partner_given_name": "", "partner_family_name": "", "partner_relation": ""}
        details.update(before=before, after=after)
        _set_household(case, after)
    elif kind == ChangeKind.INCOME_DROP and plan.get("person_pk"):
        details["person"] = plan["person_pk"]
    return details


def _set_household(case: Case, values: dict) -> None:
    household = case.application.household
    type(household).objects.filter(pk=household.pk).update(**values)
    household.refresh_from_db()
    Case.objects.filter(pk=case.pk).update(search_text=search_text(case.saksnummer, *household.named_adults()))


def _revert(case: Case, change: Change) -> None:
    """Put back the facts a discarded change wrote (from its stored ``before``)."""
    details = change.details or {}
    if change.kind == ChangeKind.NEW_CHILD:
        Child.objects.filter(pk=details.get("child_id"), application=case.application).update(is_active=False)
    elif change.kind in CHILD_KINDS:
        before = details.get("before") or {}
        Child.objects.filter(pk=details.get("child_id"), application=case.application).update(**before)
    elif change.kind in (ChangeKind.PARTNER_MOVED_IN, ChangeKind.PARTNER_MOVED_OUT):
        _set_household(case, details.get("before") or {})
        if change.kind == ChangeKind.PARTNER_MOVED_IN:  # not in the household after all: no tax data kept
            TaxBasis.objects.filter(case=case, person_id=details.get("person")).delete()


def _next_status(kind: str) -> tuple[str, str]:
    if kind == ChangeKind.PARTNER_MOVED_IN:
        return S.FETCHING_INCOME, "henter inntekt for ny voksen"
    if kind == ChangeKind.INCOME_DROP:
        return S.NEEDS_DOCUMENTATION, "registrer dokumentert inntekt (vesentlig og varig nedgang)"
    return S.READY_FOR_ASSESSMENT, "nytt forslag beregnes"


# --- the services ------------------------------------------------------------------------------------
def _authorise(case: Case, *, actor, source: str, person) -> None:
    if source == ChangeSource.PARENT:
        household = case.application.household
        if person is None or getattr(person, "pk", None) not in {household.applicant_id, household.partner_id}:
            raise PermissionDenied
    elif source in (ChangeSource.CASEWORKER, ChangeSource.KLAGE):
        if actor is None or not can_work_cases(actor, case.municipality_id):
            raise PermissionDenied
    else:
        raise _error("source", ChangeError.INVALID, "Ukjent kilde for endringen.")


def change_register(*, case_id: int, kind: str, change_date: datetime.date, actor, source: str = "caseworker",
                    details: dict | None = None, person=None) -> Change:
    """Register an endring on a sent case and start what follows (see the module docstring).

    ``source="parent"`` is a report from the parents' portal: ``person`` is the logged-in parent, who must be
    an adult of the household (``actor`` is then ignored). Raises ``PermissionDenied`` for anyone else and
    ``FieldErrors`` (keyed ``kind``, ``change_date``, ``case``, ``details.<name>``) for bad input; either
    way nothing is changed.
    """
    case = Case.objects.select_related("municipality", "application__household").get(pk=case_id)
    _authorise(case, actor=actor, source=source, person=person)
    if kind not in ChangeKind.values:
        raise _error("kind", ChangeError.UNKNOWN_KIND, "Velg hva som er endret.")
    if (kind in KLAGE_KINDS) != (source == ChangeSource.KLAGE):
        raise _error("kind", ChangeError.KIND_NOT_ALLOWED, "Denne endringen registreres fra klagesaken.")
    _check_date(case, sent_decision(case.pk), change_date)
    plan = _plan(case, kind, details or {})
    next_status, what = _next_status(kind)
    label = ChangeKind(kind).label
    try:
        with decision_conflicts_refused(), transaction.atomic():
            case = Case.objects.select_for_update().select_related("municipality", "application__household").get(
                pk=case_id)
            _check_date(case, sent_decision(case.pk), change_date)  # again, under the lock
            stored = _apply(case, kind, plan)
            change = Change.objects.create(case=case, kind=kind, change_date=change_date, source=source,
                                           details=stored, registered_by=actor_or_none(
                                               actor if source != ChangeSource.PARENT else None))
            who = None if source == ChangeSource.PARENT else actor
            preparer_record(case_id=case.pk, actor=who, kind=CasePreparer.Kind.REGISTERED_CHANGE)
            reason = f"Endring registrert ({ChangeSource(source).label.lower()}): {label} fra " \
                     f"{change_date:%d.%m.%Y} – {what}"
            transition_case(case_id=case.pk, to=next_status, actor=actor_or_none(who), reason=reason)
            audit.audit_record(action="register_change", actor=who, municipality=case.municipality, case=case,
                               detail=f"{label} fra {change_date:%d.%m.%Y} ({ChangeSource(source).label})")
            if next_status == S.FETCHING_INCOME:
                dispatch.on_commit_send(dispatch.FETCH_INCOME, case.pk)
            elif next_status == S.READY_FOR_ASSESSMENT:
                dispatch.on_commit_send(dispatch.PROPOSE, case.pk)
    except IntegrityError as exc:  # a concurrent registration of the same new child got there first
        raise _error("details.person_id", ChangeError.DUPLICATE_CHILD,
                     "Barnet har allerede en aktiv søknad for denne tjenesten og perioden.") from exc
    return change


def change_discard(*, case_id: int, actor, reason: str) -> Case:
    """Drop the change being worked: its proposal (if any) is rejected, its facts are put back and the case
    returns to «Sendt» with the vedtak in force unchanged. Only staff who work the kommune's cases."""
    case = Case.objects.select_related("municipality", "application__household").get(pk=case_id)
    if actor is None or not can_work_cases(actor, case.municipality_id):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise _error("reason", ChangeError.REQUIRED, "Skriv hvorfor endringen forkastes.")
    with decision_conflicts_refused(), transaction.atomic():
        case = Case.objects.select_for_update().select_related("municipality", "application__household").get(
            pk=case_id)
        change = open_change(case)
        if change is None:
            raise TransitionNotAllowed("Saken har ingen endring under behandling.")
        decision_retire_proposal(case_id=case.pk, to=Decision.Status.REJECTED, actor=actor)
        _revert(case, change)
        change.details = {**(change.details or {}), "discarded": {
            "at": timezone.now().isoformat(), "by": getattr(actor, "pk", None), "reason": reason[:500]}}
        change.save(update_fields=["details"])
        transition_case(case_id=case.pk, to=S.SENT, actor=actor,
                        reason=f"Endring forkastet ({change.get_kind_display()}): {reason}"[:500])
        audit.audit_record(action="discard_change", actor=actor, municipality=case.municipality, case=case,
                           detail=f"{change.get_kind_display()} fra {change.change_date:%d.%m.%Y}")
    return Case.objects.get(pk=case_id)
