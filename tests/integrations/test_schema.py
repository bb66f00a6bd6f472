"""Tolerant parsing of V2 bodies (skatteetaten-api.md § 2 and § 6.1)."""
import datetime as dt

import pytest

from integrations.skatteetaten.schema import SchemaError, parse_beloep, parse_body, parse_kategori

DOC_EXAMPLE = {  # skatteetaten-api.md § 2.3, income year 2023, with spesifisering and an unknown field
    "personidentifikator": "09819899123",
    "inntektsaar": "2023",
    "grunnlag": [
        {"tekniskNavn": "samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt", "beloep": 719038,
         "spesifisering": [{"type": "LoennOgTilsvarendeYtelser", "beloep": 719038}], "kategori": "inntekt"},
        {"tekniskNavn": "samledeOpptjenteRenterIInnenlandskeBanker", "beloep": 19667, "kategori": "inntekt"},
        {"tekniskNavn": "forvaltningskostnadKnyttetTilAksjesparekonto", "beloep": 829,
         "kategori": "inntektsfradrag"},
    ],
    "skjermet": False,
    "skatteoppgjoersdato": "2024-02-20",
    "stadie": "oppgjoer",
    "ajourholdstidspunkt": "2024-02-20T08:38:37.72Z",
    "etFremtidigFelt": {"nytt": True},
}


def test_documented_example_is_read():
    body = parse_body(DOC_EXAMPLE)
    assert body.inntektsaar == 2023  # a string on the wire
    assert body.stadie == "oppgjoer"
    assert body.skatteoppgjoersdato == dt.date(2024, 2, 20)
    assert body.ajourholdstidspunkt == dt.datetime(2024, 2, 20, 8, 38, 37, 720000, tzinfo=dt.UTC)
    assert body.skjermet is False
    assert [(p.teknisk_navn, p.beloep, p.kategori) for p in body.posts] == [
        ("samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt", 719038, "inntekt"),
        ("samledeOpptjenteRenterIInnenlandskeBanker", 19667, "inntekt"),
        ("forvaltningskostnadKnyttetTilAksjesparekonto", 829, "inntektsfradrag"),
    ]


def test_svalbard_posts_are_kept_and_marked():
    body = parse_body({"inntektsaar": "2024", "grunnlag": [],
                       "svalbardGrunnlag": [{"tekniskNavn": "x", "beloep": 5, "kategori": "inntekt"}]})
    assert [(p.teknisk_navn, p.svalbard) for p in body.posts] == [("x", True)]


def test_utkast_without_settlement_date():
    body = parse_body({"inntektsaar": "2024", "stadie": "utkast", "skjermet": False, "grunnlag": []})
    assert body.skatteoppgjoersdato is None and body.stadie == "utkast" and body.posts == ()


def test_skjermet_body_with_only_request_parameters():
    body = parse_body({"personidentifikator": "16822548834", "inntektsaar": "2024", "skjermet": True})
    assert body.skjermet is True and body.posts == ()


@pytest.mark.parametrize("raw, expected", [
    (612450, 612450), ("612450", 612450), ("-1200", -1200), (" 48 000 ", 48000), ("100.0", 100),
    (99.5, 100), ("abc", None), (None, None), (True, None), ("", None), ("NaN", None),
])
def test_beloep_int_or_numeric_string(raw, expected):
    assert parse_beloep(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("inntekt", "inntekt"), (["inntekt"], "inntekt"), (None, ""), (["formue", "inntekt"], "formue,inntekt"),
])
def test_kategori_string_or_list(raw, expected):
    assert parse_kategori(raw) == expected


def test_unreadable_beloep_is_kept_as_invalid_not_dropped():
    body = parse_body({"grunnlag": [{"tekniskNavn": "x", "beloep": "mye", "kategori": "inntekt"}]})
    assert len(body.posts) == 1 and body.posts[0].valid is False


@pytest.mark.parametrize("raw", [None, [], "tekst", 3])
def test_a_body_that_is_not_an_object_is_refused(raw):
    with pytest.raises(SchemaError):
        parse_body(raw)
