"""Income: fetch each adult's tax basis from Skatteetaten (through integrations.service), store it,
and move the case on; documented income for a 'vesentlig og varig endring'.

Two entry points, both idempotent (adults already fetched are skipped, a case that has moved past the
fetch is left alone, a row is written only while it is not done — under a row lock):

- ``cases.tasks.fetch_income`` (one case, synchronous lookups): :func:`fetch_income_for_case`;
- ``cases.tasks.fetch_income_batch`` (many cases, the asynchronous fetcher, docs/integrations.md):
  :func:`fetch_income_for_cases` looks up every adult of every case at once, writes the results in one
  transaction (bulk update, bulk audit) and returns which cases are complete; the CPU work that follows
  (conclusion and proposal) runs on the cpu queue (``cases.tasks.conclude_fetch``).
"""
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases import dispatch
from cases.constants import AdultRole, Attention, AttentionReason
from cases.constants import CaseStatus as S
from cases.models import AuditEvent, Case, CasePreparer, DocumentedIncome, TaxBasis
from cases.permissions import can_work_cases
from cases.services import audit
from cases.services.assessment import decision_propose
from cases.services.decisions import decision_conflicts_refused
from cases.services.preparers import preparer_record
from cases.services.workflow import case_set_attention, transition_case
from integrations import service as integrations

logger = logging.getLogger(__name__)

# Outcomes the caseworker must resolve with documentation (docs/reference/skatteetaten-api.md § 4.3).
NEEDS_DOCUMENTATION_TEXT = {
    "no_data": "ingen skattegrunnlag for inntektsåret",
    "person_unknown": "ukjent hos Skatteetaten – kontroller fødselsnummeret",
    "year_unavailable": "inntektsåret er ikke tilgjengelig ennå",
    "deleted": "skattegrunnlaget er trukket tilbake",
    "skjermet": "skjermet person – innhent dokumentasjon manuelt",
}


class TransientFetchError(Exception):
    """Skatteetaten or Maskinporten is unavailable now; the task retries later."""


def queue_income_fetch(*, case: Case) -> None:
    """Move the case into the fetch and create its adults' rows now, in the caller's transaction (the
    process that registers the case: database work the fetch worker, bound by Skatteetaten's limit, should
    not have to do), and queue ``fetch_income`` once the transaction commits."""
    _enter_fetch(case)
    _create_tax_basis_rows(case)
    dispatch.on_commit_send(dispatch.FETCH_INCOME, case.pk)


def income_year_for(case: Case) -> int:
    """'Det siste året': for a period starting in August Y, the income year Y − 1 (docs/reference/rules.md § 6)."""
    return case.application.period_start.year - 1


def _enter_fetch(case: Case) -> None:
    """«Mottatt» → «Henter inntekt», once; ``case`` is brought up to date."""
    if case.status == S.RECEIVED:
        transition_case(case_id=case.pk, to=S.FETCHING_INCOME, reason="Henter inntekt fra Skatteetaten")
        case.refresh_from_db(fields=["status", "status_reason"])


def _adults(case: Case) -> list[tuple[str, int]]:
    """(role, person id) of the household's adults: the søker, then the partner if there is one."""
    household = case.application.household
    return [(role, person_id) for role, person_id in ((AdultRole.SOKER, household.applicant_id),
                                                      (AdultRole.PARTNER, household.partner_id))
            if person_id is not None]


def _create_tax_basis_rows(case: Case) -> None:
    """The adults' rows in one statement (those that exist already, e.g. kept on a refetch, are left)."""
    TaxBasis.objects.bulk_create([TaxBasis(case=case, person_id=person_id, role=role)
                                  for role, person_id in _adults(case)], ignore_conflicts=True)


def _ensure_tax_basis_rows(case: Case) -> list[TaxBasis]:
    """The adults' rows, created where missing, in the order of :func:`_adults`."""
    _create_tax_basis_rows(case)
    rows = {row.person_id: row for row in TaxBasis.objects.filter(case=case)}
    return [rows[person_id] for _role, person_id in _adults(case)]


STORED_FIELDS = ["status", "outcome", "income_year", "stadie", "skatteoppgjoersdato", "ajourholdstidspunkt",
                 "skjermet", "items", "unknown_items", "personinntekt", "kapitalinntekt", "counted_income",
                 "korrelasjonsid", "raw", "fetched_at", "last_error", "attempts"]


def _store(row: TaxBasis, result) -> None:
    _apply(row, result)
    row.save()


def _apply(row: TaxBasis, result) -> None:
    data = result.as_dict()
    row.status = TaxBasis.FetchStatus.DONE
    row.outcome = data["outcome"]
    row.income_year = result.inntektsaar
    row.stadie = result.stadie or ""
    row.skatteoppgjoersdato = result.skatteoppgjoersdato
    row.ajourholdstidspunkt = data["ajourholdstidspunkt"] or ""
    row.skjermet = result.skjermet
    row.items = data["items"]
    row.unknown_items = data["unknown_items"]
    row.personinntekt = result.personinntekt if result.has_income_data else None
    row.kapitalinntekt = result.kapitalinntekt if result.has_income_data else None
    row.counted_income = result.counted_income if result.has_income_data else None
    row.korrelasjonsid = result.korrelasjonsid
    row.raw = data["raw"]
    row.fetched_at = result.fetched_at or timezone.now()
    row.last_error = ""


def _fetch_detail(row: TaxBasis, result) -> str:
    return (f"{row.get_role_display()}: {result.outcome}, inntektsår {result.inntektsaar or '-'}, "
            f"{result.stadie or '-'}")


def fetch_one(*, row_id: int) -> None:
    """Fetch one adult's tax basis; raise TransientFetchError for the task to retry."""
    row = TaxBasis.objects.select_related("case__municipality", "case__application", "person").get(pk=row_id)
    if row.status == TaxBasis.FetchStatus.DONE:
        return
    case = row.case
    try:
        result = integrations.get_tax_basis(
            orgno=case.municipality.organisasjonsnummer, person_id=row.person.person_id,
            income_year=income_year_for(case), max_years_back=1, purpose=f"sak {case.saksnummer}",
        )
    except integrations.TransientIntegrationError as exc:
        TaxBasis.objects.filter(pk=row.pk).update(
            status=TaxBasis.FetchStatus.RETRYING, attempts=row.attempts + 1, last_error=str(exc)[:500]
        )
        raise TransientFetchError(str(exc)) from exc
    with transaction.atomic():
        row.attempts += 1
        _store(row, result)
        audit.audit_record(action="fetch_tax_data", actor=None, municipality=case.municipality, case=case,
                           detail=_fetch_detail(row, result))


def park(*, case_id: int, reason: str, reason_code: str = AttentionReason.FETCH_REFUSED) -> None:
    """Stop retrying: mark unfinished fetches parked and say why on the case (visible in the UI)."""
    with transaction.atomic():
        TaxBasis.objects.filter(case_id=case_id).exclude(status=TaxBasis.FetchStatus.DONE).update(
            status=TaxBasis.FetchStatus.PARKED, last_error=reason[:500]
        )
        case_set_attention(case_id=case_id, attention=Attention.PARKED_FETCH, reason_code=reason_code, text=reason)


def fetch_income_for_case(*, case_id: int) -> bool:
    """Fetch every adult's tax basis, then move the case on. Returns True when a proposal should follow."""
    case = Case.objects.select_related("application__household").get(pk=case_id)
    _enter_fetch(case)
    if case.status != S.FETCHING_INCOME:
        return False  # already past the fetch (a redelivered task): nothing to do
    rows = _ensure_tax_basis_rows(case)
    for row in rows:
        try:
            fetch_one(row_id=row.pk)
        except integrations.PermanentIntegrationError as exc:
            park(case_id=case.pk, reason=str(exc))
            return False
    return _conclude_fetch(case_id=case.pk)


@dataclass
class BatchOutcome:
    """What :func:`fetch_income_for_cases` did: cases fetched completely (to conclude), cases with a
    transient failure (to retry: case id → error), cases parked (a permanent refusal)."""

    complete: list[int] = field(default_factory=list)
    transient: dict[int, str] = field(default_factory=dict)
    parked: list[int] = field(default_factory=list)


def _start_fetch(case_ids: list[int]) -> tuple[dict[int, Case], list[TaxBasis]]:
    """The cases still in the fetch with their adults' unfinished rows, read in two queries. A case that
    was queued without them (still «Mottatt», or rows missing) is moved into the fetch here, once."""
    cases = {}
    query = Case.objects.select_related("municipality", "application__household__applicant",
                                        "application__household__partner")
    for case in query.filter(pk__in=case_ids, status__in=[S.RECEIVED, S.FETCHING_INCOME]).order_by("pk"):
        _enter_fetch(case)
        cases[case.pk] = case
    rows = {(row.case_id, row.person_id): row for row in TaxBasis.objects.filter(case_id__in=list(cases))}
    pending = []
    for case in cases.values():
        adults = [person_id for _role, person_id in _adults(case)]
        if any((case.pk, person_id) not in rows for person_id in adults):
            rows.update({(row.case_id, row.person_id): row for row in _ensure_tax_basis_rows(case)})
        for person_id in adults:
            row = rows[(case.pk, person_id)]
            if row.status != TaxBasis.FetchStatus.DONE:
                row.case = case
                pending.append(row)
    return cases, pending


def _request(row: TaxBasis) -> integrations.TaxBasisRequest:
    case = row.case
    person = case.application.household.applicant if row.role == AdultRole.SOKER else case.application.household.partner
    return integrations.TaxBasisRequest(
        orgno=case.municipality.organisasjonsnummer, person_id=person.person_id,
        income_year=income_year_for(case), max_years_back=1, purpose=f"sak {case.saksnummer}")


def fetch_income_for_cases(*, case_ids: list[int]) -> BatchOutcome:
    """Fetch every unfinished adult of the cases at once (asynchronous fetcher), write the results in one
    transaction, park the cases Skatteetaten or the configuration refused. Does not conclude the cases:
    ``complete`` lists those whose adults are all fetched now."""
    cases, pending = _start_fetch(list(case_ids))
    results = integrations.get_tax_bases([_request(row) for row in pending]) if pending else []
    outcome, refused = BatchOutcome(), {}
    with transaction.atomic():
        locked = {row.pk: row for row in TaxBasis.objects.select_for_update().filter(
            pk__in=[row.pk for row in pending]).exclude(status=TaxBasis.FetchStatus.DONE)}
        changed, events = [], []
        for row, result in zip(pending, results, strict=True):
            fresh = locked.get(row.pk)
            if fresh is None:
                continue  # written meanwhile (a redelivered batch)
            case = cases[row.case_id]
            if isinstance(result, integrations.TransientIntegrationError):
                fresh.status, fresh.attempts, fresh.last_error = (TaxBasis.FetchStatus.RETRYING, fresh.attempts + 1,
                                                                  str(result)[:500])
                outcome.transient[case.pk] = str(result)
            elif isinstance(result, Exception):  # refused: configuration, access, an invalid number
                refused.setdefault(case.pk, str(result))
                continue
            else:
                fresh.attempts += 1
                _apply(fresh, result)
                events.append(audit.audit_event(action="fetch_tax_data", actor=None, municipality=case.municipality,
                                                case=case, detail=_fetch_detail(fresh, result)))
            changed.append(fresh)
        # An upsert on the primary key (rows locked above): one INSERT … ON CONFLICT DO UPDATE, far cheaper to
        # build than bulk_update's CASE WHEN per field and row (the fetch worker's largest CPU cost).
        TaxBasis.objects.bulk_create(changed, update_conflicts=True, unique_fields=["id"], update_fields=STORED_FIELDS)
        AuditEvent.objects.bulk_create(events)
    for case_id, reason in refused.items():
        park(case_id=case_id, reason=reason)
        outcome.parked.append(case_id)
    outcome.complete = [pk for pk in cases if pk not in refused and pk not in outcome.transient]
    return outcome


def case_conclude_fetch(*, case_id: int) -> bool:
    """After a batch fetch: move the case on when every adult is fetched. True when a proposal should follow.
    A case no longer in the fetch (a redelivered message) is left alone."""
    if not Case.objects.filter(pk=case_id, status=S.FETCHING_INCOME).exists():
        return False
    return _conclude_fetch(case_id=case_id)


def _conclude_fetch(*, case_id: int) -> bool:
    case = Case.objects.select_related("application__household").get(pk=case_id)
    household = case.application.household
    documented = set(case.documented_incomes.values_list("person_id", flat=True))
    problems = []
    for row in case.tax_bases.all():
        if row.status != TaxBasis.FetchStatus.DONE:
            return False
        if row.outcome != TaxBasis.Outcome.FOUND and row.person_id not in documented:
            problems.append(f"{household.name_of(row.person_id)}: "
                            f"{NEEDS_DOCUMENTATION_TEXT.get(row.outcome, row.outcome)}")
    case_set_attention(case_id=case_id, attention=Attention.NONE)
    if problems:
        transition_case(case_id=case_id, to=S.NEEDS_DOCUMENTATION, reason="; ".join(problems))
        return False
    transition_case(case_id=case_id, to=S.READY_FOR_ASSESSMENT, reason="Inntekt hentet for alle voksne")
    return True


def case_refetch_income(*, case_id: int, actor) -> None:
    """Fetch again (e.g. after a parked fetch or a corrected number): reset and queue the task.

    The actor becomes a preparer of the case: the proposal the fetch leads to is their doing."""
    case = Case.objects.get(pk=case_id)
    if not can_work_cases(actor, case.municipality_id):
        raise PermissionDenied
    with decision_conflicts_refused(), transaction.atomic():
        Case.objects.select_for_update().get(pk=case_id)
        preparer_record(case_id=case_id, actor=actor, kind=CasePreparer.Kind.REFETCHED_INCOME)
        TaxBasis.objects.filter(case=case).exclude(status=TaxBasis.FetchStatus.DONE, outcome="found").delete()
        case_set_attention(case_id=case_id, attention=Attention.NONE, actor=actor)
        if case.status != S.FETCHING_INCOME:
            transition_case(case_id=case_id, to=S.FETCHING_INCOME, actor=actor, reason="Ny innhenting av inntekt")
        queue_income_fetch(case=case)


def documented_income_add(*, case_id: int, person_id: int, yearly_income: int, reason: str, documents: str,
                          actor) -> DocumentedIncome:
    """Record income documented after a substantial and lasting decrease, then propose again."""
    case = Case.objects.select_related("application__household").get(pk=case_id)
    if not can_work_cases(actor, case.municipality_id):
        raise PermissionDenied
    adults = {p.pk for p in case.application.household.adults()}
    if person_id not in adults:
        raise ValidationError("Personen er ikke voksen i husholdningen.")
    if yearly_income is None or int(yearly_income) < 0:
        raise ValidationError("Inntekten må være et positivt beløp.")
    if not (reason or "").strip() or not (documents or "").strip():
        raise ValidationError("Begrunnelse og dokumentasjon må fylles ut.")
    fetched = case.tax_bases.filter(person_id=person_id, outcome=TaxBasis.Outcome.FOUND).first()
    if fetched and fetched.counted_income is not None and int(yearly_income) > fetched.counted_income:
        # Udir: only a substantial and lasting *decrease* can replace the tax data (docs/reference/rules.md § 6).
        raise ValidationError("Dokumentert inntekt kan bare brukes ved en vesentlig og varig nedgang, "
                              "ikke når inntekten er høyere enn i skattegrunnlaget.")
    with transaction.atomic():
        preparer_record(case_id=case_id, actor=actor, kind=CasePreparer.Kind.DOCUMENTED_INCOME)
        entry, _ = DocumentedIncome.objects.update_or_create(
            case=case, person_id=person_id,
            defaults={"yearly_income": int(yearly_income), "reason": reason.strip(),
                      "documents": documents.strip(), "registered_by": actor},
        )
        if case.status == S.NEEDS_DOCUMENTATION:
            transition_case(case_id=case_id, to=S.READY_FOR_ASSESSMENT, actor=actor,
                            reason="Dokumentert inntekt registrert")
        if Case.objects.get(pk=case_id).status in (S.READY_FOR_ASSESSMENT, S.PROPOSED):
            decision_propose(case_id=case_id, actor=actor)
    return entry
