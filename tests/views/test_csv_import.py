"""CSV import (docs/csv-import.md): the whole file is checked first; one bad line means nothing is saved."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.constants import Channel
from cases.csv_import import COLUMNS, applications_import
from cases.models import Case, Child, Household
from tests import factories
from tests.support.person_ids import make_person_id

URL = reverse("cases:import")
HEADER = ";".join(COLUMNS)
P1, P1_PARTNER = make_person_id(datetime.date(1990, 5, 17)), make_person_id(datetime.date(1989, 2, 3))
P2 = make_person_id(datetime.date(1985, 11, 30))
KID_A, KID_B = make_person_id(datetime.date(2022, 3, 1)), make_person_id(datetime.date(2024, 1, 9))
KID_C = make_person_id(datetime.date(2017, 8, 20))


def row(**values) -> str:
    defaults = {
        "tjeneste": "barnehage", "periode": "2026/27", "mottatt": "20.05.2026", "soker_fnr": P1,
        "soker_fornavn": "Kari", "soker_etternavn": "Nordmann", "partner_fnr": P1_PARTNER,
        "partner_fornavn": "Ola", "partner_etternavn": "Nordmann", "relasjon": "ektefelle",
        "adresse": "Storgata 1", "epost": "", "barn_fnr": KID_A, "barn_fornavn": "Emma", "barn_etternavn": "Nordmann",
        "barnehage_skole": "Solsikken", "timer_per_uke": "41", "manedspris": "1 200,00", "trinn": "",
        "utsatt_skolestart": "nei",
    }
    defaults.update(values)
    return ";".join(defaults[column] for column in COLUMNS)


def valid_lines() -> list[str]:
    return [
        HEADER,
        row(),
        row(barn_fnr=KID_B, barn_fornavn="Jonas", timer_per_uke="32,5"),
        row(tjeneste="sfo", soker_fnr=P2, soker_fornavn="Per", soker_etternavn="Berg", partner_fnr="",
            partner_fornavn="", partner_etternavn="", relasjon="", barn_fnr=KID_C, barn_fornavn="Siri",
            barnehage_skole="Nordby skole", timer_per_uke="15", manedspris="3100", trinn="3", utsatt_skolestart=""),
    ]


def upload(lines: list[str], *, encoding: str = "utf-8-sig") -> SimpleUploadedFile:
    return SimpleUploadedFile("soknader.csv", ("\r\n".join(lines) + "\r\n").encode(encoding), "text/csv")


def test_valid_file_registers_every_household(caseworker_client, kommune, saksbehandler):
    response = caseworker_client.post(URL, {"file": upload(valid_lines())})
    assert response.status_code == 200
    cases = Case.objects.order_by("saksnummer")
    assert cases.count() == 2
    kari = Case.objects.get(application__household__applicant__person_id=P1)
    assert kari.application.household.partner.person_id == P1_PARTNER
    assert kari.application.household.partner_relation == "ektefelle"
    assert kari.application.channel == Channel.IMPORT
    assert kari.application.received_date == datetime.date(2026, 5, 20)
    assert sorted(c.weekly_hours for c in kari.application.children.all()) == [factories.decimal("32.5"),
                                                                                 factories.decimal(41)]
    per = Case.objects.get(application__household__applicant__person_id=P2)
    assert per.application.service == "sfo" and per.application.children.get().sfo_trinn == 3
    html = response.content.decode()
    assert all(case.saksnummer in html for case in cases)


def test_one_bad_line_saves_nothing_and_names_the_line(caseworker_client, kommune):
    lines = valid_lines()
    bad_number = KID_C[:-1] + str((int(KID_C[-1]) + 1) % 10)
    lines[3] = lines[3].replace(KID_C, bad_number)
    response = caseworker_client.post(URL, {"file": upload(lines)})
    html = response.content.decode()
    assert response.status_code == 400
    assert not Case.objects.exists() and not Household.objects.exists()
    errors = response.context["result"].errors
    assert [(e.line, e.column) for e in errors] == [(4, "barn_fnr")]
    assert "Ingenting er lagret" in html
    assert bad_number not in html


def test_errors_never_echo_a_person_number(kommune):
    lines = valid_lines()
    lines[1] = lines[1].replace(P1, P1[:10])  # ten digits
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert result.errors
    text = " ".join(str(error) for error in result.errors)
    assert P1[:10] not in text and P1 not in text


def test_child_with_an_active_application_in_the_database(caseworker_client, kommune):
    existing = factories.case(kommune)
    taken = existing.application.children.get().person.person_id
    lines = valid_lines()
    lines[2] = lines[2].replace(KID_B, taken)
    response = caseworker_client.post(URL, {"file": upload(lines)})
    assert response.status_code == 400
    assert [(e.line, e.column) for e in response.context["result"].errors] == [(3, "barn_fnr")]
    assert Case.objects.count() == 1


def test_same_child_in_two_households_of_the_file(kommune):
    lines = valid_lines()
    lines[3] = row(soker_fnr=P2, soker_fornavn="Per", soker_etternavn="Berg", partner_fnr="", partner_fornavn="",
                   partner_etternavn="", relasjon="", barn_fnr=KID_A)
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert [(e.line, e.column) for e in result.errors] == [(4, "barn_fnr")]
    assert not Case.objects.exists()


def test_household_columns_must_agree_within_an_application(kommune):
    lines = valid_lines()
    lines[2] = lines[2].replace("Storgata 1", "Lillegata 2")
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert [(e.line, e.column) for e in result.errors] == [(3, "adresse")]
    assert "linje 2" in result.errors[0].message


def test_several_errors_are_all_reported_by_line(kommune):
    lines = valid_lines()
    lines[1] = lines[1].replace(";41;", ";mange;")
    lines[3] = lines[3].replace(";3;", ";9;")
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert {(e.line, e.column) for e in result.errors} >= {(2, "timer_per_uke"), (4, "trinn")}
    assert not Case.objects.exists()


def test_file_level_problems(kommune):
    def errors(content: bytes):
        return [str(e) for e in applications_import(municipality=kommune, content=content).errors]

    assert "semikolon" in errors(HEADER.replace(";", ",").encode())[0]
    assert "UTF-8" in errors(upload(valid_lines(), encoding="latin-1").read().replace(b"Nordmann", b"N\xf8rdmann"))[0]
    assert "Mangler kolonner: manedspris" in " ".join(errors(HEADER.replace(";manedspris", "").encode()))
    assert "Ukjente kolonner: barnets_sko" in " ".join(errors((HEADER + ";barnets_sko").encode()))
    assert "ingen linjer" in errors(HEADER.encode())[0]
    assert not Case.objects.exists()


def test_header_may_use_norwegian_letters_and_capitals(kommune):
    lines = valid_lines()
    lines[0] = lines[0].replace("manedspris", "Månedspris").replace("soker_fnr", "Søker_fnr")
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert result.ok, result.errors
    assert Child.objects.count() == 3


def test_row_with_wrong_number_of_fields(kommune):
    lines = valid_lines()
    lines[2] += ";ekstra"
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert [(e.line, e.column) for e in result.errors] == [(3, "")]


def test_template_download_has_the_documented_header(caseworker_client):
    response = caseworker_client.get(reverse("cases:import_template"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").strip() == HEADER
