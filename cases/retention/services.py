"""Delete what is past its retention period, one case at a time, and report it per kommune and day.

A case is past retention when its application's period (the decision period) ended more than the
kommune's ``retention_years`` whole years ago, and, where archiving is required, its archive copy is
confirmed (``archive_confirmed``). Deleting a case removes, inside one transaction (a savepoint per
case, so one failure never undoes the others):

- its renewal items (as source or as renewal case), its forsendelser (SvarUt deliveries, with the klage
  letters' stored PDFs) and its decisions with their child fees; the
  decisions' PDFs and the parents' uploaded documentation leave private storage after the transaction commits;
- the case with its history, tax bases and documented income (these cascade);
- the application with its children, and the household when no other application uses it;
- every person of the case that no remaining row refers to (checked with Django's own deletion
  collector, so a relation added later that protects or cascades keeps the person);
- the audit events stay (who looked at tax data, and when, is the kommune's accountability record):
  they lose their link to the case and keep its saksnummer in the detail.

The order is what makes the ``PROTECT`` foreign keys (case → application → household → person,
decision → case, child fee → child) no obstacle. Running twice deletes nothing twice: a deleted case is
no longer found, and the day's report adds to its counters.
"""
import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F, ProtectedError, Q, RestrictedError, Value
from django.db.models.deletion import Collector
from django.db.models.functions import Concat, Left
from django.utils import timezone

from cases.models import AuditEvent, Case, CaseDocument, Decision, Forsendelse, Municipality, Person, RenewalItem

from .models import DeletionReport

logger = logging.getLogger(__name__)


def cutoff_date(today: datetime.date, years: int) -> datetime.date:
    """The day ``years`` whole years before ``today`` (29 February → 28 February): periods that ended
    before it are past retention."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def archive_confirmed(case: Case) -> bool:
    """Whether ``case`` may be deleted as far as archiving goes.

    The rule: when ``RETENTION_REQUIRE_ARCHIVE_CONFIRMATION`` is off (the kommune's arkivplan does not
    archive these cases from this system, e.g. they are kassert or journaled by hand), every case
    qualifies. When it is on (the default), a case qualifies only with a confirmed archive copy; this
    system has no archive integration that records one, so no case qualifies and each is reported as
    held (``held_for_archive``) until such an integration sets the confirmation this function reads.
    """
    return not settings.RETENTION_REQUIRE_ARCHIVE_CONFIRMATION


@dataclass
class RetentionResult:
    cases_deleted: int = 0
    persons_deleted: int = 0
    files_deleted: int = 0
    held_for_archive: int = 0
    failed: int = 0
    saksnumre: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


def due_cases(municipality: Municipality, today: datetime.date):
    return (Case.objects.filter(municipality=municipality,
                                application__period_end__lt=cutoff_date(today, municipality.retention_years))
            .order_by("pk"))


def _unreferenced(person: Person) -> bool:
    """True when deleting ``person`` would delete nothing else and nothing protects it."""
    collector = Collector(using="default")
    try:
        collector.collect([person])
    except (ProtectedError, RestrictedError):
        return False
    others = [model for model, rows in collector.data.items() if rows and model is not Person]
    if others or any(qs.exists() for qs in collector.fast_deletes):
        return False
    return True


def _delete_case(case_id: int) -> tuple[str, int, list[str]]:
    """Delete one case as the module docstring says; ``(saksnummer, persons deleted, PDF names)``."""
    case = Case.objects.select_for_update().select_related("application__household").get(pk=case_id)
    application = case.application
    household = application.household
    person_ids = {household.applicant_id, household.partner_id,
                  *application.children.values_list("person_id", flat=True),
                  *case.tax_bases.values_list("person_id", flat=True),
                  *case.documented_incomes.values_list("person_id", flat=True)} - {None}
    files = [name for name in Decision.objects.filter(case=case).values_list("pdf", flat=True) if name]
    files += [name for name in CaseDocument.objects.filter(case=case).values_list("file", flat=True) if name]
    files += [name for name in Forsendelse.objects.filter(case=case).values_list("document_name", flat=True) if name]

    AuditEvent.objects.filter(case=case).update(
        case=None, detail=Left(Concat(Value(f"[slettet sak {case.saksnummer}] "), F("detail")), 500))
    RenewalItem.objects.filter(Q(source_case=case) | Q(case=case)).delete()
    Forsendelse.objects.filter(case=case).delete()  # the delivery rows (SvarUt ids, status) and klage letters
    Decision.objects.filter(case=case).delete()
    case.delete()
    application.delete()
    if not household.applications.exists():
        household.delete()
    persons = 0
    for person in Person.objects.filter(pk__in=person_ids).order_by("pk"):
        if _unreferenced(person):
            person.delete()
            persons += 1
    return case.saksnummer, persons, files


def _remove_files(names: list[str]) -> None:
    store = storages["private"]
    for name in names:
        try:
            store.delete(name)
        except OSError:
            logger.exception("retention: could not remove a vedtak PDF from private storage")


def retention_apply(*, municipality_id: int, today: datetime.date | None = None) -> DeletionReport:
    """Delete ``municipality``'s cases past retention; return the day's report (created or added to)."""
    today = today or timezone.localdate()
    municipality = Municipality.objects.get(pk=municipality_id)
    result = RetentionResult()
    files: list[str] = []
    with transaction.atomic():
        for case in due_cases(municipality, today).select_related("application"):
            if not archive_confirmed(case):
                result.held_for_archive += 1
                continue
            try:
                with transaction.atomic():
                    saksnummer, persons, pdfs = _delete_case(case.pk)
            except (ProtectedError, RestrictedError) as exc:
                result.failed += 1
                blocking = sorted({obj._meta.label for obj in exc.args[1]}) if len(exc.args) > 1 else []
                result.problems.append({"saksnummer": case.saksnummer, "blocked_by": blocking})
                continue
            result.cases_deleted += 1
            result.persons_deleted += persons
            result.saksnumre.append(saksnummer)
            files += pdfs
        result.files_deleted = len(files)
        report = _report(municipality, today, result)
        transaction.on_commit(lambda: _remove_files(files))
    return report


def _report(municipality: Municipality, today: datetime.date, result: RetentionResult) -> DeletionReport:
    report, _ = DeletionReport.objects.select_for_update().get_or_create(
        municipality=municipality, run_date=today,
        defaults={"retention_years": municipality.retention_years,
                  "cutoff": cutoff_date(today, municipality.retention_years)})
    report.retention_years = municipality.retention_years
    report.cutoff = cutoff_date(today, municipality.retention_years)
    report.cases_deleted += result.cases_deleted
    report.persons_deleted += result.persons_deleted
    report.files_deleted += result.files_deleted
    report.held_for_archive = result.held_for_archive  # a state, not a sum: what waits today
    report.failed = result.failed
    report.saksnumre = [*report.saksnumre, *result.saksnumre]
    report.problems = result.problems
    report.save()
    return report
