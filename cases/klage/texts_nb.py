"""Every word of the klage letters in bokmål (avvisning, oversendelsesbrev, klageinstansens avgjørelse).
``texts_nn.py`` has the same keys and placeholders (a test checks it); filled by ``cases.pdf.texts.Texts``."""
TEXTS = {
    "lang": "nb",
    "our_ref": "Vår ref.",
    "date": "Dato",
    "to": "Til",
    "copy_to": "Kopi til",
    "party": "Part i saken",
    "case": "Sak",
    "title_avvisning": "Vedtak om avvisning av klage",
    "title_oversendelse": "Oversendelse av klage til klageinstansen",
    "title_outcome": "Klagen er avgjort",
    "intro_avvisning": "Vi har fått klagen din på vedtaket om redusert foreldrebetaling datert {vedtak_date}. "
                       "Klagen ble mottatt {received}.",
    "avvist": "Vi har <strong>avvist</strong> klagen. Det betyr at den ikke blir behandlet.",
    "reason_too_late": "Klagen kom for sent. Klagefristen var {klagefrist} (forvaltningsloven § 29), og det er "
                       "ikke grunn til å behandle klagen likevel (forvaltningsloven § 31).",
    "reason_no_standing": "Du er ikke part i saken og har ikke rettslig klageinteresse (forvaltningsloven § 28).",
    "reason_not_a_decision": "Det du har klaget på, er ikke et enkeltvedtak (forvaltningsloven § 28).",
    "avvisning_appeal": "Du kan klage på denne avvisningen innen tre uker etter at du fikk brevet "
                        "(forvaltningsloven §§ 28 og 29).",
    "h_klage": "Klagen",
    "h_case": "Saken",
    "h_assessment": "Kommunens vurdering",
    "h_outcome": "Avgjørelsen",
    "h_utsatt": "Utsatt iverksetting",
    "intro_oversendelse": "Kommunen har behandlet klagen på vedtaket datert {vedtak_date} og finner ikke grunn "
                          "til å endre det (forvaltningsloven § 33). Klagen sendes derfor til {klageinstans} "
                          "for avgjørelse.",
    "copy_note": "Dette er din kopi av oversendelsen. Du kan uttale deg om kommunens vurdering. Send da "
                 "uttalelsen til kommunen innen tre uker, så sender vi den videre.",
    "case_summary": "{service} {period}. Vedtaket gjaldt fra {valid_from} til {valid_to}, med samlet pris "
                    "{total} per måned. Husholdningens inntekt i vedtaket var {income}.",
    "klage_received": "Klagen ble mottatt {received} ({channel}).",
    "klage_late": "Klagen kom etter klagefristen ({klagefrist}), men kommunen har tatt den under behandling "
                  "(forvaltningsloven § 31): {reason}",
    "channel_letter": "brev",
    "channel_email": "e-post",
    "channel_portal": "innbyggerportalen",
    "intro_outcome": "{klageinstans} har avgjort klagen din på vedtaket om redusert foreldrebetaling datert "
                     "{vedtak_date}. Avgjørelsen er datert {outcome_date}.",
    "outcome_stadfestet": "Klageinstansen har <strong>stadfestet</strong> vedtaket. Vedtaket gjelder som før.",
    "outcome_omgjort": "Klageinstansen har <strong>omgjort</strong> vedtaket fra {from_date}. Du får et nytt "
                       "vedtak med den nye prisen.",
    "outcome_opphevet": "Klageinstansen har <strong>opphevet</strong> vedtaket. Kommunen behandler saken på "
                        "nytt, og du får et nytt vedtak.",
    "outcome_final": "Avgjørelsen er endelig og kan ikke påklages (forvaltningsloven § 28 tredje ledd).",
    "utsatt_granted": "Kommunen har besluttet at vedtaket ikke skal iverksettes før klagen er avgjort "
                      "(forvaltningsloven § 42).",
    "utsatt_refused": "Du ba om at vedtaket ikke skulle iverksettes før klagen er avgjort. Det har kommunen "
                      "ikke funnet grunn til (forvaltningsloven § 42).",
    "innsyn": "Du har rett til å se dokumentene i saken (forvaltningsloven § 18).",
    "closing": "Med vennlig hilsen",
}
