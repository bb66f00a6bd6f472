"""Innsyn (GDPR art. 15): the attacker's side first, then the export's content, its audit, and the PDF."""
import datetime
import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.constants import AdultRole, Role
from cases.models import AuditEvent
from cases.services import audit
from tests import factories
from tests.views.conftest import add_tax_basis, make_ready

pytestmark = pytest.mark.django_db
URL = "/innsyn/"


@pytest.fixture
def parent():
    return factories.person(datetime.date(1990, 5, 17), "Kari", "Innsynsen")


@pytest.fixture
def case_a(kommune, saksbehandler, godkjenner, parent):
    case = make_ready(factories.case(kommune, user=saksbehandler, applicant=parent))
    audit.audit_record(action="view_tax_data", actor=saksbehandler, municipality=kommune, case=case, detail="vurdering")
    audit.audit_record(action="view_tax_data", actor=godkjenner, municipality=kommune, case=case, detail="godkjenning")
    audit.audit_record(action="fetch_tax_data", actor=None, municipality=kommune, case=case, detail="inntektsår 2025")
    return case


@pytest.fixture
def case_b(other_kommune, parent):
    """The same parent in another kommune, with views of the tax data there."""
    owner = factories.staff("annen", other_kommune, Role.SAKSBEHANDLER)
    case = factories.case(other_kommune, user=owner, applicant=parent)
    add_tax_basis(case, case.application.household.applicant, AdultRole.SOKER, income=999_111)
    audit.audit_record(action="view_tax_data", actor=owner, municipality=other_kommune, case=case, detail="hemmelig-b")
    return case


def _post(client, person_id, fmt="json", **extra):
    return client.post(URL, {"person_id": person_id, "format": fmt, **extra})


def test_anonymous_is_sent_to_login(client, parent):
    response = _post(client, parent.person_id)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_user_without_any_role_is_refused(client, db):
    from cases.models import User

    client.force_login(User.objects.create_user("ingen", password="x"))
    assert client.get(URL).status_code == 403


def test_other_kommunes_caseworker_gets_nothing_of_kommune_a(client, other_kommune, case_a, parent):
    outsider = factories.staff("utenfor", other_kommune, Role.SAKSBEHANDLER, Role.ADMINISTRATOR)
    client.force_login(outsider)
    response = _post(client, parent.person_id)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "ingen opplysninger om denne personen i Annen kommune" in body
    assert "Innsynsen" not in body and case_a.saksnummer not in body
    # Naming kommune A in the form is refused: it is not one of the user's.
    response = _post(client, parent.person_id, municipality=case_a.municipality_id)
    assert response.status_code in (200, 400)
    assert "Innsynsen" not in response.content.decode()


def test_export_contains_every_view_of_the_persons_tax_data_and_nothing_from_elsewhere(
        client, saksbehandler, case_a, case_b, parent):
    client.force_login(saksbehandler)
    response = _post(client, parent.person_id)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert parent.person_id not in response["Content-Disposition"]
    data = json.loads(response.content)

    assert data["person"]["person_id"] == parent.person_id
    assert data["innsyn"]["municipality"]["kommunenummer"] == case_a.municipality.kommunenummer
    assert [c["saksnummer"] for c in data["cases"]] == [case_a.saksnummer]
    views = [(e["action"], e["by"], e["why"]) for e in data["audit_log"] if e["action"] == "view_tax_data"]
    assert sorted(views) == [("view_tax_data", "godkjenner", "godkjenning"),
                             ("view_tax_data", "saksbehandler", "vurdering")]
    assert ("fetch_tax_data", "Systemet (bakgrunnsjobb)") in [(e["action"], e["by"]) for e in data["audit_log"]]
    # Only the person's own tax data; the partner's row in the same case is not theirs.
    assert [t["personinntekt"] for t in data["tax_data"]] == [300_000]
    text = response.content.decode()
    assert "hemmelig-b" not in text
    assert "999111" not in text


def test_the_export_is_audited_without_the_number(client, saksbehandler, case_a, parent):
    client.force_login(saksbehandler)
    _post(client, parent.person_id)
    event = AuditEvent.objects.get(action="export")
    assert event.actor == saksbehandler and event.municipality == case_a.municipality
    assert "Innsyn" in event.detail and parent.person_id not in event.detail
    assert parent.person_id[:6] in event.detail


def test_the_export_event_is_not_tied_to_a_case(client, saksbehandler, case_a, parent):
    client.force_login(saksbehandler)
    _post(client, parent.person_id)
    assert AuditEvent.objects.filter(action="export", case__isnull=True).count() == 1


def test_bad_number_is_a_clear_error_and_not_echoed(client, saksbehandler):
    client.force_login(saksbehandler)
    response = _post(client, "12345678901")
    assert response.status_code == 400
    assert "12345678901" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_form_posts_the_number_never_in_the_url(client, saksbehandler):
    client.force_login(saksbehandler)
    html = client.get(URL).content.decode()
    assert 'method="post"' in html and "?" not in html.split('<form method="post"', 1)[1].split(">", 1)[0]


def test_pdf_export(client, saksbehandler, case_a, parent):
    client.force_login(saksbehandler)
    response = _post(client, parent.person_id, fmt="pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    import os

    if os.environ.get("INNSYN_PDF_OUT"):
        with open(os.environ["INNSYN_PDF_OUT"], "wb") as out:
            out.write(response.content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Innsynsen" in text and case_a.saksnummer in text
    assert "godkjenning" in text and "vurdering" in text
    assert AuditEvent.objects.filter(action="export", detail__contains="PDF").count() == 1
