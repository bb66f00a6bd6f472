"""Labels for the rules engine's structured outcome: one table per language (nb, nn, en).

The engine (``cases.rules.outcome``) returns enums and data only; every consumer (case page, letter,
renewal, statistics) renders text from these tables. Unknown languages fall back to bokmål. Amounts
in ``refused_text``/``granted_text`` are whole kroner (families never see decimals).
"""
from decimal import Decimal

from cases.formatting import NBSP, kroner
from cases.rules.legal import ACT_NAMES_NB
from cases.rules.outcome import Act, Granted, LegalBasis, Outcome, ReasonCode, Refused, RuleId

LANGUAGES = ("nb", "nn", "en")

RULE_LABELS: dict[str, dict[RuleId, str]] = {
    "nb": {
        RuleId.PRICE_OF_PLACE: "Pris for plassen",
        RuleId.INCOME_CAP_6_PERCENT: "Redusert foreldrebetaling (6 % av inntekten)",
        RuleId.SIBLING_DISCOUNT: "Søskenmoderasjon",
        RuleId.FREE_CORE_HOURS: "Gratis kjernetid (20 timer i uken)",
        RuleId.FREE_SFO_HOURS: "Gratis SFO-timer (12 timer i uken)",
        RuleId.FREE_PLACE_TILTAKSSONE: "Gratis barnehage i tiltakssonen",
        RuleId.SFO_SIBLING_DISCOUNT: "Søskenmoderasjon i SFO (kommunens regel)",
        RuleId.KOMMUNAL_MODERATION: "Kommunens egen moderasjon (inntektsgrupper)",
    },
    "nn": {
        RuleId.PRICE_OF_PLACE: "Pris for plassen",
        RuleId.INCOME_CAP_6_PERCENT: "Redusert foreldrebetaling (6 % av inntekta)",
        RuleId.SIBLING_DISCOUNT: "Søskenmoderasjon",
        RuleId.FREE_CORE_HOURS: "Gratis kjernetid (20 timar i veka)",
        RuleId.FREE_SFO_HOURS: "Gratis SFO-timar (12 timar i veka)",
        RuleId.FREE_PLACE_TILTAKSSONE: "Gratis barnehage i tiltakssona",
        RuleId.SFO_SIBLING_DISCOUNT: "Søskenmoderasjon i SFO (regelen til kommunen)",
        RuleId.KOMMUNAL_MODERATION: "Kommunen sin eigen moderasjon (inntektsgrupper)",
    },
    "en": {
        RuleId.PRICE_OF_PLACE: "Price of the place",
        RuleId.INCOME_CAP_6_PERCENT: "Reduced fee (6 % of income)",
        RuleId.SIBLING_DISCOUNT: "Sibling discount",
        RuleId.FREE_CORE_HOURS: "Free core hours (20 hours a week)",
        RuleId.FREE_SFO_HOURS: "Free SFO hours (12 hours a week)",
        RuleId.FREE_PLACE_TILTAKSSONE: "Free kindergarten in the action zone",
        RuleId.SFO_SIBLING_DISCOUNT: "SFO sibling discount (the municipality's rule)",
        RuleId.KOMMUNAL_MODERATION: "The municipality's own reduction (income bands)",
    },
}

REASON_LABELS: dict[str, dict[ReasonCode, str]] = {
    "nb": {
        ReasonCode.INCOME_NOT_BELOW_CAP: "Inntekten er for høy: 6 % av inntekten gir ikke lavere pris",
        ReasonCode.INCOME_NOT_BELOW_LIMIT: "Inntekten er ikke lavere enn inntektsgrensen",
        ReasonCode.NOT_YET_ELIGIBLE_AGE: "Barnet er ikke gammelt nok ennå",
        ReasonCode.SCHOOL_START_REACHED: "Barnet har nådd skolestart",
        ReasonCode.FEE_ALREADY_ZERO: "Prisen er allerede 0 kr",
        ReasonCode.TRINN_NOT_COVERED: "Regelen gjelder ikke dette trinnet",
        ReasonCode.NO_FREE_HOURS_FOR_TRINN: "Ingen gratis timer for dette trinnet",
        ReasonCode.NATIONAL_RULES_MORE_FAVOURABLE: "De nasjonale reglene gir lavere pris",
        ReasonCode.INCOME_ABOVE_KOMMUNAL_BANDS: "Inntekten er over kommunens inntektsgrupper",
    },
    "nn": {
        ReasonCode.INCOME_NOT_BELOW_CAP: "Inntekta er for høg: 6 % av inntekta gir ikkje lågare pris",
        ReasonCode.INCOME_NOT_BELOW_LIMIT: "Inntekta er ikkje lågare enn inntektsgrensa",
        ReasonCode.NOT_YET_ELIGIBLE_AGE: "Barnet er ikkje gammalt nok enno",
        ReasonCode.SCHOOL_START_REACHED: "Barnet har nådd skulestart",
        ReasonCode.FEE_ALREADY_ZERO: "Prisen er alt 0 kr",
        ReasonCode.TRINN_NOT_COVERED: "Regelen gjeld ikkje dette trinnet",
        ReasonCode.NO_FREE_HOURS_FOR_TRINN: "Ingen gratis timar for dette trinnet",
        ReasonCode.NATIONAL_RULES_MORE_FAVOURABLE: "Dei nasjonale reglane gir lågare pris",
        ReasonCode.INCOME_ABOVE_KOMMUNAL_BANDS: "Inntekta er over inntektsgruppene til kommunen",
    },
    "en": {
        ReasonCode.INCOME_NOT_BELOW_CAP: "Income too high: 6 % of income does not give a lower price",
        ReasonCode.INCOME_NOT_BELOW_LIMIT: "Income is not below the income limit",
        ReasonCode.NOT_YET_ELIGIBLE_AGE: "The child is not old enough yet",
        ReasonCode.SCHOOL_START_REACHED: "The child has reached school start",
        ReasonCode.FEE_ALREADY_ZERO: "The price is already 0 kr",
        ReasonCode.TRINN_NOT_COVERED: "The rule does not cover this school year",
        ReasonCode.NO_FREE_HOURS_FOR_TRINN: "No free hours for this school year",
        ReasonCode.NATIONAL_RULES_MORE_FAVOURABLE: "The national rules give a lower price",
        ReasonCode.INCOME_ABOVE_KOMMUNAL_BANDS: "Income is above the municipality's income bands",
    },
}

OUTCOME_LABELS: dict[str, dict[Outcome, str]] = {
    "nb": {Outcome.INNVILGET: "Innvilget", Outcome.DELVIS: "Delvis innvilget", Outcome.AVSLAG: "Avslått"},
    "nn": {Outcome.INNVILGET: "Innvilga", Outcome.DELVIS: "Delvis innvilga", Outcome.AVSLAG: "Avslått"},
    "en": {Outcome.INNVILGET: "Granted", Outcome.DELVIS: "Partly granted", Outcome.AVSLAG: "Refused"},
}

ACT_LABELS: dict[str, dict[Act, str]] = {
    "nb": ACT_NAMES_NB,
    "nn": {
        Act.FORSKRIFT_FORELDREBETALING: "forskrift om foreldrebetaling i barnehagar",
        Act.BARNEHAGELOVEN: "barnehagelova",
        Act.OPPLAERINGSLOVA_1998: "opplæringslova (1998)",
        Act.FORSKRIFT_OPPLAERINGSLOVA_1998: "forskrift til opplæringslova",
        Act.OPPLAERINGSLOVA_2023: "opplæringslova",
        Act.OPPLAERINGSFORSKRIFTA_2024: "opplæringsforskrifta",
        Act.KOMMUNAL_FORSKRIFT: "forskrifta til kommunen",
    },
    "en": {
        Act.FORSKRIFT_FORELDREBETALING: "Regulation on parental payment in kindergartens",
        Act.BARNEHAGELOVEN: "Kindergarten Act",
        Act.OPPLAERINGSLOVA_1998: "Education Act (1998)",
        Act.FORSKRIFT_OPPLAERINGSLOVA_1998: "Regulation to the Education Act",
        Act.OPPLAERINGSLOVA_2023: "Education Act",
        Act.OPPLAERINGSFORSKRIFTA_2024: "Education Regulation",
        Act.KOMMUNAL_FORSKRIFT: "the municipality's regulation",
    },
}

PARAMETER_LABELS: dict[str, dict[str, str]] = {
    "nb": {
        "makspris": "Makspris per måned", "kjernetid_income_limit": "Inntektsgrense for gratis kjernetid",
        "kjernetid_free_hours": "Gratis timer i uken (kjernetid)", "kjernetid_min_age": "Kjernetid fra alder",
        "sibling_discount": "Søskenmoderasjon (prosent)", "sibling_third_child_free": "Barn nr. 3 gratis",
        "income_cap_percent": "Andel av inntekten (prosent)", "payment_months": "Betalingsmåneder per år",
        "sfo_income_cap_trinn": "6 %-regelen gjelder trinnet", "sfo_free_hours": "Gratis SFO-timer i uken",
    },
    "nn": {
        "makspris": "Makspris per månad", "kjernetid_income_limit": "Inntektsgrense for gratis kjernetid",
        "kjernetid_free_hours": "Gratis timar i veka (kjernetid)", "kjernetid_min_age": "Kjernetid frå alder",
        "sibling_discount": "Søskenmoderasjon (prosent)", "sibling_third_child_free": "Barn nr. 3 gratis",
        "income_cap_percent": "Del av inntekta (prosent)", "payment_months": "Betalingsmånader per år",
        "sfo_income_cap_trinn": "6 %-regelen gjeld trinnet", "sfo_free_hours": "Gratis SFO-timar i veka",
    },
    "en": {
        "makspris": "Maximum price per month", "kjernetid_income_limit": "Income limit for free core hours",
        "kjernetid_free_hours": "Free hours a week (core hours)", "kjernetid_min_age": "Core hours from age",
        "sibling_discount": "Sibling discount (percent)", "sibling_third_child_free": "Child no. 3 free",
        "income_cap_percent": "Share of income (percent)", "payment_months": "Payment months a year",
        "sfo_income_cap_trinn": "6 % rule covers the school year", "sfo_free_hours": "Free SFO hours a week",
    },
}


def _lang(lang: str | None) -> str:
    return lang if lang in LANGUAGES else "nb"


def rule_label(rule, lang: str = "nb") -> str:
    """Readable name of a rule id (a ``RuleId`` or its string value)."""
    try:
        return RULE_LABELS[_lang(lang)][RuleId(rule)]
    except ValueError:
        return str(rule)


def reason_label(reason, lang: str = "nb") -> str:
    try:
        return REASON_LABELS[_lang(lang)][ReasonCode(reason)]
    except ValueError:
        return str(reason)


def outcome_label(outcome, lang: str = "nb") -> str:
    return OUTCOME_LABELS[_lang(lang)][Outcome(outcome)]


def act_label(act, lang: str = "nb") -> str:
    return ACT_LABELS[_lang(lang)][Act(act)]


def basis_label(basis: LegalBasis | tuple | list, lang: str = "nb") -> str:
    """«forskrift om foreldrebetaling i barnehager § 3b»; several joined with «, jf.» / «, cf.»."""
    if isinstance(basis, LegalBasis):
        return f"{act_label(basis.act, lang)} {basis.section}".strip()
    joiner = ", cf. " if _lang(lang) == "en" else ", jf. "
    return joiner.join(basis_label(b, lang) for b in basis)


def parameter_label(key: str, lang: str = "nb") -> str:
    return PARAMETER_LABELS[_lang(lang)].get(key, key)


_REFUSED_DETAIL = {
    "nb": {ReasonCode.INCOME_NOT_BELOW_LIMIT: "grensen er {limit}",
           ReasonCode.INCOME_NOT_BELOW_CAP: "6 % av inntekten er {limit} per måned",
           ReasonCode.NOT_YET_ELIGIBLE_AGE: "gjelder fra og med {date}",
           ReasonCode.SCHOOL_START_REACHED: "skolestart {date}",
           ReasonCode.NATIONAL_RULES_MORE_FAVOURABLE: "kommunens pris er {limit}"},
    "nn": {ReasonCode.INCOME_NOT_BELOW_LIMIT: "grensa er {limit}",
           ReasonCode.INCOME_NOT_BELOW_CAP: "6 % av inntekta er {limit} per månad",
           ReasonCode.NOT_YET_ELIGIBLE_AGE: "gjeld frå og med {date}",
           ReasonCode.SCHOOL_START_REACHED: "skulestart {date}",
           ReasonCode.NATIONAL_RULES_MORE_FAVOURABLE: "prisen til kommunen er {limit}"},
    "en": {ReasonCode.INCOME_NOT_BELOW_LIMIT: "the limit is {limit}",
           ReasonCode.INCOME_NOT_BELOW_CAP: "6 % of income is {limit} a month",
           ReasonCode.NOT_YET_ELIGIBLE_AGE: "applies from {date}",
           ReasonCode.SCHOOL_START_REACHED: "school start {date}",
           ReasonCode.NATIONAL_RULES_MORE_FAVOURABLE: "the municipality's price is {limit}"},
}


def refused_text(refused: Refused, lang: str = "nb") -> str:
    """«Gratis kjernetid (20 timer i uken): Inntekten er ikke lavere enn inntektsgrensen (grensen er 642 700 kr)»."""
    lang = _lang(lang)
    text = f"{rule_label(refused.rule, lang)}: {reason_label(refused.reason, lang)}"
    detail = _REFUSED_DETAIL[lang].get(refused.reason)
    if detail and ("{limit}" not in detail or refused.limit is not None) and (
            "{date}" not in detail or refused.applies_from is not None):
        day = refused.applies_from.strftime("%d.%m.%Y") if refused.applies_from else ""
        text += f" ({detail.format(limit=kroner(refused.limit), date=day)})"
    return text


def granted_text(granted: Granted, lang: str = "nb") -> str:
    """The rule's label with its key fact: «Søskenmoderasjon: 30 %», «Gratis kjernetid ...: 20 av 41 timer»."""
    lang = _lang(lang)
    label = rule_label(granted.rule, lang)
    if granted.percent is not None:
        return f"{label}: {_plain(granted.percent, lang)}{NBSP}%"
    if granted.free_hours is not None and granted.of_hours is not None:
        word = {"nb": "av", "nn": "av", "en": "of"}[lang]
        hours = {"nb": "timer", "nn": "timar", "en": "hours"}[lang]
        return f"{label}: {_plain(granted.free_hours, lang)} {word} {_plain(granted.of_hours, lang)} {hours}"
    return label


def _plain(value: Decimal, lang: str) -> str:
    """37.5 → «37,5» (nb/nn) or «37.5» (en); whole numbers without decimals."""
    text = f"{Decimal(value).normalize():f}"
    return text if lang == "en" else text.replace(".", ",")
