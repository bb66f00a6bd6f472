"""Every word of the vedtak letter and its attachment in bokmål (klarspråk).

One table per målform (``texts_nn.py`` has the same keys and the same ``{placeholders}``; a test
checks it). Values may hold ``<strong>``; placeholders are filled with escaped values by
``cases.pdf.texts.Texts.fill``. Section numbers of forvaltningsloven are never typed here: they come
from ``cases.pdf.legal.fvl_references`` as ``{fvl}``-style placeholders filled by the context.
"""
TEXTS = {
    # Letterhead and addressing
    "lang": "nb",
    "to": "Til",
    "applicant": "søker",
    "co_applicant": "medsøker",
    "our_ref": "Vår ref.",
    "your_ref": "Deres ref.",
    "your_ref_value": "Søknad mottatt {date}",
    "renewal_ref_value": "Automatisk fornyelse",
    "date": "Dato",
    "caseworker": "Saksbehandler",
    "phone": "Telefon",
    "orgnr": "Org.nr.",
    "confidential": "Unntatt offentlighet, offl. § 13 jf. {taushetsplikt}",
    "running_confidential": "Unntatt offentlighet",
    "running_ref": "Vår ref.",
    "page": "Side",
    "page_of": "av",
    "draft_mark": "UTKAST – ikke sendt",
    "draft_text": "Dette er et forslag til vedtak til kontroll før godkjenning. Det er ikke et gyldig vedtak "
                  "og skal ikke sendes.",
    "draft_warnings": "Merknader til saksbehandler (vises bare i utkast):",
    # Titles
    "title_barnehage": "Vedtak om redusert foreldrebetaling og gratis kjernetid i barnehage",
    "title_sfo": "Vedtak om redusert foreldrebetaling i SFO",
    "year_barnehage": "barnehageåret {period}",
    "year_sfo": "skoleåret {period}",
    # Endringsvedtak, opphør and a new vedtak after klage (cases.pdf.context._change; docs/changes.md)
    "title_change_barnehage": "Endringsvedtak om redusert foreldrebetaling og gratis kjernetid i barnehage",
    "title_change_sfo": "Endringsvedtak om redusert foreldrebetaling i SFO",
    "title_opphor": "Vedtak om opphør av redusert foreldrebetaling",
    "title_klage": "Nytt vedtak etter klage om redusert foreldrebetaling",
    "h_change": "Endringen",
    "change_lead": "Dette vedtaket erstatter vedtaket ditt av {replaced} fra og med {date}. Før denne datoen "
                   "gjelder det tidligere vedtaket uendret.",
    "change_lead_no_date": "Dette vedtaket erstatter det tidligere vedtaket ditt fra og med {date}. Før denne "
                           "datoen gjelder det tidligere vedtaket uendret.",
    "change_reason": "Grunnen er at vi har fått vite om denne endringen: {what}.",
    "change_what_new_child": "et nytt barn har fått plass",
    "change_what_child_left": "et barn har sluttet",
    "change_what_place_changed": "et barn har byttet plass",
    "change_what_hours_changed": "oppholdstiden for et barn er endret",
    "change_what_partner_moved_in": "en ektefelle, partner eller samboer har flyttet inn",
    "change_what_partner_moved_out": "en ektefelle, partner eller samboer har flyttet ut",
    "change_what_income_drop": "inntekten til husholdningen har gått vesentlig og varig ned",
    "change_what_klage_medhold": "vi har gitt deg medhold i klagen din",
    "change_what_klage_omgjort": "klageinstansen har omgjort vedtaket",
    "change_col_child": "Barn",
    "change_col_old": "Pris før endringen",
    "change_col_new": "Ny pris fra og med {date}",
    "change_no_place": "ingen plass",
    "change_place_ended": "plassen er avsluttet",
    "opphor_conclusion": "Den reduserte foreldrebetalingen <strong>opphører</strong> fra og med {date}.",
    "opphor_lead": "Ingen av barna i søknaden har plass fra denne datoen, så det er ikke lenger noen pris å "
                   "redusere.",
    # Decision
    "h_decision": "Vedtak",
    "outcome_innvilget": "Vi har <strong>innvilget</strong> søknaden din.",
    "outcome_delvis": "Vi har <strong>delvis innvilget</strong> søknaden din.",
    "outcome_avslag": "Vi har <strong>avslått</strong> søknaden din.",
    "outcome_word_innvilget": "innvilget",
    "outcome_word_delvis": "delvis innvilget",
    "outcome_word_avslag": "avslått",
    "decision_lead": "Prisen for plassen per måned blir slik fra og med datoene i tabellene. Vedtaket gjelder "
                     "til og med {valid_to}.",
    "child_heading": "{name}, født {birth_date}",
    "child_place_barnehage": "{institution}, {hours} timer per uke",
    "child_place_sfo": "{institution}, {trinn}. trinn, {hours} timer per uke",
    "col_from": "Fra og med",
    "col_price": "Pris per måned",
    "col_total": "Samlet pris per måned",
    "ordinary_price": "Ordinær pris for plassen er {price} per måned.",
    "child_outcome": "Resultat for {name}: {outcome}.",
    "granted_income_cap_6_percent": "Redusert foreldrebetaling: prisen er satt ned slik at du betaler høyst "
                                    "{percent} prosent av inntekten til husholdningen per år.",
    "granted_free_core_hours": "Gratis kjernetid: {free} timer per uke er gratis.",
    "granted_sibling_discount": "Søskenmoderasjon: {percent} prosent rabatt fordi {name} er barn nummer {rank} "
                                "i barnehage.",
    "granted_sibling_discount_plain": "Søskenmoderasjon: {percent} prosent rabatt.",
    "granted_sibling_free": "Søskenmoderasjon: plassen er gratis fordi {name} er barn nummer {rank}, og tre "
                            "eller flere barn i husholdningen går i barnehage samtidig.",
    "granted_free_sfo_hours": "Gratis SFO: {free} timer per uke er gratis.",
    "granted_free_place": "Plassen er gratis. Du betaler bare for kost.",
    "granted_free_place_tiltakssone": "Plassen er gratis fordi barnehage er gratis i tiltakssonen i Finnmark og "
                               "Nord-Troms. Du betaler bare for kost.",
    "refused_heading": "Dette har vi ikke innvilget for {name}:",
    "refused_income_cap_6_percent": "Redusert foreldrebetaling: {percent} prosent av inntekten til "
                                    "husholdningen er {cap} per måned. Det er ikke lavere enn prisen for "
                                    "plassen, så regelen gir ikke lavere pris.",
    "refused_income_cap_trinn": "Redusert foreldrebetaling: regelen gjelder ikke for {trinn}. trinn.",
    "refused_free_core_hours": "Gratis kjernetid: inntekten til husholdningen ({income}) er ikke lavere enn "
                               "inntektsgrensen ({limit}).",
    "not_yet_free_core_hours": "Gratis kjernetid gjelder for {name} fra og med {date}, fra 1. august det året "
                               "barnet fyller to år.",
    "total_heading": "Samlet pris for {count} barn",
    "kost": "Kost (matpenger) kommer i tillegg og blir ikke redusert.",
    # Grounds
    "h_hjemmel": "Regler vi har brukt",
    "hjemmel_lead": "Vedtaket bygger på disse reglene:",
    "hjemmel_barnehage": "Kommunen skal sette ned prisen slik at du for hvert barn betaler høyst 6 prosent av "
                         "inntekten til husholdningen per år (§ 3b). Barn har rett til 20 timer gratis "
                         "oppholdstid per uke fra 1. august det året de fyller to år, når inntekten er lavere "
                         "enn inntektsgrensen (§ 3c).",
    "sibling_rule_before": "Søskenmoderasjonen er minst 30 prosent for barn nummer to og minst 50 prosent for "
                           "barn nummer tre eller flere (§ 3a).",
    "sibling_rule_from": "Søskenmoderasjonen er minst 30 prosent for barn nummer to. Fra 1. august 2023 er "
                         "plassen gratis for barn nummer tre eller flere når tre eller flere barn går i "
                         "barnehage samtidig (§ 3a).",
    "hjemmel_sfo": "Kommunen skal etter søknad sette ned prisen slik at den for hver elev på de trinnene "
                   "regelen gjelder for, er høyst 6 prosent av inntekten til husholdningen per år. Elever på "
                   "de laveste trinnene har i tillegg rett til 12 timer gratis SFO per uke.",
    "income_rule": "Med inntekt mener vi personinntekt og skattepliktig kapitalinntekt før skatt for deg og "
                   "ektefelle, registrert partner eller samboer. Skattefrie ytelser som barnetrygd, "
                   "kontantstøtte og barnebidrag regner vi ikke med.",
    "h_facts": "Opplysninger vi har brukt",
    "facts_lead": "Vi fikk søknaden {date}.",
    "facts_lead_renewal": "Vedtaket er en automatisk fornyelse av det forrige vedtaket ditt.",
    "h_household": "Husholdningen",
    "household_two": "Husholdningen består av {applicant} og {partner}. Vi har regnet med inntekten til begge "
                     "fordi {reason}.",
    "household_one": "{applicant} er registrert uten ektefelle, registrert partner eller samboer. Vi har bare "
                     "regnet med inntekten din.",
    "reason_ektefelle": "ektefeller alltid regnes som én husholdning",
    "reason_registrert_partner": "registrerte partnere regnes som ektefeller",
    "reason_samboer": "samboere regnes med når de har bodd sammen i minst 12 av de siste 18 månedene eller har "
                      "felles barn",
    "h_income": "Inntekt",
    "col_person": "Person",
    "col_personinntekt": "Personinntekt",
    "col_kapitalinntekt": "Kapitalinntekt",
    "col_counted": "Regnet med",
    "col_source": "Kilde",
    "income_total": "Samlet inntekt for husholdningen",
    "income_only_total": "Den samlede inntekten til husholdningen er {total}.",
    "source_tax": "Skatteetaten, {stadie} for inntektsåret {year}, hentet {fetched}",
    "source_tax_no_date": "Skatteetaten, {stadie} for inntektsåret {year}",
    "source_documented": "Dokumentasjon fra deg",
    "stadie_oppgjoer": "skatteoppgjør",
    "stadie_fastsatt": "fastsatt skattegrunnlag",
    "stadie_utkast": "utkast til skattemelding",
    "stadie_other": "skatteopplysninger",
    "h_siblings": "Søsken",
    "siblings": "Disse barna i husholdningen har barnehageplass i perioden, og vi har regnet dem med i "
                "søskenmoderasjonen: {names}.",
    "h_assessment": "Vurdering",
    "assessment_person": "For {name} har vi ikke brukt inntekten fra Skatteetaten, men inntekt du har "
                         "dokumentert: {amount} per år.",
    "assessment_documents": "Dokumentasjon: {documents}.",
    "assessment_reason": "Begrunnelse: {reason}",
    "assessment_rule": "Vi kan bare bruke annen dokumentasjon enn skatteopplysningene når inntekten til "
                       "husholdningen har gått vesentlig og varig ned, for eksempel ved langvarig "
                       "arbeidsledighet eller når husholdningen har endret seg. En økning i inntekten gir ikke "
                       "grunnlag for å bruke annen dokumentasjon. Vi mener at nedgangen er vesentlig og varig, "
                       "og har lagt vekt på dokumentasjonen over.",
    # Calculation
    "h_calculation": "Slik har vi regnet ut prisen",
    "calc_lead": "Beløpene er per måned. Vi har rundet ned til hele kroner.",
    "calc_income": "Samlet inntekt for husholdningen",
    "calc_makspris": "Maksimalpris for en heltidsplass per måned",
    "calc_cap_year": "{percent} prosent av inntekten per år",
    "calc_cap_month": "Delt på {months} måneder: høyeste pris per barn per måned",
    "calc_kjernetid_limit": "Inntektsgrense for gratis kjernetid",
    "calc_from": "Fra og med {date}",
    "col_step": "Steg",
    "col_after": "Pris etter steget",
    "col_explanation": "Forklaring",
    "step_price_of_place": "Pris for plassen",
    "step_income_cap_6_percent": "Redusert foreldrebetaling",
    "step_sibling_discount": "Søskenmoderasjon",
    "step_free_core_hours": "Gratis kjernetid",
    "step_free_sfo_hours": "Gratis SFO-timer",
    "step_free_place_tiltakssone": "Gratis barnehage i tiltakssonen",
    "step_sfo_sibling_discount": "Søskenmoderasjon i SFO",
    "step_kommunal_moderation": "Kommunens egen moderasjon",
    "explain_free_place_tiltakssone": "Maksimalprisen i tiltakssonen er 0 kr",
    "explain_sfo_sibling_discount": "Kommunens regel: {percent} prosent rabatt",
    "explain_kommunal_moderation": "Kommunens inntektsgrupper gir lavere pris enn de nasjonale reglene",
    "granted_sfo_sibling_discount": "Søskenmoderasjon i SFO: {percent} prosent rabatt etter kommunens regler.",
    "granted_kommunal_moderation": "Kommunens egen moderasjon: prisen følger kommunens inntektsgrupper, fordi "
                                   "det gir lavere pris enn de nasjonale reglene.",
    "step_other": "Annen regel",
    "explain_price_of_place_barnehage": "Kommunens pris for plassen, høyst maksimalprisen",
    "explain_price_of_place_sfo": "Kommunens pris for SFO-plassen",
    "explain_income_cap_6_percent": "Høyst {percent} prosent av inntekten, delt på {months} måneder",
    "explain_sibling_discount": "Barn nummer {rank}: {percent} prosent rabatt",
    "explain_sibling_discount_plain": "{percent} prosent rabatt",
    "explain_free_core_hours": "{free} av {hours} timer per uke er gratis",
    "explain_free_sfo_hours": "{free} av {hours} timer per uke er gratis",
    "new_price": "Ny pris per måned for {name}: {amount}",
    # Duration and changes
    "h_duration": "Hvor lenge vedtaket gjelder",
    "duration": "Vedtaket gjelder fra og med {valid_from} til og med {valid_to}.",
    "next_year_barnehage": "Du trenger ikke å søke på nytt for neste barnehageår. Før det nye barnehageåret "
                           "starter, henter kommunen nye skatteopplysninger og sender deg et nytt vedtak. Er det "
                           "noe som ikke stemmer da, kan du si fra.",
    "next_year_sfo": "Du trenger ikke å søke på nytt for neste skoleår. Før det nye skoleåret starter, henter "
                     "kommunen nye skatteopplysninger og sender deg et nytt vedtak. Er det noe som ikke stemmer "
                     "da, kan du si fra.",
    "report_changes": "Du må si fra til kommunen med en gang hvis inntekten eller husholdningen endrer seg, for "
                      "eksempel ved ekteskap, ny samboer, samlivsbrudd eller flytting. Får vi nye "
                      "opplysninger, kan vi endre vedtaket ({omgjoring}). Går inntekten vesentlig og varig ned, "
                      "kan du be om en ny vurdering.",
    # Appeal (short form in the letter; the whole text is the attachment)
    "h_appeal": "Du kan klage",
    "appeal_deadline": "Du kan klage på vedtaket innen <strong>3 uker</strong> etter at du fikk det "
                       "({klagefrist}).",
    "appeal_send": "Send klagen til {unit}, {kommune}{where}. Vi ser på saken igjen. Får du ikke medhold, "
                   "sender vi klagen til klageinstansen, som er <strong>{klageinstans}</strong>.",
    "appeal_where_address": ", {address}",
    "appeal_where_email": ", eller på e-post til {email}",
    "appeal_innsyn": "Du har rett til å se dokumentene i saken (innsyn, {innsyn}).",
    "appeal_attachment": "I vedlegget «{attachment}» står det hvordan du klager og hvilke rettigheter du har.",
    # Contact
    "h_contact": "Kontakt",
    "contact": "Har du spørsmål, kan du kontakte oss{phone}{email}. Oppgi vår ref. {saksnummer}.",
    "contact_phone": " på telefon {phone}",
    "contact_email": " på e-post {email}",
    "contact_or": " eller",
    "regards": "Med vennlig hilsen",
    "approved_by": "Godkjent av",
    "not_approved": "Ikke godkjent ennå",
    "signed_final": "Godkjent elektronisk og sendt uten underskrift.",
    "signed_draft": "Utkast – ikke godkjent og ikke sendt.",
    "enclosure": "Vedlegg",
    # The standard attachment
    "attachment_title": "Orientering om klagerett og innsyn",
    "attachment_subtitle": "Vedlegg til vedtak om redusert foreldrebetaling fra {kommune}",
    "att_h_appeal": "Du kan klage på vedtaket",
    "att_appeal": "Du har rett til å klage på vedtaket ({klageinstans_ref}). Klagefristen er <strong>3 uker"
                  "</strong> fra du fikk vedtaket. Det er nok at klagen er sendt innen fristen ({klagefrist}).",
    "att_h_how": "Slik klager du",
    "att_how": "Klagen må være skriftlig og underskrevet av deg eller en fullmektig. Skriv hvilket vedtak du "
               "klager på (vår ref. står øverst i vedtaket), hvilken endring du ønsker, og gjerne hvorfor du "
               "mener vedtaket er feil ({klage_innhold}).",
    "att_send": "Send klagen til {unit}, {kommune}{where}.",
    "att_h_next": "Hva skjer med klagen",
    "att_next": "Vi ser på saken igjen og kan endre vedtaket selv ({klage_underinstans}). Får du ikke "
                "medhold, sender vi klagen til klageinstansen, som er <strong>{klageinstans}</strong>. "
                "Statsforvalteren er ikke klageinstans for slike vedtak.",
    "att_late": "Kommer klagen for sent, kan den likevel bli behandlet hvis det er særlige grunner til det "
                "({klage_for_sent}).",
    "att_h_rights": "Andre rettigheter",
    "att_reasons": "<strong>Begrunnelse:</strong> Du kan be om en nærmere begrunnelse for vedtaket innen "
                   "klagefristen. Da begynner klagefristen å løpe på nytt fra du har fått begrunnelsen "
                   "({klagefrist_begrunnelse}).",
    "att_innsyn": "<strong>Innsyn:</strong> Du har rett til å se dokumentene i saken din, også etter at vedtaket "
                  "er gjort ({innsyn}).",
    "att_guidance": "<strong>Veiledning:</strong> Vi hjelper deg gjerne, også med å skrive klagen "
                    "({veiledning}).",
    "att_costs": "<strong>Sakskostnader:</strong> Blir vedtaket endret til fordel for deg, kan du ha rett til å "
                 "få dekket vesentlige kostnader som var nødvendige for å få vedtaket endret "
                 "({sakskostnader}).",
    "att_postpone": "<strong>Utsatt iverksetting:</strong> Du kan be om at vedtaket ikke settes i verk før "
                    "klagen er avgjort ({utsatt_iverksetting}).",
    "att_contact": "Har du spørsmål, kan du kontakte oss{phone}{email}.",
    "att_law": "Reglene står i {law}.",
    # The sample letter of ``calculate_fee --letter`` (a preview: made-up people and kommune)
    "sample_reference": "Forhåndsvisning",
    "sample_kommune": "Eksempel kommune",
    "sample_unit": "Oppvekst",
    "sample_klageinstans": "kommunens klagenemnd",
    "sample_applicant": "Kari Eksempel",
    "sample_partner": "Ola Eksempel",
    "sample_child": "Barn {id}",
    "sample_institution_barnehage": "Eksempelbarnehagen",
    "sample_institution_sfo": "Eksempelskolen",
    # Legal references (hjemmel)
    "law_barnehageloven": "barnehageloven {section}",
    "law_barnehageloven_both": "barnehageloven § 15 til og med {until} og § 20 fra og med {start}",
    "law_forskrift": "forskrift om foreldrebetaling i barnehager (FOR-2005-12-16-1478) § 1 (maksimalpris), "
                     "§ 3a (søskenmoderasjon), § 3b (redusert foreldrebetaling) og § 3c (gratis kjernetid)",
    "law_stortinget": "Stortingets vedtak om maksimalpris og om inntektsgrensen for gratis kjernetid",
    "law_sfo_new_act": "opplæringslova (LOV-2023-06-09-30) § 4-5 om skolefritidsordning",
    "law_sfo_new_forskrift": "opplæringsforskrifta (FOR-2024-06-03-900) kapittel 2, blant annet § 2-5 om "
                             "behandling av søknad om redusert foreldrebetaling",
    "law_sfo_new_local": "kommunens forskrift for SFO",
    "law_sfo_old_act": "opplæringslova (1998) § 13-7",
    "law_sfo_old_forskrift": "forskrift til opplæringslova kapittel 1B (§§ 1B-1 til 1B-4)",
    "law_sfo_old_local": "kommunens vedtekter for SFO",
    "fvl_law_1967": "forvaltningsloven (LOV-1967-02-10)",
    "fvl_law_2025": "forvaltningsloven (LOV-2025-06-20-81)",
    "fvl_unmapped": "forvaltningsloven",
    "and": "og",
}
