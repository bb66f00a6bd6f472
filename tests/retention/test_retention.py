"""Retention with frozen time: exactly what is past the kommune's retention period is deleted, nothing
else; the PROTECT chain does not block it; a second run changes nothing; archiving holds cases back."""
import datetime
import random

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from cases.constants import CaseStatus, Role
from cases.models import (
    Application,
    AuditEvent,
    Case,
    ChildFee,
    Decision,
    Forsendelse,
    Household,
    Person,
    RenewalItem,
    RenewalRun,
    TaxBasis,
)
from cases.retention.models import DeletionReport
from cases.retention.services import cutoff_date, retention_apply
from cases.retention.tasks import apply_retention as retention_task
from cases.services import audit
from devtools.synthetic import Adult, HouseholdSpec, SyntheticIds, create_cases
from tests import factories

pytestmark = pytest.mark.django_db

OSLO = datetime.timezone(datetime.timedelta(hours=2))


@pytest.fixture(autouse=True)
def _no_archive_requirement(settings):
    settings.RETENTION_REQUIRE_ARCHIVE_CONFIRMATION = False


@pytest.fixture
def ids():
    return SyntheticIds(offset=random.Random().randrange(200))


@pytest.fixture
def make(godkjenner, ids):
    def make(kommune, period, *, applicant: Adult | None = None, status=CaseStatus.SENT, pdf=True):
        applicant = applicant or Adult(ids.make(datetime.date(1985, 3, 3)), "Kari", "Nordmann", 300_000)
        spec = HouseholdSpec(applicant=applicant, partner=None, service="barnehage", status=status,
                             children=[(datetime.date(int(period[:4]) - 2, 5, 5), None)])
        (case_id,) = create_cases(municipality=kommune, period=period, specs=[spec], approver=godkjenner, ids=ids)
        case = Case.objects.get(pk=case_id)
        for decision in Decision.objects.filter(case=case):
            if pdf:
                decision.pdf.save(f"{case.saksnummer.replace('/', '-')}.pdf", ContentFile(b"%PDF-1.7 test"))
            audit.audit_record(action="view_tax_data", actor=godkjenner, municipality=kommune, case=case,
                         detail="vurdering av søknaden")
        return case

    return make


def test_cutoff_date():
    assert cutoff_date(datetime.date(2031, 8, 1), 5) == datetime.date(2026, 8, 1)
    assert cutoff_date(datetime.date(2032, 2, 29), 1) == datetime.date(2031, 2, 28)


def test_deletes_exactly_what_is_past_its_time(kommune, other_kommune, make, ids, django_capture_on_commit_callbacks):
    kommune.retention_years = 5
    kommune.save()
    other_kommune.retention_years = 10
    other_kommune.save()
    shared = Adult(ids.make(datetime.date(1984, 1, 9)), "Ola", "Hansen", 400_000)
    old = make(kommune, "2025/26", applicant=shared)          # ended 31.07.2026: due from 01.08.2031
    old_rejected = make(kommune, "2025/26", status=CaseStatus.READY_FOR_ASSESSMENT, pdf=False)
    newer = make(kommune, "2026/27", applicant=shared)        # same parent, next year: kept
    elsewhere = make(other_kommune, "2025/26")                # 10 years there: kept
    old_pdf = Decision.objects.get(case=old).pdf.name
    newer_pdf = Decision.objects.get(case=newer).pdf.name
    old_people = set(Person.objects.filter(child_places__application__case=old).values_list("pk", flat=True))
    run = RenewalRun.objects.create(municipality=kommune, period="2026/27", status="finished")
    RenewalItem.objects.create(run=run, source_case=old, case=newer, service="barnehage", outcome="created")

    with time_machine.travel(datetime.datetime(2031, 7, 31, 12, tzinfo=OSLO), tick=False):
        report = retention_apply(municipality_id=kommune.pk)
    assert report.cases_deleted == 0 and Case.objects.filter(pk=old.pk).exists()

    with time_machine.travel(datetime.datetime(2031, 8, 1, 12, tzinfo=OSLO), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            report = retention_apply(municipality_id=kommune.pk)

    assert report.cases_deleted == 2 and report.failed == 0
    assert sorted(report.saksnumre) == sorted([old.saksnummer, old_rejected.saksnummer])
    remaining = set(Case.objects.values_list("pk", flat=True))
    assert remaining == {newer.pk, elsewhere.pk}
    assert not Application.objects.filter(pk__in=[old.application_id, old_rejected.application_id]).exists()
    assert not Decision.objects.filter(case_id__in=[old.pk, old_rejected.pk]).exists()
    assert not TaxBasis.objects.filter(case_id__in=[old.pk, old_rejected.pk]).exists()
    assert ChildFee.objects.filter(decision__case=newer).exists()
    assert TaxBasis.objects.filter(case=newer).exists() and TaxBasis.objects.filter(case=elsewhere).exists()
    # The parent with a newer case stays; the old case's child (in no other case) is gone.
    assert Person.objects.filter(person_id=shared.person_id).exists()
    assert not Person.objects.filter(pk__in=old_people).exists()
    assert Household.objects.filter(applications__case=newer).exists()
    # The PDF left private storage; the newer one did not.
    assert not storages["private"].exists(old_pdf) and storages["private"].exists(newer_pdf)
    assert report.files_deleted == 1
    # The audit trail stays, unlinked, with the saksnummer; the renewal item that needed the old case is gone.
    kept = AuditEvent.objects.filter(detail__startswith=f"[slettet sak {old.saksnummer}]")
    assert kept.count() == 1 and kept.get().case_id is None
    assert AuditEvent.objects.filter(case=newer).count() == 1
    assert not RenewalItem.objects.filter(source_case_id=old.pk).exists()
    assert not DeletionReport.objects.filter(municipality=other_kommune).exists()


def test_second_run_changes_nothing(kommune, make):
    make(kommune, "2020/21")
    make(kommune, "2026/27")
    with time_machine.travel(datetime.datetime(2030, 1, 10, 12, tzinfo=OSLO), tick=False):
        first = retention_apply(municipality_id=kommune.pk)
        counts = (Case.objects.count(), Person.objects.count(), AuditEvent.objects.count())
        second = retention_apply(municipality_id=kommune.pk)
    assert first.pk == second.pk and second.cases_deleted == 1
    assert (Case.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == counts
    assert DeletionReport.objects.filter(municipality=kommune).count() == 1


def test_archive_confirmation_required_holds_cases(kommune, make, settings):
    settings.RETENTION_REQUIRE_ARCHIVE_CONFIRMATION = True
    old = make(kommune, "2020/21")
    with time_machine.travel(datetime.datetime(2030, 1, 10, 12, tzinfo=OSLO), tick=False):
        report = retention_apply(municipality_id=kommune.pk)
    assert report.cases_deleted == 0 and report.held_for_archive == 1
    assert Case.objects.filter(pk=old.pk).exists()


def test_beat_task_runs_every_kommune(kommune, other_kommune, make):
    make(kommune, "2020/21")
    make(other_kommune, "2020/21")
    with time_machine.travel(datetime.datetime(2030, 1, 10, 12, tzinfo=OSLO), tick=False):
        retention_task.delay()  # eager in tests: each kommune's task runs
    assert Case.objects.count() == 0
    assert DeletionReport.objects.filter(cases_deleted=1).count() == 2


def test_report_in_admin_is_scoped_to_the_administrators_kommune(client, kommune, other_kommune):
    DeletionReport.objects.create(municipality=kommune, run_date=datetime.date(2030, 1, 1), retention_years=5,
                                  cutoff=datetime.date(2025, 1, 1), cases_deleted=3)
    theirs = DeletionReport.objects.create(municipality=other_kommune, run_date=datetime.date(2030, 1, 1),
                                           retention_years=5, cutoff=datetime.date(2025, 1, 1), cases_deleted=7)
    admin = factories.staff("admin-a", kommune, Role.ADMINISTRATOR)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    listing = client.get("/admin/retention/deletionreport/")
    assert listing.status_code == 200
    assert len(listing.context["cl"].result_list) == 1
    assert listing.context["cl"].result_list[0].municipality == kommune
    assert client.get(f"/admin/retention/deletionreport/{theirs.pk}/change/").status_code in (302, 404)


def test_a_blocked_case_is_reported_and_the_others_still_go(kommune, make, monkeypatch):
    """A row added by another feature that protects a case must not stop the whole run, nor half-delete."""
    from django.db.models import ProtectedError

    from cases.retention import services

    blocked, other = make(kommune, "2020/21"), make(kommune, "2020/21")
    real = services._delete_case

    def delete(case_id):
        if case_id == blocked.pk:
            Decision.objects.filter(case_id=case_id).delete()  # a partial write, to be rolled back
            raise ProtectedError("protected", {Case.objects.get(pk=case_id)})
        return real(case_id)

    monkeypatch.setattr(services, "_delete_case", delete)
    with time_machine.travel(datetime.datetime(2030, 1, 10, 12, tzinfo=OSLO), tick=False):
        report = retention_apply(municipality_id=kommune.pk)
    assert report.cases_deleted == 1 and report.failed == 1
    assert report.problems == [{"saksnummer": blocked.saksnummer, "blocked_by": ["cases.Case"]}]
    assert Decision.objects.filter(case=blocked).exists()  # the savepoint undid the partial delete
    assert not Case.objects.filter(pk=other.pk).exists()


def test_a_delivered_case_goes_with_its_forsendelser_and_their_letters(
        kommune, make, django_capture_on_commit_callbacks):
    """SvarUt deliveries (PROTECT to case and decision) and a klage letter's stored PDF do not hold the case."""
    case = make(kommune, "2019/20")
    decision = Decision.objects.get(case=case)
    store = storages["private"]
    letter = store.save("klage/oversendelse-test.pdf", ContentFile(b"%PDF-1.7 klage"))
    common = dict(case=case, decision=decision, role=Forsendelse.Role.SOKER, recipient_name="Kari Nordmann",
                  channel=Forsendelse.Channel.SVARUT, state=Forsendelse.State.DONE)
    Forsendelse.objects.create(**common, ekstern_referanse=f"test-{case.pk}-vedtak", svarut_id="abc")
    Forsendelse.objects.create(**common, ekstern_referanse=f"test-{case.pk}-klage", letter_key="klage:1",
                               document_name=letter, document_title="Oversendelse", document_filename="k.pdf",
                               document_type="Brev")
    with time_machine.travel(datetime.datetime(2031, 1, 2, 3, tzinfo=OSLO), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        retention_apply(municipality_id=kommune.pk)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Forsendelse.objects.filter(case_id=case.pk).exists()
    assert not store.exists(letter)
