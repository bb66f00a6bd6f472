"""Plain words for Skatteetaten's tax posts (``tekniskNavn``), in the parent's language.

A parent sees their own summed posts; the technical names (``samletLoennsinntektMedTrygdeavgiftsplikt…``)
mean little to them. Each post is placed in a family by the first rule below whose key part occurs in the
name (case-insensitive; the names are Skatteetaten's documented vocabulary, integrations'
income_classification.csv); a name no rule knows gets a label from its class (personinntekt,
kapitalinntekt, not counted). The labels are msgids in bokmål, translated in locale/nn and locale/en.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FAMILIES = (  # (key part of the tekniskNavn, plain label) — first match wins, so the specific come first
    ("minstefradrag", _("Minstefradrag")),
    ("fradrag", _("Fradrag")),
    ("forvaltningskostnad", _("Fradrag")),
    ("arbeidsavklaringspenger", _("Arbeidsavklaringspenger (AAP)")),
    ("dagpenger", _("Dagpenger")),
    ("ufoere", _("Uføretrygd og uføreytelser")),
    ("overgangsstoenad", _("Overgangsstønad")),
    ("omstillingsstoenad", _("Omstillingsstønad")),
    ("introduksjonsstoenad", _("Introduksjonsstønad")),
    ("kvalifiseringsstoenad", _("Kvalifiseringsstønad")),
    ("supplerendestoenad", _("Supplerende stønad")),
    ("ungdomsprogram", _("Ungdomsprogramytelse")),
    ("kompensasjonsytelse", _("Kompensasjonsytelse fra NAV")),
    ("barnepensjon", _("Barnepensjon")),
    ("pensjon", _("Pensjon")),
    ("foederaad", _("Pensjon")),
    ("slitertillegg", _("Pensjon")),
    ("livrente", _("Livrente")),
    ("loenn", _("Lønn")),
    ("etterloenn", _("Lønn")),
    ("styrehonorar", _("Lønn")),
    ("arbeidsinntekt", _("Lønn")),
    ("utgiftsgodtgjoerelse", _("Godtgjørelse fra arbeidsgiver")),
    ("godtgjoerelse", _("Godtgjørelse fra arbeidsgiver")),
    ("fordelvedelektroniskkommunikasjon", _("Godtgjørelse fra arbeidsgiver")),
    ("personinntektfra", _("Inntekt fra eget firma")),
    ("overskudd", _("Overskudd fra eget firma")),
    ("naering", _("Inntekt fra eget firma")),
    ("rente", _("Renter")),
    ("utbytte", _("Utbytte")),
    ("avkastning", _("Avkastning på sparing")),
    ("returprovisjon", _("Avkastning på sparing")),
    ("gevinst", _("Gevinst ved salg")),
    ("utleie", _("Utleie av bolig eller eiendom")),
    ("boligselskap", _("Inntekt fra borettslag eller boligsameie")),
    ("festeavgift", _("Festeavgift")),
    ("skogbruk", _("Inntekt fra skogbruk")),
    ("spill", _("Gevinst fra spill og lotteri")),
    ("skadeforsikring", _("Utbetaling fra forsikring")),
)
BY_CLASS = {
    "personinntekt": _("Annen personinntekt"),
    "kapitalinntekt": _("Annen kapitalinntekt"),
    "not_counted": _("Post som ikke teller med"),
}
FALLBACK = _("Annen post")


def plain_label(item: dict) -> str:
    """The plain label of one stored tax item (``{"tekniskNavn", "beloep", "class", …}``)."""
    name = (item.get("tekniskNavn") or "").lower()
    for key, label in FAMILIES:
        if key in name:
            return str(label)
    return str(BY_CLASS.get(item.get("class") or "", FALLBACK))


COUNTS = {"personinntekt", "kapitalinntekt"}


def plain_items(items) -> list[dict]:
    """The items for the parent's table: label, amount, whether it counts, and the technical name."""
    return [{"label": plain_label(item), "amount": item.get("beloep"), "counts": item.get("class") in COUNTS,
             "technical": item.get("tekniskNavn") or ""} for item in items or ()]
