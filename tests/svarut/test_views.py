"""The case page's delivery section and the queue's «Ikke levert» filter (scoped like every queue filter)."""
import datetime

import pytest
from django.urls import reverse

from cases.constants import Role
from cases.models import Forsendelse
from cases.services.assessment import decision_propose
from cases.services.parameters import legal_parameters_load_seed
from tests import factories
from tests.views.conftest import make_ready

pytestmark = pytest.mark.django_db
F = Forsendelse


def case_with(kommune, user, *states):
    legal_parameters_load_seed()
    case = make_ready(factories.case(kommune, user=user))
    decision_propose(case_id=case.pk, actor=user)
    decision = case.decisions.get()
    household = case.application.household
    for (role, named), state in zip([("soker", household.named_applicant), ("partner", household.named_partner)],
                                    states, strict=False):
        F.objects.create(case=case, decision=decision, person=named.person, role=role, recipient_name=named.full_name,
                         channel="svarut", state=state, ekstern_referanse=f"ref-{case.pk}-{role}",
                         svarut_id="x", status={"done": "LEST", "not_delivered": "MANUELT_HANDTERT"}.get(state, ""),
                         klagefrist=datetime.date(2026, 9, 7) if state == "done" else None)
    return case


def test_case_page_shows_each_adult_with_status_and_klagefrist(caseworker_client, kommune, saksbehandler):
    case = case_with(kommune, saksbehandler, "done", "not_delivered")
    html = caseworker_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Forsendelse av vedtaket" in html
    household = case.application.household
    assert f"Søker: {household.applicant_name}" in html
    assert f"Ektefelle/samboer: {household.partner_name}" in html
    assert "07.09.2026" in html and "Lest" in html and "Manuelt håndtert (returnert)" in html
    assert household.applicant.person_id not in html


def test_case_without_forsendelser_has_no_delivery_section(caseworker_client, kommune, saksbehandler):
    case = make_ready(factories.case(kommune, user=saksbehandler))
    page = caseworker_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Forsendelse av vedtaket" not in page


def test_queue_filter_ikke_levert(caseworker_client, kommune, saksbehandler, other_kommune):
    delivered = case_with(kommune, saksbehandler, "done", "done")
    returned = case_with(kommune, saksbehandler, "done", "not_delivered")
    parked = case_with(kommune, saksbehandler, "parked")
    outsider = factories.staff("annen", other_kommune, Role.SAKSBEHANDLER)
    foreign = case_with(other_kommune, outsider, "failed")
    html = caseworker_client.get(reverse("cases:queue"), {"undelivered": "on"}).content.decode()
    def link(case):
        return f'href="{reverse("cases:detail", args=[case.pk])}"'

    assert link(returned) in html and link(parked) in html
    assert link(delivered) not in html and link(foreign) not in html  # another kommune's case: never listed
    everything = caseworker_client.get(reverse("cases:queue")).content.decode()
    assert link(delivered) in everything and "Klagefrist 07.09.2026" in everything
