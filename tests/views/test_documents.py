"""Vedtak PDFs: draft preview, download of the stored letter (audited), batch print, and marking as sent."""
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.constants import CaseStatus as S
from cases.models import AuditEvent, Case, Decision


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def approved_case(proposed_case, godkjenner, django_capture_on_commit_callbacks):
    from cases.services.approval import decision_approve

    decision = proposed_case.decisions.get(status="proposed")
    with django_capture_on_commit_callbacks(execute=True):  # the PDF is rendered after commit
        decision_approve(decision_id=decision.pk, actor=godkjenner)
    decision.refresh_from_db()
    assert decision.pdf, "the approved letter must be stored"
    return Case.objects.get(pk=proposed_case.pk)


def test_preview_of_the_proposal_is_a_draft_pdf(caseworker_client, saksbehandler, proposed_case):
    response = caseworker_client.get(reverse("cases:vedtak_preview", args=[proposed_case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "inline" in response["Content-Disposition"]
    assert proposed_case.application.household.applicant.person_id not in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="view_tax_data", case=proposed_case, actor=saksbehandler).exists()


def test_preview_without_a_proposal_says_so(caseworker_client, ready_case):
    response = caseworker_client.get(reverse("cases:vedtak_preview", args=[ready_case.pk]), follow=True)
    assert "ikke noe forslag" in response.content.decode()


def test_download_of_the_approved_letter_is_audited(caseworker_client, saksbehandler, approved_case):
    decision = approved_case.decisions.get(status="approved")
    html = caseworker_client.get(reverse("cases:detail", args=[approved_case.pk])).content.decode()
    link = reverse("cases:vedtak_download", args=[approved_case.pk, decision.pk])
    assert link in html
    response = caseworker_client.get(link)
    content = response.content
    assert response.status_code == 200 and content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert approved_case.saksnummer.replace("/", "-") in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="download_vedtak")
    assert (event.actor, event.case) == (saksbehandler, approved_case)


def test_download_is_scoped(client, other_kommune, approved_case):
    from cases.constants import Role
    from tests import factories

    client.force_login(factories.staff("utenfor", other_kommune, Role.GODKJENNER))
    decision = approved_case.decisions.get(status="approved")
    response = client.get(reverse("cases:vedtak_download", args=[approved_case.pk, decision.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="download_vedtak").exists()


def test_batch_print_merges_the_chosen_letters(caseworker_client, approved_case):
    page = caseworker_client.get(reverse("cases:print_batch")).content.decode()
    decision = approved_case.decisions.get(status="approved")
    assert approved_case.saksnummer in page
    response = caseworker_client.post(reverse("cases:print_batch"), {"decision": [decision.pk]})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert approved_case.saksnummer in pdf_text(response.content)


def test_batch_print_ignores_decisions_outside_the_users_scope(caseworker_client, approved_case):
    response = caseworker_client.post(reverse("cases:print_batch"), {"decision": ["999999"]})
    assert response.status_code == 200 and "Velg minst ett vedtak" in response.content.decode()


def test_send_marks_the_case_as_sent(caseworker_client, approved_case):
    decision = approved_case.decisions.get(status="approved")
    html = caseworker_client.get(reverse("cases:detail", args=[approved_case.pk])).content.decode()
    assert reverse("cases:send", args=[approved_case.pk]) in html
    response = caseworker_client.post(reverse("cases:send", args=[approved_case.pk]),
                                      {"decision": decision.pk, "send-channel": "print"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert Case.objects.get(pk=approved_case.pk).status == S.SENT
    assert decision.sent_at is not None and decision.delivery_channel == "print"
    assert not Decision.objects.filter(pk=decision.pk, sent_at__isnull=True).exists()


# --- Who may not get the letter: another kommune's staff, a user without a role, a parent ---------------

def _letter_urls(case) -> list[str]:
    urls = [reverse("cases:vedtak_preview", args=[case.pk])]
    approved = case.decisions.filter(status="approved").first()
    if approved is not None:
        urls.append(reverse("cases:vedtak_download", args=[case.pk, approved.pk]))
    return urls


@pytest.fixture
def renders(monkeypatch):
    """Counts letters typeset by the preview view (nothing may be rendered for a refused request)."""
    from cases.views import documents

    calls = []
    real = documents.render_vedtak_pdf
    monkeypatch.setattr(documents, "render_vedtak_pdf", lambda *a, **kw: calls.append(a) or real(*a, **kw))
    return calls


def test_staff_of_another_kommune_get_404_and_nothing_is_rendered_or_audited(client, other_kommune,
                                                                             approved_case, renders):
    from cases.constants import Role
    from tests import factories

    client.force_login(factories.staff("utenfor", other_kommune, Role.SAKSBEHANDLER, Role.GODKJENNER,
                                       Role.ADMINISTRATOR))
    events = AuditEvent.objects.count()
    for url in _letter_urls(approved_case):
        assert client.get(url).status_code == 404, url
    assert renders == [] and AuditEvent.objects.count() == events


def test_a_user_without_a_role_gets_404(client, approved_case, renders):
    from cases.models import User

    client.force_login(User.objects.create_user(username="uten-rolle", password="passord-123", is_staff=True))
    events = AuditEvent.objects.count()
    for url in _letter_urls(approved_case):
        assert client.get(url).status_code == 404, url
    assert renders == [] and AuditEvent.objects.count() == events


def test_a_parent_of_the_household_is_sent_to_the_staff_login(client, approved_case, renders):
    """A parent's ID-porten session is not a staff login, even for their own household's letter (the parent
    reads it in the portal)."""
    from tests.portal.conftest import log_in_parent

    log_in_parent(client, approved_case.municipality, approved_case.application.household.applicant.person_id)
    events = AuditEvent.objects.count()
    for url in _letter_urls(approved_case):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert renders == [] and AuditEvent.objects.count() == events
