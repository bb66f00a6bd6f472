"""The klage letters as PDF in the kommune's målform: avvisning, oversendelsesbrev and the outcome letter.

``letter_create`` renders the letter once (the vedtak's WeasyPrint pipeline, ``cases.pdf.html_to_pdf``),
stores it as a ``KlageLetter`` in private storage and hands it to the delivery channel
(``cases.services.forsendelse_parties.forsendelse_send_document``: the parties' copies through SvarUt, or print,
and the archive copy), queued on commit. Words come from ``texts_nb``/``texts_nn``; structure from
``templates/klage/letter.html``.
"""
from __future__ import annotations

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from cases.pdf import html_to_pdf
from cases.pdf.formatting import kr, short_date
from cases.pdf.texts import Texts
from cases.services.forsendelse_parties import forsendelse_send_document

from . import texts_nb, texts_nn
from .choices import AvvisningReason, KlageLetterKind, KlageOutcome, UtsattIverksetting
from .models import Klage, KlageLetter

TABLES = {"nb": texts_nb.TEXTS, "nn": texts_nn.TEXTS}
TEMPLATE = "klage/letter.html"
DOCUMENT_TYPE = {KlageLetterKind.AVVISNING: "Vedtak", KlageLetterKind.OVERSENDELSE: "Brev",
                 KlageLetterKind.OUTCOME: "Brev"}


def texts(malform: str) -> Texts:
    return Texts(TABLES.get(malform, texts_nb.TEXTS))


def _lines(text: str) -> list[str]:
    """Free text as paragraphs, one per non-empty line (escaped by the template like every value)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _date(value) -> str:
    return short_date(value) if value else "–"


def _utsatt(t: Texts, klage: Klage) -> list:
    if klage.utsatt_iverksetting == UtsattIverksetting.GRANTED:
        return [t["utsatt_granted"]]
    if klage.utsatt_iverksetting == UtsattIverksetting.REFUSED:
        return [t["utsatt_refused"]]
    return []


def letter_context(klage: Klage, kind: str) -> dict:
    case = klage.case
    kommune = case.municipality
    t = texts(kommune.malform)
    decision = klage.decision
    household = case.application.household
    parties = [named.full_name for named in household.named_adults()]
    vedtak_date = _date(timezone.localdate(decision.approved_at) if decision.approved_at else None)
    context = {"t": t, "kommune": kommune.name, "kommune_address": kommune.address, "saksnummer": case.saksnummer,
               "letter_date": _date(timezone.localdate()), "recipients": parties, "copy_to": [],
               "title": t[f"title_{kind}"], "intro": [], "sections": [], "closing_paragraphs": []}
    if kind == KlageLetterKind.AVVISNING:
        reason = {AvvisningReason.TOO_LATE: t.fill("reason_too_late", klagefrist=_date(klage.klagefrist)),
                  AvvisningReason.NO_STANDING: t["reason_no_standing"],
                  AvvisningReason.NOT_A_DECISION: t["reason_not_a_decision"]}[klage.avvisning_reason]
        context["intro"] = [t.fill("intro_avvisning", vedtak_date=vedtak_date, received=_date(klage.received_date)),
                            t["avvist"], reason, *_lines(klage.avvisning_text)]
        context["closing_paragraphs"] = [t["avvisning_appeal"], t["innsyn"]]
    elif kind == KlageLetterKind.OVERSENDELSE:
        application = case.application
        context["recipients"] = [kommune.klageinstans]
        context["copy_to"] = parties
        context["intro"] = [t.fill("intro_oversendelse", vedtak_date=vedtak_date, klageinstans=kommune.klageinstans)]
        klage_paragraphs = [t.fill("klage_received", received=_date(klage.received_date),
                                   channel=t[f"channel_{klage.channel}"])]
        if klage.late:
            klage_paragraphs.append(t.fill("klage_late", klagefrist=_date(klage.klagefrist),
                                           reason=klage.late_taken_up_reason))
        klage_paragraphs.extend(_lines(klage.text))
        context["sections"] = [
            {"heading": t["h_case"], "paragraphs": [t.fill(
                "case_summary", service=application.get_service_display(), period=application.period,
                valid_from=_date(decision.valid_from), valid_to=_date(decision.valid_to),
                total=kr(decision.total_monthly_fee), income=kr(decision.household_income))]},
            {"heading": t["h_klage"], "paragraphs": klage_paragraphs},
            {"heading": t["h_assessment"], "paragraphs": _lines(klage.assessment)},
        ]
        if _utsatt(t, klage):
            context["sections"].append({"heading": t["h_utsatt"], "paragraphs": _utsatt(t, klage)})
        context["closing_paragraphs"] = [t["copy_note"], t["innsyn"]]
    elif kind == KlageLetterKind.OUTCOME:
        result = {KlageOutcome.STADFESTET: t["outcome_stadfestet"],
                  KlageOutcome.OMGJORT: t.fill("outcome_omgjort", from_date=_date(klage.omgjort_from)),
                  KlageOutcome.OPPHEVET: t["outcome_opphevet"]}[klage.outcome]
        context["intro"] = [t.fill("intro_outcome", klageinstans=kommune.klageinstans[:1].upper()
                                   + kommune.klageinstans[1:], vedtak_date=vedtak_date,
                                   outcome_date=_date(klage.outcome_date))]
        paragraphs = [result, *_lines(klage.outcome_note)]
        context["sections"] = [{"heading": t["h_outcome"], "paragraphs": paragraphs}]
        context["closing_paragraphs"] = [t["outcome_final"], t["innsyn"]]
    else:
        raise ValueError(f"unknown klage letter {kind!r}")
    return context


def letter_html(klage: Klage, kind: str) -> str:
    return render_to_string(TEMPLATE, letter_context(klage, kind))


def filename(klage: Klage, kind: str) -> str:
    """E.g. «klage-oversendelse-2026-00042.pdf»: the saksnummer, never a name or a person number."""
    return f"klage-{kind}-{klage.case.saksnummer.replace('/', '-')}.pdf"


def letter_create(*, klage_id: int, kind: str) -> KlageLetter:
    """Render and store the letter (once per klage and kind) and queue its delivery to the parties on commit."""
    klage = Klage.objects.select_related("case__municipality", "case__application__household", "decision").get(
        pk=klage_id)
    existing = KlageLetter.objects.filter(klage=klage, kind=kind).first()
    if existing is not None:
        return existing
    pdf = html_to_pdf(letter_html(klage, kind))
    letter = KlageLetter(klage=klage, kind=kind, language=klage.case.municipality.malform)
    letter.pdf.save(filename(klage, kind), ContentFile(pdf), save=False)
    letter.save()
    forsendelse_send_document(
        decision_id=klage.decision_id, letter_key=f"klage-{klage.pk}-{kind}", title=str(letter_context(
            klage, kind)["title"]) + f", sak {klage.case.saksnummer}",
        pdf_name=letter.pdf.name, filename=filename(klage, kind), document_type=DOCUMENT_TYPE[kind])
    return letter
