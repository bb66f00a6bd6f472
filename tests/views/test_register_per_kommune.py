"""Registering by hand or by CSV in kommune B never renames kommune A's people and never reveals A's case."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.constants import Role
from cases.models import Case
from tests import factories
from tests.views.test_register import APPLICANT, CHILD_1, URL, form_data


def test_kommune_b_registers_the_same_people_under_other_names(caseworker_client, kommune, other_kommune):
    assert caseworker_client.post(URL, form_data()).status_code == 302
    mine = Case.objects.get(municipality=kommune)
    attacker = Client()
    attacker.force_login(factories.staff("b-saksbehandler", other_kommune, Role.SAKSBEHANDLER))
    response = attacker.post(URL, form_data(applicant_given_name="Karianne", applicant_family_name="Typo",
                                            **{"barn-0-given_name": "Emmy"}))
    assert response.status_code == 302  # the same child may have an application in each kommune
    theirs = Case.objects.get(municipality=other_kommune)
    mine.refresh_from_db()
    assert mine.application.household.applicant_name == "Kari Nordmann"
    assert mine.search_text.endswith("Kari Nordmann Ola Nordmann")
    assert sorted(c.full_name for c in mine.application.children.all()) == ["Emma Nordmann", "Jonas Nordmann"]
    assert theirs.application.household.applicant_name == "Karianne Typo"
    page = caseworker_client.get(reverse("cases:detail", args=[mine.pk])).content.decode()
    assert "Karianne" not in page and "Emmy" not in page


def test_a_duplicate_in_the_same_kommune_names_no_case(caseworker_client, kommune):
    caseworker_client.post(URL, form_data(), follow=True)  # its success message names the new case
    first = Case.objects.get()
    response = caseworker_client.post(URL, form_data(applicant_given_name="Annen"))
    assert response.status_code == 400
    assert first.saksnummer not in response.content.decode()


def test_csv_import_in_kommune_b_renames_nobody_in_a(caseworker_client, kommune, other_kommune):
    caseworker_client.post(URL, form_data())
    mine = Case.objects.get(municipality=kommune)
    importer = Client()
    importer.force_login(factories.staff("b-import", other_kommune, Role.SAKSBEHANDLER))
    header = ("tjeneste;periode;soker_fnr;soker_fornavn;soker_etternavn;barn_fnr;barn_fornavn;barn_etternavn;"
              "barnehage_skole;timer_per_uke;manedspris")
    row = f"barnehage;2026/27;{APPLICANT};Kira;Feilnavn;{CHILD_1};Emmy;Feilnavn;Solsikken;41;1200"
    upload = SimpleUploadedFile("soknader.csv", f"{header}\r\n{row}\r\n".encode(), "text/csv")
    response = importer.post(reverse("cases:import"), {"file": upload})
    assert response.status_code in (200, 302)
    assert Case.objects.filter(municipality=other_kommune).count() == 1
    mine.refresh_from_db()
    assert mine.application.household.applicant_name == "Kari Nordmann"
    assert "Emma Nordmann" in [c.full_name for c in mine.application.children.all()]
