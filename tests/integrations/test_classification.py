"""Income classification with the seed table (skatteetaten-api.md § 3.2/§ 3.3, docs/integrations.md)."""
import itertools

from integrations.skatteetaten.classification import (
    ClassificationTable,
    Rule,
    classify_body,
    read_rules_file,
)
from integrations.skatteetaten.result import Classification, Outcome

TABLE = ClassificationTable(read_rules_file())

SIMULATOR_EXAMPLE = {  # skatteetaten-api.md § 2.6
    "personidentifikator": "01918812345",
    "inntektsaar": "2024",
    "skjermet": False,
    "grunnlag": [
        {"tekniskNavn": "samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt", "beloep": 612450,
         "kategori": "inntekt"},
        {"tekniskNavn": "samletPersoninntektFraEnkeltpersonforetakInnenJordbrukReindriftSkiferproduksjon"
                        "OgAnnenNaering", "beloep": 48000, "kategori": "inntekt"},
        {"tekniskNavn": "arbeidsavklaringspenger", "beloep": 0, "kategori": "inntekt"},
        {"tekniskNavn": "samledeOpptjenteRenterIInnenlandskeBanker", "beloep": 3812, "kategori": "inntekt"},
        {"tekniskNavn": "utbytteFraAksje", "beloep": 12000, "kategori": "inntekt"},
        {"tekniskNavn": "nettoinntektVedUtleieAvFastEiendomMv", "beloep": 36000, "kategori": "inntekt"},
    ],
    "skatteoppgjoersdato": "2025-06-18",
    "stadie": "oppgjoer",
    "ajourholdstidspunkt": "2025-06-18T05:12:44.123Z",
}


def test_reference_body_sums_personinntekt_and_kapitalinntekt():
    result = classify_body(SIMULATOR_EXAMPLE, TABLE)
    assert result.outcome is Outcome.FOUND
    assert result.personinntekt == 612450 + 48000 + 0
    assert result.kapitalinntekt == 3812 + 12000 + 36000
    assert result.counted_income == result.personinntekt + result.kapitalinntekt
    assert result.unknown_items == ()
    assert result.stadie == "oppgjoer" and result.inntektsaar == 2024


def test_fiks_2021_example_uses_the_pension_name_retired_in_2023():
    body = {"inntektsaar": "2021", "grunnlag": [
        {"tekniskNavn": "samledeOpptjenteRenterIInnenlandskeBanker", "beloep": 19015, "kategori": "inntekt"},
        {"tekniskNavn": "samletPensjonFraFolketrygden", "beloep": 894828, "kategori": "inntekt"},
        {"tekniskNavn": "samletAvkastningAvKapitalforsikringsavtale", "beloep": 286299, "kategori": "inntekt"},
    ]}
    result = classify_body(body, TABLE)
    assert result.counted_income == 1200142  # Fiks' totaltSummertGrunnlag for the same person
    body_2024 = {**body, "inntektsaar": "2024"}
    later = classify_body(body_2024, TABLE)
    assert [i.teknisk_navn for i in later.unknown_items] == ["samletPensjonFraFolketrygden"]
    assert later.counted_income == 19015 + 286299


def test_only_inntekt_posts_count():
    body = {"inntektsaar": "2023", "grunnlag": [
        {"tekniskNavn": "samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt", "beloep": 100,
         "kategori": "inntektsfradrag"},
        {"tekniskNavn": "forvaltningskostnadKnyttetTilAksjesparekonto", "beloep": 829, "kategori": "inntektsfradrag"},
    ]}
    result = classify_body(body, TABLE)
    assert {i.classification for i in result.items} == {Classification.NOT_COUNTED}
    assert result.counted_income == 0


def test_unknown_names_are_reported_not_counted_not_dropped():
    body = {"inntektsaar": "2024", "grunnlag": [
        {"tekniskNavn": "helltNyPostFra2026", "beloep": 5000, "kategori": "inntekt"},
        {"tekniskNavn": "utbytteFraAksje", "beloep": "ikke et tall", "kategori": "inntekt"},
        {"tekniskNavn": "utbytteFraAksje", "beloep": 700, "kategori": "inntekt"},
    ]}
    result = classify_body(body, TABLE)
    assert len(result.items) == 3
    assert [i.teknisk_navn for i in result.unknown_items] == ["helltNyPostFra2026", "utbytteFraAksje"]
    assert result.counted_income == 700


def test_business_overskudd_is_not_counted_next_to_its_personinntekt():
    body = {"inntektsaar": "2024", "grunnlag": [
        {"tekniskNavn": "samletPersoninntektFraEnkeltpersonforetakInnenFiskeOgFangst", "beloep": 300000,
         "kategori": "inntekt"},
        {"tekniskNavn": "samletOverskuddAvEnkeltpersonforetakInnenFiskeOgFangst", "beloep": 320000,
         "kategori": "inntekt"},
    ]}
    result = classify_body(body, TABLE)
    assert result.personinntekt == 300000 and result.kapitalinntekt == 0
    assert result.unknown_items == ()


def test_years_limit_a_row():
    assert TABLE.lookup("omstillingsstoenad", 2023) is None
    assert TABLE.lookup("omstillingsstoenad", 2024).classification is Classification.PERSONINNTEKT
    assert TABLE.lookup("annenPensjonFoerAlderspensjon", 2025) is None


def test_exact_row_beats_a_pattern_and_longer_pattern_wins():
    table = ClassificationTable([
        Rule("gevinst*", Classification.NOT_COUNTED),
        Rule("gevinstVedRealisasjonAv*", Classification.KAPITALINNTEKT),
        Rule("gevinstVedRealisasjonAvBil", Classification.NOT_COUNTED),
    ])
    assert table.lookup("gevinstVedRealisasjonAvAksje", 2024).classification is Classification.KAPITALINNTEKT
    assert table.lookup("gevinstVedRealisasjonAvBil", 2024).classification is Classification.NOT_COUNTED
    assert table.lookup("gevinstValutalaan", 2024).classification is Classification.NOT_COUNTED


def test_seed_file_has_no_overlapping_rows_for_a_name():
    rules = sorted(read_rules_file(), key=lambda r: r.teknisk_navn)
    for name, group in itertools.groupby(rules, key=lambda r: r.teknisk_navn):
        spans = sorted(((r.valid_from or 0), (r.valid_to or 9999)) for r in group)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end < start, name


def test_skjermet_is_an_outcome_of_its_own_never_zero_income():
    result = classify_body({"inntektsaar": "2024", "skjermet": True}, TABLE)
    assert result.outcome is Outcome.SKJERMET and result.has_income_data is False
