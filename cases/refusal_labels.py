"""What a caseworker reads when a proposal cannot be computed: one bokmål text per code.

The rules engine refuses bad input with a code (``cases.rules.errors.InputProblem``) and, where one child is
at fault, that child's id; the assessment adds its own reasons (``BlockReason``) and the child's or adult's
name. ``blocked_text`` renders it at the edge — the case page's attention line (``cases.tasks.propose``) and
the refusal message of «Beregn forslag» (``cases.views.common.refusal_text``). Nothing is decided by reading
a message; the engine's English message stays in the log and the ``calculate_fee`` contract.
"""
from cases.rules.errors import InputProblem
from cases.services.assessment import AssessmentBlocked, BlockReason

P = InputProblem
INPUT_PROBLEM_TEXT: dict[InputProblem, str] = {
    P.MALFORMED: "Beregningen fikk data i feil form. Dette er en feil i systemet – meld fra til systemansvarlig.",
    P.NOT_A_NUMBER: "Et beløp eller et timetall i saken er ikke et gyldig tall.",
    P.UNKNOWN_SERVICE: "Tjenesten er ukjent (verken barnehage eller SFO).",
    P.UNKNOWN_ZONE: "Kommunens makspris-sone er ukjent. Kontroller sonen i kommunens innstillinger.",
    P.UNKNOWN_SIBLING_ORDER: "Kommunens rekkefølge for søskenmoderasjon er ukjent. Kontroller kommunens "
                             "innstillinger.",
    P.FULL_TIME_HOURS_OUT_OF_RANGE: "Kommunens timetall for en heltidsplass må være fra 20 til 60 timer per uke. "
                                    "Rett det i kommunens innstillinger.",
    P.WEEKLY_HOURS_OUT_OF_RANGE: "Oppholdstiden må være over 0 og høyst 168 timer per uke. Rett barnets timer "
                                 "i søknaden.",
    P.NEGATIVE_PRICE: "Prisen for plassen kan ikke være negativ. Rett barnets pris i søknaden.",
    P.PRICE_ABOVE_MAKSPRIS: "Prisen for barnehageplassen er høyere enn maksimalprisen som gjelder for perioden "
                            "(forskrift om foreldrebetaling i barnehager § 1). Rett barnets pris i søknaden.",
    P.BIRTH_DATE_AFTER_CALCULATION: "Barnet er født etter datoen vedtaket skal gjelde fra. Kontroller "
                                    "fødselsdatoen og perioden.",
    P.GRADE_OUT_OF_RANGE: "SFO-trinnet må være et helt tall fra 1 til 7. Rett trinnet i søknaden.",
    P.NEGATIVE_INCOME: "Husholdningens inntekt kan ikke være negativ.",
    P.NO_CHILDREN: "Søknaden har ingen aktive barn å beregne for.",
    P.DUPLICATE_CHILD: "Det samme barnet står to ganger i søknaden.",
    P.UNKNOWN_INCOME_OWNER: "En inntekt er ikke knyttet til søker eller ektefelle/samboer.",
    P.UNKNOWN_INCOME_CLASS: "En inntektspost har en ukjent klassifisering. Kontroller klassifiseringstabellen.",
    P.NEGATIVE_INCOME_ITEM: "En inntektspost som teller med, er negativ i skattegrunnlaget. Vurder inntekten, og "
                            "registrer dokumentert inntekt om det trengs.",
    P.DOCUMENTED_INCOME_NEGATIVE: "Dokumentert inntekt kan ikke være negativ.",
    P.DOCUMENTED_INCOME_WITHOUT_REASON: "Dokumentert inntekt mangler begrunnelse (vesentlig og varig endring).",
    P.DOCUMENTED_INCOME_TWICE: "Dokumentert inntekt er registrert to ganger for samme person.",
    P.INVALID_PERIOD: "Perioden for vedtaket slutter før den begynner. Kontroller perioden i søknaden.",
    P.UNKNOWN_SFO_ORDER: "Kommunens regel for rekkefølgen i SFO er ukjent. Kontroller kommunens valg for SFO.",
    P.PERCENT_OUT_OF_RANGE: "Kommunens søskenmoderasjon i SFO må være fra 0 til 100 prosent. Rett kommunens valg "
                            "for SFO.",
    P.MODERATION_BAND_NEGATIVE: "En inntektsgruppe i kommunens moderasjonsregler har et negativt beløp.",
    P.MODERATION_BAND_INVERTED: "En inntektsgruppe i kommunens moderasjonsregler slutter før den begynner.",
    P.OVERLAPPING_PARAMETERS: "To satsparametere gjelder for samme dato. Rett satsene i admin.",
    P.NO_STATUTE: "Ingen lovhjemmel for tjenesten er i kraft på datoen vedtaket skal gjelde fra.",
}
BLOCK_TEXT: dict[BlockReason, str] = {
    BlockReason.NO_ZONE: "Kommunen har ingen makspris-sone registrert for {day:%d.%m.%Y}. Registrer sonen i admin.",
    BlockReason.NO_INCOME: "Mangler inntekt for {person}.",
}


def blocked_text(exc: AssessmentBlocked) -> str:
    """«Prisen for barnehageplassen er høyere enn … Gjelder Barn Eksempel.» (bokmål, no fødselsnummer)."""
    if isinstance(exc.code, InputProblem):
        text = INPUT_PROBLEM_TEXT[exc.code]
    else:
        text = BLOCK_TEXT[exc.code].format(person=exc.person, day=exc.day)
    return f"{text} Gjelder {exc.child}." if exc.child else text
