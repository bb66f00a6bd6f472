"""Fixtures for the SvarUt tests: the environment configuration pointed at the simulator, test PDFs and
synthetic recipients whose delivery route is the simulator's documented rule (docs/simulator.md § SvarUt)."""
from __future__ import annotations

import datetime

import pytest

from tests import factories
from tests.support.person_ids import make_person_id
from tests.views.conftest import make_ready

DEMO = "910753614"
DIGITAL, ALTINN, RESERVED, UNREAD = 0, 1, 2, 3
ADDRESS = "Storgata 1, 0155 Oslo"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n\x00\xfe\xff vedtak \r\n%%EOF\n"


def recipient_id(route: int, *, year: int = 1988) -> str:
    """A synthetic fødselsnummer whose individnummer % 4 is ``route``."""
    for ind in range(route, 500, 4):
        pid = make_person_id(datetime.date(year, 3, 14), individual=ind)
        if int(pid[6:9]) % 4 == route:
            return pid
    raise AssertionError("no number")


def svarut_environment(simulator, orgno: str = DEMO) -> dict[str, str]:
    """The contract's environment variables for ``orgno``'s konto on the simulator."""
    account = simulator.svarut_account(orgno)
    return {
        "MASKINPORTEN_ISSUER": simulator.issuer,
        "MASKINPORTEN_CLIENT_ID": simulator.client(orgno)["client_id"],
        "MASKINPORTEN_CERTIFICATE": str(simulator.p12_path(orgno)),
        "MASKINPORTEN_CERTIFICATE_PASSWORD": simulator.password,
        "SVARUT_URL": simulator.svarut_base_url,
        "SVARUT_KONTO_ID": account["konto_id"],
        "FIKS_INTEGRASJON_ID": account["integrasjon_id"],
        "FIKS_INTEGRASJON_PASSORD": account["passord"],
    }


def svarut_requests_during(simulator, action) -> tuple[object, dict[str, int]]:
    """``action()``'s result, and the SvarUt calls the simulator counted meanwhile: send, lookup, status."""
    before = simulator.stats().get("svarut_requests", {})
    result = action()
    after = simulator.stats().get("svarut_requests", {})
    return result, {kind: after.get(kind, 0) - before.get(kind, 0) for kind in ("send", "lookup", "status")}


@pytest.fixture
def svarut_settings(settings, simulator):
    """Environment-variable configuration (contracts/svarut.md) pointed at the session simulator."""
    for name, value in svarut_environment(simulator).items():
        setattr(settings, name, value)
    settings.MASKINPORTEN_KEY = settings.MASKINPORTEN_KID = settings.MASKINPORTEN_CONSUMER_ORG = ""
    settings.SKATTEETATEN_SSG_URL = simulator.ssg_base_url
    settings.INTEGRATIONS_RETRY_BASE_DELAY_S = 0.01
    from django.core.cache import cache

    cache.clear()
    simulator.reset(config=True)
    simulator.configure(svarut_step_s=0.2)
    yield settings
    simulator.reset(config=True)


@pytest.fixture
def approve(kommune, saksbehandler, godkjenner, django_capture_on_commit_callbacks):
    """Register a household (applicant on a given delivery route), propose, approve; the tasks run eagerly."""
    from cases.services.approval import decision_approve
    from cases.services.assessment import decision_propose
    from cases.services.parameters import legal_parameters_load_seed

    legal_parameters_load_seed()

    def run(*, applicant_route: int = DIGITAL, partner: bool = True, address: str = ADDRESS):
        applicant = factories.PersonInput(person_id=recipient_id(applicant_route, year=1990), given_name="Kari",
                                          family_name="Nordmann")
        case = make_ready(factories.case(kommune, user=saksbehandler, applicant=applicant, partner=partner))
        case.application.household.__class__.objects.filter(pk=case.application.household_id).update(address=address)
        decision_propose(case_id=case.pk, actor=saksbehandler)
        decision = case.decisions.get(status="proposed")
        with django_capture_on_commit_callbacks(execute=True):
            decision_approve(decision_id=decision.pk, actor=godkjenner)
        return type(case).objects.get(pk=case.pk)

    return run
