"""Two kommuner with one case each, and a user for every role of docs/security.md.

The attacker is ``admin_b``: staff, administrator in kommune B only, and given every model permission
Django has (the role table must not depend on them). The saksbehandler and godkjenner are made staff
with every permission too: the worst case.
"""
import datetime as dt
import uuid

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, Permission

from accounts.models import IdentityProvider, MunicipalityLoginPolicy, StaffIdentity
from cases.billing.models import ExportRun
from cases.billing.services import billing_token_create
from cases.constants import Role
from cases.models import (
    AuditEvent,
    ChildFee,
    Decision,
    DocumentedIncome,
    KommunalModeration,
    KommuneRuleChoice,
    LegalParameter,
    Membership,
    TaxBasis,
    User,
)
from cases.retention.models import DeletionReport
from integrations.models import IncomeClassificationRule, MunicipalityIntegration
from integrations.svarut_account import SvarUtAccount
from tests import factories

RAW_PERSON_ID_KEY = "personidentifikator"


def _case_with_everything(kommune, applicant_given: str):
    case = factories.case(kommune, applicant=factories.person(dt.date(1985, 4, 12), applicant_given, "Hansen"))
    household = case.application.household
    applicant = household.applicant
    TaxBasis.objects.create(
        case=case, person=applicant, role="soker", status="done", outcome="found", income_year=2024,
        stadie="oppgjoer", items=[{"tekniskNavn": "samletLoennsinntekt", "beloep": 612345, "kategori": "inntekt",
                                   "class": "personinntekt"}],
        personinntekt=612345, kapitalinntekt=0, counted_income=612345, korrelasjonsid="k-1",
        raw={"inntektsaar": "2024", "grunnlag": []},
    )
    DocumentedIncome.objects.create(case=case, person=applicant, yearly_income=400000, reason="Ny jobb",
                                    documents="Lønnsslipper", registered_by=User.objects.create_user(
                                        f"reg-{kommune.pk}"))
    child = case.application.children.first()
    decision = Decision.objects.create(
        case=case, calculated_on=dt.date(2026, 8, 1), valid_from=dt.date(2026, 8, 1),
        valid_to=dt.date(2027, 7, 31), household_income=612345, total_monthly_fee=1200,
        calculation={"children": [], "parameters_used": []},
        inputs={"income": {"persons": [{"name": household.applicant_name, "role": "søker", "source": "skatteetaten",
                                        "income_year": 2024, "counted": 612345}]}},
        rules_version="test", four_eyes_required=True,
    )
    ChildFee.objects.create(decision=decision, child=child, monthly_fee=1200, steps=[
        {"rule": "makspris", "legal_basis": "forskrift § 1", "amount_before": "1200.0000000000000000001",
         "amount": "1200.00000000000000000001"},
    ])
    AuditEvent.objects.create(municipality=kommune, case=case, action="export", detail="test")
    return case


@pytest.fixture
def world(db):
    """Kommune A (the victim) and B (the attacker's), with rows of every admin model in each."""
    a = factories.municipality("Kommune A")
    b = factories.municipality("Kommune B")
    everything = Permission.objects.all()

    def staff(username, kommune, role, **flags):
        user = factories.staff(username, kommune, role)
        user.is_staff = True
        for name, value in flags.items():
            setattr(user, name, value)
        user.save()
        user.user_permissions.set(everything)
        return user

    w = {
        "a": a, "b": b,
        "admin_b": staff("admin_b", b, Role.ADMINISTRATOR),
        "admin_a": staff("admin_a", a, Role.ADMINISTRATOR),
        "saksbehandler_b": staff("saksbehandler_b", b, Role.SAKSBEHANDLER),
        "godkjenner_b": staff("godkjenner_b", b, Role.GODKJENNER),
        "user_a": factories.staff("user_a", a, Role.SAKSBEHANDLER),
        "user_b": factories.staff("user_b", b, Role.SAKSBEHANDLER),
        "superuser": User.objects.create_superuser("operator", password="passord-123"),
        "case_a": _case_with_everything(a, "Astrid"),
        "case_b": _case_with_everything(b, "Bjørg"),
        "group": Group.objects.create(name="alle rettigheter"),
    }
    w["group"].permissions.set(everything)
    for key, kommune in (("integration_a", a), ("integration_b", b)):
        w[key] = MunicipalityIntegration.objects.create(
            orgno=kommune.organisasjonsnummer, name=kommune.name, environment="test", client_id=f"client-{key}",
            secret_env_var="SKATTEDELING_SECRET_P12")
    for side, kommune in (("a", a), ("b", b)):
        w[f"svarut_{side}"] = SvarUtAccount.objects.create(
            orgno=kommune.organisasjonsnummer, name=kommune.name, environment="test", konto_id=uuid.uuid4(),
            integrasjon_id=uuid.uuid4(), password_env_var="SKATTEDELING_SECRET_SVARUT")
        w[f"identity_{side}"] = StaffIdentity.objects.create(
            user=w[f"user_{side}"], issuer="https://idp.example.no", subject=f"subject-{side}")
        w[f"login_policy_{side}"] = MunicipalityLoginPolicy.objects.create(municipality=kommune)
        from portal.models import PortalSettings

        w[f"portal_{side}"] = PortalSettings.objects.create(municipality=kommune)
        w[f"rule_choice_{side}"] = KommuneRuleChoice.objects.create(
            municipality=kommune, valid_from=dt.date(2024, 8, 1), source="Kommunens forskrift")
        w[f"deletion_report_{side}"] = DeletionReport.objects.create(
            municipality=kommune, run_date=dt.date(2026, 12, 1), retention_years=5, cutoff=dt.date(2021, 7, 31))
        w[f"billing_token_{side}"], _ = billing_token_create(municipality_id=kommune.pk, name="Fakturering",
                                                             actor=w[f"user_{side}"])
        w[f"billing_run_{side}"] = ExportRun.objects.create(municipality=kommune, channel="page",
                                                            through_month=dt.date(2026, 9, 1))
        w[f"moderation_{side}"] = KommunalModeration.objects.create(
            municipality=kommune, service="barnehage", valid_from=dt.date(2024, 8, 1), source="Kommunens forskrift")
    w["idp"] = IdentityProvider.objects.create(slug="idp", name="Kommunens IdP", issuer="https://idp.example.no",
                                               client_id="skattedeling",
                                               client_secret_env_var="SKATTEDELING_SECRET_IDP")
    w["access_attempt"] = AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1)
    w["access_log"] = AccessLog.objects.create(username="x", ip_address="127.0.0.1")
    w["access_failure_log"] = AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1")
    return w


def rows(world, side: str) -> dict:
    """One row of every admin model in kommune ``side`` ("a" or "b"); global rows for both."""
    kommune, case = world[side], world[f"case_{side}"]
    return {
        "cases.municipality": kommune,
        "cases.user": world[f"user_{side}"],
        "cases.membership": Membership.objects.get(user=world[f"user_{side}"]),
        "auth.group": world["group"],
        "cases.person": case.application.household.applicant,
        "cases.household": case.application.household,
        "cases.application": case.application,
        "cases.case": case,
        "cases.decision": case.decisions.get(),
        "cases.taxbasis": case.tax_bases.get(),
        "cases.documentedincome": case.documented_incomes.get(),
        "cases.auditevent": AuditEvent.objects.filter(case=case).first(),
        "cases.legalparameter": LegalParameter.objects.order_by("pk").first(),
        "integrations.incomeclassificationrule": IncomeClassificationRule.objects.order_by("pk").first(),
        "integrations.municipalityintegration": world[f"integration_{side}"],
        "integrations.svarutaccount": world[f"svarut_{side}"],
        "cases.kommunerulechoice": world[f"rule_choice_{side}"],
        "cases.kommunalmoderation": world[f"moderation_{side}"],
        "retention.deletionreport": world[f"deletion_report_{side}"],
        "billing.billingtoken": world[f"billing_token_{side}"],
        "billing.exportrun": world[f"billing_run_{side}"],
        "accounts.identityprovider": world["idp"],
        "accounts.staffidentity": world[f"identity_{side}"],
        "accounts.municipalityloginpolicy": world[f"login_policy_{side}"],
        "portal.portalsettings": world[f"portal_{side}"],
        "axes.accessattempt": world["access_attempt"],
        "axes.accesslog": world["access_log"],
        "axes.accessfailurelog": world["access_failure_log"],
    }


def url(label: str, action: str, obj=None) -> str:
    app, model = label.split(".")
    if action == "changelist":
        return f"/admin/{app}/{model}/"
    if action == "add":
        return f"/admin/{app}/{model}/add/"
    return f"/admin/{app}/{model}/{obj.pk}/{action}/"


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client
    return login
