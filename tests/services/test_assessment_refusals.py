"""Bad input to the rules engine reaches the caseworker as Norwegian text, decided by code (issue 12): the
engine raises ``InvalidInput`` with an ``InputProblem`` code (and the child at fault), the assessment turns it
into ``AssessmentBlocked``, and ``cases.refusal_labels`` renders it — on «Beregn forslag» as the refusal
message, and from the pipeline's task as the case's attention line. Nothing of the engine's English reaches
the page, and nothing is written."""
import ast
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from cases import refusal_labels
from cases.constants import Attention
from cases.constants import CaseStatus as S
from cases.models import Case, Child, Decision, KommuneRuleChoice, Municipality, TaxBasis
from cases.rules.errors import InputProblem
from cases.services.assessment import AssessmentBlocked, BlockReason, decision_propose
from cases.tasks import propose
from tests import factories
from tests.views.conftest import make_ready

pytestmark = pytest.mark.django_db

ENGLISH = ("must ", "above makspris", "missing parameter", "expected one of", "not be negative", "got ")


def _price_above_makspris(case):
    Child.objects.filter(application=case.application).update(monthly_price=99_999)


def _full_time_hours(case):
    Municipality.objects.filter(pk=case.municipality_id).update(full_time_hours=Decimal(10))


def _sfo_percent(case):
    KommuneRuleChoice.objects.create(municipality=case.municipality, valid_from=datetime.date(2019, 1, 1),
                                     sfo_sibling_percent_2=Decimal(150), source="kommunens forskrift § 1")


def _negative_counted_income(case):
    basis = TaxBasis.objects.get(case=case, person=case.application.household.applicant)
    basis.items = [*basis.items, {"tekniskNavn": "loennsinntektMedTrekkplikt", "beloep": -5000,
                                  "kategori": "inntekt", "class": "personinntekt"}]
    basis.save(update_fields=["items"])


def _no_zone(case):
    case.municipality.zones.all().delete()


def _no_income_for_partner(case):
    TaxBasis.objects.filter(case=case, person=case.application.household.partner).delete()


def child_name(case):
    return case.application.children.get().full_name


BAD_INPUTS = {
    "price_above_makspris": (_price_above_makspris, lambda case: (
        "Prisen for barnehageplassen er høyere enn maksimalprisen som gjelder for perioden",
        f"Gjelder {child_name(case)}.")),
    "full_time_hours": (_full_time_hours, lambda case: (
        "Kommunens timetall for en heltidsplass må være fra 20 til 60 timer per uke",)),
    "sfo_percent": (_sfo_percent, lambda case: ("Kommunens søskenmoderasjon i SFO må være fra 0 til 100 prosent",)),
    "negative_counted_income": (_negative_counted_income, lambda case: (
        "En inntektspost som teller med, er negativ i skattegrunnlaget",)),
    "no_zone": (_no_zone, lambda case: ("Kommunen har ingen makspris-sone registrert for",)),
    "no_income": (_no_income_for_partner, lambda case: (
        f"Mangler inntekt for {case.application.household.partner_name}.",)),
}


@pytest.fixture
def ready(kommune, saksbehandler, parameters):
    return make_ready(factories.case(kommune, user=saksbehandler))


def _page(client, case) -> str:
    return client.get(reverse("cases:detail", args=[case.pk])).content.decode()


@pytest.mark.parametrize("bad", BAD_INPUTS)
def test_beregn_forslag_shows_the_refusal_in_norwegian(caseworker_client, ready, bad):
    corrupt, expected = BAD_INPUTS[bad]
    corrupt(ready)
    response = caseworker_client.post(reverse("cases:propose", args=[ready.pk]), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Forslaget kan ikke beregnes:" in html
    for words in expected(ready):
        assert words in html, words
    for english in ENGLISH:
        assert english not in html, english
    assert not Decision.objects.filter(case=ready).exists()
    assert Case.objects.get(pk=ready.pk).status == S.READY_FOR_ASSESSMENT


@pytest.mark.parametrize("bad", BAD_INPUTS)
def test_the_pipeline_parks_the_case_with_the_norwegian_text_on_the_case_page(caseworker_client, ready, bad):
    corrupt, expected = BAD_INPUTS[bad]
    corrupt(ready)
    propose(ready.pk)  # the pipeline's task, run in this process
    case = Case.objects.get(pk=ready.pk)
    assert case.attention == Attention.BLOCKED_PROPOSAL and case.attention_reason == "assessment_blocked"
    html = _page(caseworker_client, case)
    assert "Saken trenger oppmerksomhet:" in html
    for words in expected(ready):
        assert words in html and words in case.attention_text, words
    for english in ENGLISH:
        assert english not in case.attention_text, english


def test_the_code_decides_not_the_message(ready):
    _price_above_makspris(ready)
    with pytest.raises(AssessmentBlocked) as caught:
        decision_propose(case_id=ready.pk)
    assert caught.value.code is InputProblem.PRICE_ABOVE_MAKSPRIS and caught.value.child == child_name(ready)
    assert isinstance(caught.value.__cause__.code, InputProblem)


def test_every_code_has_a_norwegian_text():
    assert set(refusal_labels.INPUT_PROBLEM_TEXT) == set(InputProblem)
    assert set(refusal_labels.BLOCK_TEXT) == set(BlockReason)


def test_every_refusal_of_the_engine_carries_a_code():
    """Each ``raise InvalidInput(...)`` in the engine names its code (the contract parser's may not: its
    messages are the calculate_fee contract's output, and a case never goes through it)."""
    missing = []
    for path in (Path(settings.BASE_DIR) / "cases" / "rules").glob("*.py"):
        if path.name == "contract.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                    and getattr(node.exc.func, "id", "") == "InvalidInput"
                    and "code" not in {k.arg for k in node.exc.keywords}):
                missing.append(f"{path.name}:{node.lineno}")
    assert missing == []
