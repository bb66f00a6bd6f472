"""Who prepared a case: written by the services, one row per case, user and kind."""
from cases.models import CasePreparer
from cases.services.assessment import decision_propose
from tests import factories
from tests.views.conftest import make_ready

P = CasePreparer.Kind


def kinds(case):
    return set(CasePreparer.objects.filter(case=case).values_list("user__username", "kind"))


def test_the_registrant_is_a_preparer(kommune, saksbehandler):
    assert kinds(factories.case(kommune, user=saksbehandler)) == {("saksbehandler", P.REGISTERED)}


def test_a_system_registration_has_no_preparer(kommune):
    assert kinds(factories.case(kommune)) == set()


def test_a_manual_proposal_counts_the_proposer_and_an_automatic_one_nobody(kommune, saksbehandler, both,
                                                                              parameters):
    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision_propose(case_id=case.pk)
    assert kinds(case) == {("saksbehandler", P.REGISTERED)}
    decision_propose(case_id=case.pk, actor=both)
    decision_propose(case_id=case.pk, actor=both)
    assert kinds(case) == {("saksbehandler", P.REGISTERED), ("begge", P.PROPOSED)}


def test_a_csv_import_counts_the_importer(kommune, saksbehandler):
    import datetime

    from cases.csv_import import applications_import
    from tests.support.person_ids import make_person_id

    adult, child = make_person_id(datetime.date(1990, 1, 1)), make_person_id(datetime.date(2022, 1, 1))
    header = ("tjeneste;periode;soker_fnr;soker_fornavn;soker_etternavn;barn_fnr;barn_fornavn;barn_etternavn;"
              "barnehage_skole;timer_per_uke;manedspris")
    row = f"barnehage;2026/27;{adult};Kari;Li;{child};Per;Li;Solsikken;41;1200"
    result = applications_import(municipality=kommune, content=f"{header}\n{row}\n".encode(), actor=saksbehandler)
    assert not result.errors, result.errors
    (case,) = result.cases
    assert kinds(case) == {("saksbehandler", P.REGISTERED)}


def test_the_migration_backfills_preparers_from_the_stored_history(kommune, saksbehandler, both, parameters):
    import importlib

    from django.apps import apps

    from cases.services.income import case_refetch_income, documented_income_add

    migration = importlib.import_module("cases.migrations.0008_foureyes_preparers_and_application_names")
    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision_propose(case_id=case.pk, actor=both)
    documented_income_add(case_id=case.pk, person_id=case.application.household.partner_id, yearly_income=1000,
                          reason="Ufør", documents="NAV", actor=both)
    case_refetch_income(case_id=case.pk, actor=saksbehandler)
    before = kinds(case)
    CasePreparer.objects.all().delete()
    migration.backfill_preparers(apps, None)
    assert kinds(case) == before == {("saksbehandler", P.REGISTERED), ("begge", P.PROPOSED),
                                     ("begge", P.DOCUMENTED_INCOME), ("saksbehandler", P.REFETCHED_INCOME)}
