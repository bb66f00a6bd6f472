"""The caseworker's klage pages over HTTP: attackers first (anonymous, another kommune, wrong role, a case
without a sent vedtak), then registering on the case page and one path to the outcome letter."""
import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.klage.choices import KlageStatus as K
from cases.klage.models import Klage
from cases.klage.services import klage_register
from cases.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _klage(case, actor) -> Klage:
    return klage_register(case_id=case.pk, received_date=timezone.localdate(), channel="email",
                          text="Jeg klager.", actor=actor)


def _urls(klage):
    args = [klage.case_id, klage.pk]
    gets = [reverse("klage:detail", args=args), reverse("klage:letter", args=[*args, "oversendelse"])]
    posts = [reverse("klage:register", args=[klage.case_id])] + [
        reverse(f"klage:{name}", args=args) for name in ("take_up", "reject", "medhold", "oversendelse",
                                                          "approve_oversendelse", "return_oversendelse", "outcome",
                                                          "utsatt")]
    return gets, posts


def test_anonymous_goes_to_the_login_page(client, sent_case, saksbehandler):
    klage = _klage(sent_case, saksbehandler)
    gets, posts = _urls(klage)
    for url in gets:
        assert client.get(url).status_code == 302 and "/logg-inn/" in client.get(url)["Location"]
    for url in posts:
        response = client.post(url, {})
        assert response.status_code == 302 and "/logg-inn/" in response["Location"]


def test_another_kommunes_caseworker_gets_404_everywhere(sent_case, saksbehandler, stranger):
    klage = _klage(sent_case, saksbehandler)
    gets, posts = _urls(klage)
    client = _client(stranger)
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"klage-received_date": "2026-12-01", "klage-channel": "letter",
                                 "klage-text": "x", "oversendelse-assessment": "x"}).status_code == 404, url
    klage.refresh_from_db()
    assert klage.status == K.IN_PROGRESS and Klage.objects.count() == 1


def test_a_user_without_a_role_in_the_kommune_gets_404(sent_case, saksbehandler, db):
    klage = _klage(sent_case, saksbehandler)
    nobody = factories.User.objects.create_user(username="ingen", password="passord-123")
    gets, posts = _urls(klage)
    client = _client(nobody)
    assert all(client.get(url).status_code == 404 for url in gets)
    assert all(client.post(url, {}).status_code == 404 for url in posts)


def test_a_saksbehandler_cannot_approve_the_oversendelse(sent_case, saksbehandler):
    klage = _klage(sent_case, saksbehandler)
    client = _client(saksbehandler)
    client.post(reverse("klage:oversendelse", args=[sent_case.pk, klage.pk]),
                {"oversendelse-assessment": "Vedtaket står."})
    page = client.get(reverse("klage:detail", args=[sent_case.pk, klage.pk])).content.decode()
    assert 'id="venter-godkjenning"' in page and "Godkjenn oversendelsen" not in page
    response = client.post(reverse("klage:approve_oversendelse", args=[sent_case.pk, klage.pk]), follow=True)
    assert "godkjenner" in response.content.decode()
    klage.refresh_from_db()
    assert klage.status == K.OVERSENDELSE_PROPOSED and not klage.letters.exists()


def test_no_klage_section_or_registration_without_a_sent_vedtak(kommune, saksbehandler):
    case = factories.case(kommune)
    client = _client(saksbehandler)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="klage"' not in page
    response = client.post(reverse("klage:register", args=[case.pk]), {
        "klage-received_date": timezone.localdate().isoformat(), "klage-channel": "letter", "klage-text": "x"},
        follow=True)
    assert "ikke et sendt vedtak" in response.content.decode() and not Klage.objects.exists()


def test_register_on_the_case_page_then_oversend_and_register_the_outcome(sent_case, saksbehandler, godkjenner):
    client = _client(saksbehandler)
    page = client.get(reverse("cases:detail", args=[sent_case.pk])).content.decode()
    assert 'id="klage"' in page and "Registrer klage" in page
    response = client.post(reverse("klage:register", args=[sent_case.pk]), {
        "klage-received_date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "klage-channel": "letter", "klage-text": "Samboeren har flyttet ut."})
    klage = Klage.objects.get(case=sent_case)
    assert response["Location"] == reverse("klage:detail", args=[sent_case.pk, klage.pk])
    assert klage.registered_by == saksbehandler and klage.status == K.IN_PROGRESS
    page = client.get(reverse("cases:detail", args=[sent_case.pk])).content.decode()
    assert f'data-klage="{klage.pk}"' in page
    client.post(reverse("klage:oversendelse", args=[sent_case.pk, klage.pk]),
                {"oversendelse-assessment": "Samboeren bodde i husstanden i inntektsåret."})
    _client(godkjenner).post(reverse("klage:approve_oversendelse", args=[sent_case.pk, klage.pk]))
    response = client.post(reverse("klage:outcome", args=[sent_case.pk, klage.pk]), {
        "outcome-outcome": "stadfestet", "outcome-outcome_date": timezone.localdate().isoformat()}, follow=True)
    assert 'data-outcome="stadfestet"' in response.content.decode()
    klage.refresh_from_db()
    assert klage.status == K.DECIDED
    letter = client.get(reverse("klage:letter", args=[sent_case.pk, klage.pk, "outcome"]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert "no-store" in letter["Cache-Control"] and sent_case.saksnummer.replace("/", "-") in letter[
        "Content-Disposition"]
    assert AuditEvent.objects.filter(case=sent_case, action="klage_letter_download", actor=saksbehandler).exists()
    assert client.get(reverse("klage:letter", args=[sent_case.pk, klage.pk, "avvisning"])).status_code == 404
