"""«Last opp dokumentasjon»: attackers first (another household, another kommune's caseworker, anonymous,
a staff user without a role there, a wrong or oversized file), then the parent's upload and the
caseworker's audited download from private storage. Legal basis: forskrift om foreldrebetaling § 5 and
Udir's guidance (docs/reference/rules.md § 6): a vesentlig og varig nedgang in income is documented."""
import datetime
import io

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.test import Client
from django.urls import reverse

from cases.constants import AdultRole, CaseStatus, Role
from cases.models import AuditEvent, CaseDocument
from cases.scanning import EICAR_SIGNATURE
from cases.services.approval import case_request_documentation
from cases.services.parameters import legal_parameters_load_seed
from cases.services.workflow import transition_case
from portal.models import PortalSettings
from tests import factories
from tests.portal.conftest import log_in_parent
from tests.support.person_ids import make_person_id
from tests.views.conftest import add_tax_basis

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _waiting(case):
    transition_case(case_id=case.pk, to=CaseStatus.NEEDS_DOCUMENTATION, reason="Skjermet person")
    case.refresh_from_db()
    return case


def _file(content: bytes, name: str = "oppsigelse.pdf"):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def _upload(client, kommune, case, content=PDF, name="oppsigelse.pdf", reason="job_loss"):
    url = reverse("portal:upload", args=[kommune.kommunenummer, case.pk])
    return client.post(url, {"reason": reason, "file": _file(content, name)})


def _stored_files() -> list[str]:
    root = settings.STORAGES["private"]["OPTIONS"]["location"]
    store = storages["private"]
    try:
        _dirs, _files = store.listdir("dokumentasjon")
    except FileNotFoundError:
        return []
    names = []
    for year in _dirs:
        names += [f"{root}/dokumentasjon/{year}/{f}" for f in store.listdir(f"dokumentasjon/{year}")[1]]
    return names


@pytest.fixture
def waiting(household):
    return _waiting(household)


# --- attackers first ----------------------------------------------------------------------------------

def test_a_parent_of_another_household_gets_404_and_nothing_is_stored(client, portal_kommune, waiting):
    log_in_parent(client, portal_kommune, make_person_id(datetime.date(1985, 3, 3)))
    url = reverse("portal:upload", args=[portal_kommune.kommunenummer, waiting.pk])
    assert client.get(url).status_code == 404
    assert _upload(client, portal_kommune, waiting).status_code == 404
    assert not CaseDocument.objects.exists() and _stored_files() == []


def test_anonymous_is_sent_to_the_start_page_and_nothing_is_stored(client, portal_kommune, waiting):
    response = _upload(client, portal_kommune, waiting)
    assert response.status_code == 302 and response["Location"].endswith("?utlogget=1")
    assert not CaseDocument.objects.exists()


def test_a_parent_logged_in_at_another_kommune_cannot_reach_the_case(client, portal_kommune, waiting):
    other = factories.municipality("Nabokommune", orgno="974760673")
    PortalSettings.objects.create(municipality=other, enabled=True)
    applicant = waiting.application.household.applicant
    log_in_parent(client, other, applicant.person_id)
    assert _upload(client, other, waiting).status_code == 404  # the case is not in that kommune
    assert not CaseDocument.objects.exists()


@pytest.mark.parametrize("content,name", [
    (b"MZ\x90\x00 this is an executable", "lonnsslipp.pdf"),   # a .pdf name does not make a PDF
    (b"<html><script>alert(1)</script></html>", "bilde.png"),
    (b"GIF89a" + b"\x00" * 20, "bilde.gif"),
    (b"", "tom.pdf"),
])
def test_a_file_of_the_wrong_type_changes_nothing(client, portal_kommune, waiting, content, name):
    log_in_parent(client, portal_kommune, waiting.application.household.applicant.person_id)
    response = _upload(client, portal_kommune, waiting, content=content, name=name)
    assert response.status_code == 400
    assert not CaseDocument.objects.exists() and _stored_files() == []
    assert not AuditEvent.objects.filter(action="upload_document").exists()
    waiting.refresh_from_db()
    assert waiting.status == CaseStatus.NEEDS_DOCUMENTATION


def test_an_oversized_file_changes_nothing(client, portal_kommune, waiting, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    log_in_parent(client, portal_kommune, waiting.application.household.applicant.person_id)
    response = _upload(client, portal_kommune, waiting, content=PDF + b"0" * 1024)
    assert response.status_code == 400 and "Filen er for stor." in response.content.decode()
    assert not CaseDocument.objects.exists() and _stored_files() == []


def test_an_unknown_reason_changes_nothing(client, portal_kommune, waiting):
    log_in_parent(client, portal_kommune, waiting.application.household.applicant.person_id)
    assert _upload(client, portal_kommune, waiting, reason="because").status_code == 400
    assert not CaseDocument.objects.exists()


def test_the_eicar_test_file_is_refused_by_the_test_scanner(client, portal_kommune, waiting, settings):
    settings.UPLOAD_SCANNER = "eicar-test"
    log_in_parent(client, portal_kommune, waiting.application.household.applicant.person_id)
    response = _upload(client, portal_kommune, waiting, content=PDF + EICAR_SIGNATURE)
    assert response.status_code == 400 and "virussjekken" in response.content.decode()
    assert not CaseDocument.objects.exists() and _stored_files() == []


def test_a_failing_scanner_refuses_the_upload(client, portal_kommune, waiting, settings):
    settings.UPLOAD_SCANNER = "tests.portal.test_documents.BrokenScanner"
    log_in_parent(client, portal_kommune, waiting.application.household.applicant.person_id)
    assert _upload(client, portal_kommune, waiting).status_code == 400
    assert not CaseDocument.objects.exists()


class BrokenScanner:
    name = "broken"

    def scan(self, content):
        raise ConnectionError("clamd is down")


def test_no_upload_when_the_case_does_not_wait_for_documentation(client, portal_kommune, household):
    log_in_parent(client, portal_kommune, household.application.household.applicant.person_id)
    url = reverse("portal:upload", args=[portal_kommune.kommunenummer, household.pk])
    assert client.get(url).status_code == 302
    assert _upload(client, portal_kommune, household).status_code == 302
    assert not CaseDocument.objects.exists()
    page = client.get(reverse("portal:case", args=[portal_kommune.kommunenummer, household.pk])).content.decode()
    assert "Last opp dokumentasjon" not in page


def _uploaded(client, kommune, case, pid, content=PDF, name="oppsigelse.pdf"):
    log_in_parent(client, kommune, pid)
    assert _upload(client, kommune, case, content=content, name=name).status_code == 302
    return CaseDocument.objects.latest("pk")


def test_another_kommunes_caseworker_and_a_staff_user_without_a_role_get_404(portal_kommune, waiting):
    document = _uploaded(Client(), portal_kommune, waiting, waiting.application.household.applicant.person_id)
    url = reverse("cases:document_download", args=[waiting.pk, document.pk])
    other = factories.municipality("Annen kommune", orgno="974760673")
    for user in (factories.staff("utenfor", other, Role.SAKSBEHANDLER),
                 factories.staff("annen-admin", other, Role.ADMINISTRATOR)):
        staff = Client()
        staff.force_login(user)
        assert staff.get(url).status_code == 404
        assert "oppsigelse.pdf" not in staff.get(reverse("cases:queue")).content.decode()
    assert Client().get(url).status_code == 302  # anonymous: to the staff login
    assert not AuditEvent.objects.filter(action="download_document").exists()


def test_a_parent_session_never_reaches_the_caseworker_download(client, portal_kommune, waiting):
    applicant = waiting.application.household.applicant.person_id
    document = _uploaded(client, portal_kommune, waiting, applicant)
    response = client.get(reverse("cases:document_download", args=[waiting.pk, document.pk]))
    assert response.status_code == 302 and "/innbygger/" not in response["Location"]


def test_a_document_id_of_another_case_is_404(portal_kommune, waiting):
    document = _uploaded(Client(), portal_kommune, waiting, waiting.application.household.applicant.person_id)
    other_case = factories.case(portal_kommune, children=1, partner=False)
    staff = Client()
    staff.force_login(factories.staff("sb", portal_kommune, Role.SAKSBEHANDLER))
    assert staff.get(reverse("cases:document_download", args=[other_case.pk, document.pk])).status_code == 404


# --- the feature ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("content,name,content_type", [
    (PDF, "oppsigelse.pdf", "application/pdf"),
    (PNG, "skjermbilde.PNG", "image/png"),
    (JPEG, "bilde-uten-endelse", "image/jpeg"),   # the content decides, not the name
])
def test_the_parent_uploads_and_it_is_stored_privately_and_audited(client, portal_kommune, waiting, content, name,
                                                                   content_type):
    applicant = waiting.application.household.applicant
    log_in_parent(client, portal_kommune, applicant.person_id)
    page = client.get(reverse("portal:case", args=[portal_kommune.kommunenummer, waiting.pk])).content.decode()
    assert "Venter på dokumentasjon" in page and 'id="upload-link"' in page
    response = _upload(client, portal_kommune, waiting, content=content, name=name, reason="reduced_position")
    assert response.status_code == 302 and "lastet-opp=1" in response["Location"]
    document = CaseDocument.objects.get()
    assert (document.person, document.reason, document.content_type) == (applicant, "reduced_position",
                                                                          content_type)
    assert document.original_name == name and document.size == len(content) and document.scanner == "none"
    # private storage, a generated name (no person number, not the parent's name), never a URL
    path = document.file.path
    assert path.startswith(settings.PRIVATE_STORAGE_ROOT) and not path.startswith(settings.MEDIA_ROOT)
    assert applicant.person_id not in document.file.name and name not in document.file.name
    assert client.get("/" + settings.MEDIA_URL + document.file.name).status_code == 404  # never served by URL
    with document.file.open("rb") as handle:
        assert handle.read() == content
    event = AuditEvent.objects.get(action="upload_document")
    assert event.case == waiting and event.actor is None and applicant.person_id not in event.detail
    waiting.refresh_from_db()
    assert waiting.status == CaseStatus.NEEDS_DOCUMENTATION  # the caseworker continues the case
    page = client.get(response["Location"]).content.decode()
    assert "Dokumentasjonen er lagret" in page and name in page


def test_each_adult_sees_only_their_own_uploads(client, portal_kommune, waiting):
    household = waiting.application.household
    _uploaded(client, portal_kommune, waiting, household.partner.person_id, name="partner-lonn.pdf")
    log_in_parent(client, portal_kommune, household.applicant.person_id)
    page = client.get(reverse("portal:case", args=[portal_kommune.kommunenummer, waiting.pk])).content.decode()
    assert "partner-lonn.pdf" not in page


def test_the_caseworker_sees_downloads_and_continues_with_documented_income(portal_kommune, waiting):
    legal_parameters_load_seed()
    household = waiting.application.household
    add_tax_basis(waiting, household.partner, AdultRole.PARTNER, income=200_000)  # the partner's was found
    document = _uploaded(Client(), portal_kommune, waiting, household.applicant.person_id)
    saksbehandler = factories.staff("sb", portal_kommune, Role.SAKSBEHANDLER)
    staff = Client()
    staff.force_login(saksbehandler)
    page = staff.get(reverse("cases:detail", args=[waiting.pk])).content.decode()
    url = reverse("cases:document_download", args=[waiting.pk, document.pk])
    assert url in page and "Mistet arbeidet" in page and "Ikke skannet" in page
    response = staff.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert household.applicant.person_id not in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="download_document")
    assert (event.actor, event.case) == (saksbehandler, waiting)
    # the existing documented-income path takes the case on
    response = staff.post(reverse("cases:documented_income", args=[waiting.pk]), {
        "inntekt-person": household.applicant.pk, "inntekt-yearly_income": "250000",
        "inntekt-reason": "Mistet arbeidet (oppsigelse lastet opp)", "inntekt-documents": "Oppsigelse (PDF)"},
        follow=True)
    assert "Dokumentert inntekt er registrert." in response.content.decode(), response.content.decode()[:3000]
    waiting.refresh_from_db()
    assert waiting.status != CaseStatus.NEEDS_DOCUMENTATION


def test_the_caseworkers_request_is_shown_but_never_the_pipelines_own_reason(client, portal_kommune, household):
    _waiting(household)  # as the income fetch does it: no actor, a reason that may name an adult
    log_in_parent(client, portal_kommune, household.application.household.partner.person_id)
    case_url = reverse("portal:case", args=[portal_kommune.kommunenummer, household.pk])
    page = client.get(case_url).content.decode()
    assert "Skjermet person" not in page and 'id="request-text"' not in page
    transition_case(case_id=household.pk, to=CaseStatus.READY_FOR_ASSESSMENT, reason="Dokumentert")
    staff = factories.staff("sb", portal_kommune, Role.SAKSBEHANDLER)
    case_request_documentation(case_id=household.pk, actor=staff, reason="Send lønnsslipper for de siste tre månedene")
    page = client.get(case_url).content.decode()
    assert "Send lønnsslipper for de siste tre månedene" in page and 'id="request-text"' in page
