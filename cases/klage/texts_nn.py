"""Every word of the klage letters in nynorsk (same keys and placeholders as ``texts_nb.py``)."""
TEXTS = {
    "lang": "nn",
    "our_ref": "Vår ref.",
    "date": "Dato",
    "to": "Til",
    "copy_to": "Kopi til",
    "party": "Part i saka",
    "case": "Sak",
    "title_avvisning": "Vedtak om avvising av klage",
    "title_oversendelse": "Oversending av klage til klageinstansen",
    "title_outcome": "Klaga er avgjord",
    "intro_avvisning": "Vi har fått klaga di på vedtaket om redusert foreldrebetaling datert {vedtak_date}. "
                       "Klaga vart motteken {received}.",
    "avvist": "Vi har <strong>avvist</strong> klaga. Det tyder at ho ikkje blir behandla.",
    "reason_too_late": "Klaga kom for seint. Klagefristen var {klagefrist} (forvaltningslova § 29), og det er "
                       "ikkje grunn til å behandle klaga likevel (forvaltningslova § 31).",
    "reason_no_standing": "Du er ikkje part i saka og har ikkje rettsleg klageinteresse (forvaltningslova § 28).",
    "reason_not_a_decision": "Det du har klaga på, er ikkje eit enkeltvedtak (forvaltningslova § 28).",
    "avvisning_appeal": "Du kan klage på denne avvisinga innan tre veker etter at du fekk brevet "
                        "(forvaltningslova §§ 28 og 29).",
    "h_klage": "Klaga",
    "h_case": "Saka",
    "h_assessment": "Vurderinga til kommunen",
    "h_outcome": "Avgjerda",
    "h_utsatt": "Utsett iverksetjing",
    "intro_oversendelse": "Kommunen har behandla klaga på vedtaket datert {vedtak_date} og finn ikkje grunn "
                          "til å endre det (forvaltningslova § 33). Klaga blir difor send til {klageinstans} "
                          "for avgjerd.",
    "copy_note": "Dette er kopien din av oversendinga. Du kan uttale deg om vurderinga til kommunen. Send då "
                 "fråsegna til kommunen innan tre veker, så sender vi ho vidare.",
    "case_summary": "{service} {period}. Vedtaket galdt frå {valid_from} til {valid_to}, med samla pris "
                    "{total} per månad. Inntekta til hushaldet i vedtaket var {income}.",
    "klage_received": "Klaga vart motteken {received} ({channel}).",
    "klage_late": "Klaga kom etter klagefristen ({klagefrist}), men kommunen har teke ho under behandling "
                  "(forvaltningslova § 31): {reason}",
    "channel_letter": "brev",
    "channel_email": "e-post",
    "channel_portal": "innbyggjarportalen",
    "intro_outcome": "{klageinstans} har avgjort klaga di på vedtaket om redusert foreldrebetaling datert "
                     "{vedtak_date}. Avgjerda er datert {outcome_date}.",
    "outcome_stadfestet": "Klageinstansen har <strong>stadfesta</strong> vedtaket. Vedtaket gjeld som før.",
    "outcome_omgjort": "Klageinstansen har <strong>gjort om</strong> vedtaket frå {from_date}. Du får eit nytt "
                       "vedtak med den nye prisen.",
    "outcome_opphevet": "Klageinstansen har <strong>oppheva</strong> vedtaket. Kommunen behandlar saka på "
                        "nytt, og du får eit nytt vedtak.",
    "outcome_final": "Avgjerda er endeleg og kan ikkje klagast på (forvaltningslova § 28 tredje ledd).",
    "utsatt_granted": "Kommunen har bestemt at vedtaket ikkje skal setjast i verk før klaga er avgjord "
                      "(forvaltningslova § 42).",
    "utsatt_refused": "Du bad om at vedtaket ikkje skulle setjast i verk før klaga er avgjord. Det har kommunen "
                      "ikkje funne grunn til (forvaltningslova § 42).",
    "innsyn": "Du har rett til å sjå dokumenta i saka (forvaltningslova § 18).",
    "closing": "Med venleg helsing",
}
