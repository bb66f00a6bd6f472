"""Every word of the vedtak letter and its attachment in nynorsk (klarspråk, Språkrådet's norms).

The same keys and ``{placeholders}`` as ``texts_nb.py`` (a test checks it, and that no bokmål form
such as «ikke», «fra», «hvis», «noen», «hva», «uker», «måned» or «husholdning» slips in). Nynorsk
names of acts: barnehagelova, forvaltningslova, opplæringslova, offentleglova.
"""
TEXTS = {
    # Letterhead and addressing
    "lang": "nn",
    "to": "Til",
    "applicant": "søkjar",
    "co_applicant": "medsøkjar",
    "our_ref": "Vår ref.",
    "your_ref": "Dykkar ref.",
    "your_ref_value": "Søknad motteken {date}",
    "renewal_ref_value": "Automatisk fornying",
    "date": "Dato",
    "caseworker": "Sakshandsamar",
    "phone": "Telefon",
    "orgnr": "Org.nr.",
    "confidential": "Unnateke frå offentlegheit, offl. § 13 jf. {taushetsplikt}",
    "running_confidential": "Unnateke frå offentlegheit",
    "running_ref": "Vår ref.",
    "page": "Side",
    "page_of": "av",
    "draft_mark": "UTKAST – ikkje sendt",
    "draft_text": "Dette er eit forslag til vedtak til kontroll før godkjenning. Det er ikkje eit gyldig vedtak "
                  "og skal ikkje sendast.",
    "draft_warnings": "Merknader til sakshandsamaren (berre i utkast):",
    # Titles
    "title_barnehage": "Vedtak om redusert foreldrebetaling og gratis kjernetid i barnehage",
    "title_sfo": "Vedtak om redusert foreldrebetaling i SFO",
    "year_barnehage": "barnehageåret {period}",
    "year_sfo": "skuleåret {period}",
    # Endringsvedtak, opphøyr and a new vedtak after klage (cases.pdf.context._change; docs/changes.md)
    "title_change_barnehage": "Endringsvedtak om redusert foreldrebetaling og gratis kjernetid i barnehage",
    "title_change_sfo": "Endringsvedtak om redusert foreldrebetaling i SFO",
    "title_opphor": "Vedtak om opphøyr av redusert foreldrebetaling",
    "title_klage": "Nytt vedtak etter klage om redusert foreldrebetaling",
    "h_change": "Endringa",
    "change_lead": "Dette vedtaket erstattar vedtaket ditt av {replaced} frå og med {date}. Før denne datoen "
                   "gjeld det tidlegare vedtaket utan endringar.",
    "change_lead_no_date": "Dette vedtaket erstattar det tidlegare vedtaket ditt frå og med {date}. Før denne "
                           "datoen gjeld det tidlegare vedtaket utan endringar.",
    "change_reason": "Grunnen er at vi har fått vite om denne endringa: {what}.",
    "change_what_new_child": "eit nytt barn har fått plass",
    "change_what_child_left": "eit barn har slutta",
    "change_what_place_changed": "eit barn har bytt plass",
    "change_what_hours_changed": "opphaldstida for eit barn er endra",
    "change_what_partner_moved_in": "ein ektefelle, partnar eller sambuar har flytta inn",
    "change_what_partner_moved_out": "ein ektefelle, partnar eller sambuar har flytta ut",
    "change_what_income_drop": "inntekta til hushaldet har gått vesentleg og varig ned",
    "change_what_klage_medhold": "vi har gitt deg medhald i klaga di",
    "change_what_klage_omgjort": "klageinstansen har gjort om vedtaket",
    "change_col_child": "Barn",
    "change_col_old": "Pris før endringa",
    "change_col_new": "Ny pris frå og med {date}",
    "change_no_place": "ingen plass",
    "change_place_ended": "plassen er avslutta",
    "opphor_conclusion": "Den reduserte foreldrebetalinga <strong>fell bort</strong> frå og med {date}.",
    "opphor_lead": "Ingen av barna i søknaden har plass frå denne datoen, så det er ikkje lenger nokon pris å "
                   "redusere.",
    # Decision
    "h_decision": "Vedtak",
    "outcome_innvilget": "Vi har <strong>innvilga</strong> søknaden din.",
    "outcome_delvis": "Vi har <strong>delvis innvilga</strong> søknaden din.",
    "outcome_avslag": "Vi har <strong>avslått</strong> søknaden din.",
    "outcome_word_innvilget": "innvilga",
    "outcome_word_delvis": "delvis innvilga",
    "outcome_word_avslag": "avslått",
    "decision_lead": "Prisen for plassen per månad blir slik frå og med datoane i tabellane. Vedtaket gjeld "
                     "til og med {valid_to}.",
    "child_heading": "{name}, fødd {birth_date}",
    "child_place_barnehage": "{institution}, {hours} timar per veke",
    "child_place_sfo": "{institution}, {trinn}. trinn, {hours} timar per veke",
    "col_from": "Frå og med",
    "col_price": "Pris per månad",
    "col_total": "Samla pris per månad",
    "ordinary_price": "Vanleg pris for plassen er {price} per månad.",
    "child_outcome": "Resultat for {name}: {outcome}.",
    "granted_income_cap_6_percent": "Redusert foreldrebetaling: prisen er sett ned slik at du betaler høgst "
                                    "{percent} prosent av inntekta til hushaldet per år.",
    "granted_free_core_hours": "Gratis kjernetid: {free} timar per veke er gratis.",
    "granted_sibling_discount": "Syskenmoderasjon: {percent} prosent rabatt fordi {name} er barn nummer {rank} "
                                "i barnehage.",
    "granted_sibling_discount_plain": "Syskenmoderasjon: {percent} prosent rabatt.",
    "granted_sibling_free": "Syskenmoderasjon: plassen er gratis fordi {name} er barn nummer {rank}, og tre "
                            "eller fleire barn i hushaldet går i barnehage samstundes.",
    "granted_free_sfo_hours": "Gratis SFO: {free} timar per veke er gratis.",
    "granted_free_place": "Plassen er gratis. Du betaler berre for kost.",
    "granted_free_place_tiltakssone": "Plassen er gratis fordi barnehage er gratis i tiltakssona i Finnmark og "
                               "Nord-Troms. Du betaler berre for kost.",
    "refused_heading": "Dette har vi ikkje innvilga for {name}:",
    "refused_income_cap_6_percent": "Redusert foreldrebetaling: {percent} prosent av inntekta til hushaldet "
                                    "er {cap} per månad. Det er ikkje lågare enn prisen for plassen, så regelen "
                                    "gir ikkje lågare pris.",
    "refused_income_cap_trinn": "Redusert foreldrebetaling: regelen gjeld ikkje for {trinn}. trinn.",
    "refused_free_core_hours": "Gratis kjernetid: inntekta til hushaldet ({income}) er ikkje lågare enn "
                               "inntektsgrensa ({limit}).",
    "not_yet_free_core_hours": "Gratis kjernetid gjeld for {name} frå og med {date}, frå 1. august det året "
                               "barnet fyller to år.",
    "total_heading": "Samla pris for {count} barn",
    "kost": "Kost (matpengar) kjem i tillegg og blir ikkje redusert.",
    # Grounds
    "h_hjemmel": "Reglar vi har brukt",
    "hjemmel_lead": "Vedtaket byggjer på desse reglane:",
    "hjemmel_barnehage": "Kommunen skal setje ned prisen slik at du for kvart barn betaler høgst 6 prosent av "
                         "inntekta til hushaldet per år (§ 3b). Barn har rett til 20 timar gratis opphaldstid "
                         "per veke frå 1. august det året dei fyller to år, når inntekta er lågare enn "
                         "inntektsgrensa (§ 3c).",
    "sibling_rule_before": "Syskenmoderasjonen er minst 30 prosent for barn nummer to og minst 50 prosent for "
                           "barn nummer tre eller fleire (§ 3a).",
    "sibling_rule_from": "Syskenmoderasjonen er minst 30 prosent for barn nummer to. Frå 1. august 2023 er "
                         "plassen gratis for barn nummer tre eller fleire når tre eller fleire barn går i "
                         "barnehage samstundes (§ 3a).",
    "hjemmel_sfo": "Kommunen skal etter søknad setje ned prisen slik at han for kvar elev på dei trinna regelen "
                   "gjeld for, er høgst 6 prosent av inntekta til hushaldet per år. Elevar på dei lågaste "
                   "trinna har i tillegg rett til 12 timar gratis SFO per veke.",
    "income_rule": "Med inntekt meiner vi personinntekt og skattepliktig kapitalinntekt før skatt for deg og "
                   "ektefelle, registrert partnar eller sambuar. Skattefrie ytingar som barnetrygd, "
                   "kontantstøtte og barnebidrag reknar vi ikkje med.",
    "h_facts": "Opplysningar vi har brukt",
    "facts_lead": "Vi fekk søknaden {date}.",
    "facts_lead_renewal": "Vedtaket er ei automatisk fornying av det førre vedtaket ditt.",
    "h_household": "Hushaldet",
    "household_two": "Hushaldet består av {applicant} og {partner}. Vi har rekna med inntekta til begge fordi "
                     "{reason}.",
    "household_one": "{applicant} er registrert utan ektefelle, registrert partnar eller sambuar. Vi har berre "
                     "rekna med inntekta di.",
    "reason_ektefelle": "ektefellar alltid blir rekna som eitt hushald",
    "reason_registrert_partner": "registrerte partnarar blir rekna som ektefellar",
    "reason_samboer": "sambuarar blir rekna med når dei har budd saman i minst 12 av dei siste 18 månadene "
                      "eller har felles barn",
    "h_income": "Inntekt",
    "col_person": "Person",
    "col_personinntekt": "Personinntekt",
    "col_kapitalinntekt": "Kapitalinntekt",
    "col_counted": "Rekna med",
    "col_source": "Kjelde",
    "income_total": "Samla inntekt for hushaldet",
    "income_only_total": "Den samla inntekta til hushaldet er {total}.",
    "source_tax": "Skatteetaten, {stadie} for inntektsåret {year}, henta {fetched}",
    "source_tax_no_date": "Skatteetaten, {stadie} for inntektsåret {year}",
    "source_documented": "Dokumentasjon frå deg",
    "stadie_oppgjoer": "skatteoppgjer",
    "stadie_fastsatt": "fastsett skattegrunnlag",
    "stadie_utkast": "utkast til skattemelding",
    "stadie_other": "skatteopplysningar",
    "h_siblings": "Sysken",
    "siblings": "Desse barna i hushaldet har barnehageplass i perioden, og vi har rekna dei med i "
                "syskenmoderasjonen: {names}.",
    "h_assessment": "Vurdering",
    "assessment_person": "For {name} har vi ikkje brukt inntekta frå Skatteetaten, men inntekt du har "
                         "dokumentert: {amount} per år.",
    "assessment_documents": "Dokumentasjon: {documents}.",
    "assessment_reason": "Grunngjeving: {reason}",
    "assessment_rule": "Vi kan berre bruke anna dokumentasjon enn skatteopplysningane når inntekta til "
                       "hushaldet har gått vesentleg og varig ned, til dømes ved langvarig arbeidsløyse eller "
                       "når hushaldet har endra seg. Ein auke i inntekta gir ikkje grunnlag for å bruke anna "
                       "dokumentasjon. Vi meiner at nedgangen er vesentleg og varig, og har lagt vekt på "
                       "dokumentasjonen over.",
    # Calculation
    "h_calculation": "Slik har vi rekna ut prisen",
    "calc_lead": "Beløpa er per månad. Vi har runda ned til heile kroner.",
    "calc_income": "Samla inntekt for hushaldet",
    "calc_makspris": "Maksimalpris for ein heiltidsplass per månad",
    "calc_cap_year": "{percent} prosent av inntekta per år",
    "calc_cap_month": "Delt på {months} månader: høgaste pris per barn per månad",
    "calc_kjernetid_limit": "Inntektsgrense for gratis kjernetid",
    "calc_from": "Frå og med {date}",
    "col_step": "Steg",
    "col_after": "Pris etter steget",
    "col_explanation": "Forklaring",
    "step_price_of_place": "Pris for plassen",
    "step_income_cap_6_percent": "Redusert foreldrebetaling",
    "step_sibling_discount": "Syskenmoderasjon",
    "step_free_core_hours": "Gratis kjernetid",
    "step_free_sfo_hours": "Gratis SFO-timar",
    "step_free_place_tiltakssone": "Gratis barnehage i tiltakssona",
    "step_sfo_sibling_discount": "Syskenmoderasjon i SFO",
    "step_kommunal_moderation": "Kommunen sin eigen moderasjon",
    "explain_free_place_tiltakssone": "Maksimalprisen i tiltakssona er 0 kr",
    "explain_sfo_sibling_discount": "Regelen til kommunen: {percent} prosent rabatt",
    "explain_kommunal_moderation": "Inntektsgruppene til kommunen gir lågare pris enn dei nasjonale reglane",
    "granted_sfo_sibling_discount": "Syskenmoderasjon i SFO: {percent} prosent rabatt etter reglane til "
                                    "kommunen.",
    "granted_kommunal_moderation": "Kommunen sin eigen moderasjon: prisen følgjer inntektsgruppene til "
                                   "kommunen, fordi det gir lågare pris enn dei nasjonale reglane.",
    "step_other": "Anna regel",
    "explain_price_of_place_barnehage": "Kommunen sin pris for plassen, høgst maksimalprisen",
    "explain_price_of_place_sfo": "Kommunen sin pris for SFO-plassen",
    "explain_income_cap_6_percent": "Høgst {percent} prosent av inntekta, delt på {months} månader",
    "explain_sibling_discount": "Barn nummer {rank}: {percent} prosent rabatt",
    "explain_sibling_discount_plain": "{percent} prosent rabatt",
    "explain_free_core_hours": "{free} av {hours} timar per veke er gratis",
    "explain_free_sfo_hours": "{free} av {hours} timar per veke er gratis",
    "new_price": "Ny pris per månad for {name}: {amount}",
    # Duration and changes
    "h_duration": "Kor lenge vedtaket gjeld",
    "duration": "Vedtaket gjeld frå og med {valid_from} til og med {valid_to}.",
    "next_year_barnehage": "Du treng ikkje søkje på nytt for neste barnehageår. Før det nye barnehageåret "
                           "byrjar, hentar kommunen nye skatteopplysningar og sender deg eit nytt vedtak. Er det "
                           "noko som ikkje stemmer då, kan du seie frå.",
    "next_year_sfo": "Du treng ikkje søkje på nytt for neste skuleår. Før det nye skuleåret byrjar, hentar "
                     "kommunen nye skatteopplysningar og sender deg eit nytt vedtak. Er det noko som ikkje "
                     "stemmer då, kan du seie frå.",
    "report_changes": "Du må seie frå til kommunen med ein gong dersom inntekta eller hushaldet endrar seg, til "
                      "dømes ved ekteskap, ny sambuar, samlivsbrot eller flytting. Får vi nye opplysningar, kan "
                      "vi endre vedtaket ({omgjoring}). Går inntekta vesentleg og varig ned, kan du be om ei ny "
                      "vurdering.",
    # Appeal (short form in the letter; the whole text is the attachment)
    "h_appeal": "Du kan klage",
    "appeal_deadline": "Du kan klage på vedtaket innan <strong>3 veker</strong> etter at du fekk det "
                       "({klagefrist}).",
    "appeal_send": "Send klagen til {unit}, {kommune}{where}. Vi ser på saka på nytt. Får du ikkje medhald, "
                   "sender vi klagen til klageinstansen, som er <strong>{klageinstans}</strong>.",
    "appeal_where_address": ", {address}",
    "appeal_where_email": ", eller på e-post til {email}",
    "appeal_innsyn": "Du har rett til å sjå dokumenta i saka (innsyn, {innsyn}).",
    "appeal_attachment": "I vedlegget «{attachment}» står det korleis du klagar, og kva rettar du har.",
    # Contact
    "h_contact": "Kontakt",
    "contact": "Har du spørsmål, kan du kontakte oss{phone}{email}. Oppgi vår ref. {saksnummer}.",
    "contact_phone": " på telefon {phone}",
    "contact_email": " på e-post {email}",
    "contact_or": " eller",
    "regards": "Med venleg helsing",
    "approved_by": "Godkjend av",
    "not_approved": "Ikkje godkjend enno",
    "signed_final": "Godkjend elektronisk og sendt utan underskrift.",
    "signed_draft": "Utkast – ikkje godkjend og ikkje sendt.",
    "enclosure": "Vedlegg",
    # The standard attachment
    "attachment_title": "Orientering om klagerett og innsyn",
    "attachment_subtitle": "Vedlegg til vedtak om redusert foreldrebetaling frå {kommune}",
    "att_h_appeal": "Du kan klage på vedtaket",
    "att_appeal": "Du har rett til å klage på vedtaket ({klageinstans_ref}). Klagefristen er <strong>3 veker"
                  "</strong> frå du fekk vedtaket. Det er nok at klagen er sendt innan fristen ({klagefrist}).",
    "att_h_how": "Slik klagar du",
    "att_how": "Klagen må vere skriftleg og underskriven av deg eller ein fullmektig. Skriv kva vedtak du "
               "klagar på (vår ref. står øvst i vedtaket), kva endring du ønskjer, og gjerne kvifor du meiner "
               "vedtaket er feil ({klage_innhold}).",
    "att_send": "Send klagen til {unit}, {kommune}{where}.",
    "att_h_next": "Kva skjer med klagen",
    "att_next": "Vi ser på saka på nytt og kan endre vedtaket sjølve ({klage_underinstans}). Får du ikkje "
                "medhald, sender vi klagen til klageinstansen, som er <strong>{klageinstans}</strong>. "
                "Statsforvaltaren er ikkje klageinstans for slike vedtak.",
    "att_late": "Kjem klagen for seint, kan han likevel bli behandla dersom det er særlege grunnar til det "
                "({klage_for_sent}).",
    "att_h_rights": "Andre rettar",
    "att_reasons": "<strong>Grunngjeving:</strong> Du kan be om ei nærare grunngjeving for vedtaket innan "
                   "klagefristen. Då byrjar klagefristen å gå på nytt frå du har fått grunngjevinga "
                   "({klagefrist_begrunnelse}).",
    "att_innsyn": "<strong>Innsyn:</strong> Du har rett til å sjå dokumenta i saka di, også etter at vedtaket "
                  "er gjort ({innsyn}).",
    "att_guidance": "<strong>Rettleiing:</strong> Vi hjelper deg gjerne, også med å skrive klagen "
                    "({veiledning}).",
    "att_costs": "<strong>Sakskostnader:</strong> Blir vedtaket endra til fordel for deg, kan du ha rett til å "
                 "få dekt vesentlege kostnader som var naudsynte for å få vedtaket endra ({sakskostnader}).",
    "att_postpone": "<strong>Utsett iverksetjing:</strong> Du kan be om at vedtaket ikkje blir sett i verk før "
                    "klagen er avgjord ({utsatt_iverksetting}).",
    "att_contact": "Har du spørsmål, kan du kontakte oss{phone}{email}.",
    "att_law": "Reglane står i {law}.",
    # The sample letter of ``calculate_fee --letter`` (a preview: made-up people and kommune)
    "sample_reference": "Førehandsvising",
    "sample_kommune": "Eksempel kommune",
    "sample_unit": "Oppvekst",
    "sample_klageinstans": "klagenemnda i kommunen",
    "sample_applicant": "Kari Eksempel",
    "sample_partner": "Ola Eksempel",
    "sample_child": "Barn {id}",
    "sample_institution_barnehage": "Eksempelbarnehagen",
    "sample_institution_sfo": "Eksempelskulen",
    # Legal references (heimel)
    "law_barnehageloven": "barnehagelova {section}",
    "law_barnehageloven_both": "barnehagelova § 15 til og med {until} og § 20 frå og med {start}",
    "law_forskrift": "forskrift om foreldrebetaling i barnehagar (FOR-2005-12-16-1478) § 1 (maksimalpris), "
                     "§ 3a (syskenmoderasjon), § 3b (redusert foreldrebetaling) og § 3c (gratis kjernetid)",
    "law_stortinget": "vedtaket til Stortinget om maksimalpris og om inntektsgrensa for gratis kjernetid",
    "law_sfo_new_act": "opplæringslova (LOV-2023-06-09-30) § 4-5 om skulefritidsordning",
    "law_sfo_new_forskrift": "opplæringsforskrifta (FOR-2024-06-03-900) kapittel 2, mellom anna § 2-5 om "
                             "behandling av søknad om redusert foreldrebetaling",
    "law_sfo_new_local": "forskrifta til kommunen for SFO",
    "law_sfo_old_act": "opplæringslova (1998) § 13-7",
    "law_sfo_old_forskrift": "forskrift til opplæringslova kapittel 1B (§§ 1B-1 til 1B-4)",
    "law_sfo_old_local": "vedtektene til kommunen for SFO",
    "fvl_law_1967": "forvaltningslova (LOV-1967-02-10)",
    "fvl_law_2025": "forvaltningslova (LOV-2025-06-20-81)",
    "fvl_unmapped": "forvaltningslova",
    "and": "og",
}
