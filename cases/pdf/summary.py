"""«Søknadssammendrag»: a one-page PDF summary of the application behind an approved vedtak.

It is the second document of the archive copy sent to the kommune's own SvarInn (cases/services/forsendelse.py),
so the kommune's Noark archive files the application's facts next to the vedtak: saksnummer, kommune, service,
period, received date and channel, the adults by name with a MASKED fødselsnummer (``Person.masked_id``: the
full number never enters the file), the children with place, weekly hours and price, and the decision's
monthly total. Rendered with the vedtak's WeasyPrint pipeline (``cases.pdf.engine``: same fonts, stylesheet
and local-only URL fetcher; WeasyPrint is imported lazily there). The text is bokmål for every kommune
(docs/delivery.md says so): the summary is an internal archive document, not a letter to a party.
"""
from django.template.loader import render_to_string
from django.utils import timezone

from .engine import html_to_pdf
from .formatting import kr, number, short_date

TEMPLATE = "summary/summary.html"


def summary_context(decision) -> dict:
    """The summary's data (no full fødselsnummer: adults carry ``masked_id`` only)."""
    case = decision.case
    application = case.application
    household = application.household
    adults = [{"role": "Søker" if i == 0 else (household.get_partner_relation_display() or "Ektefelle/samboer"),
               "name": named.full_name, "masked_id": named.masked_id}
              for i, named in enumerate(household.named_adults())]
    children = [{"name": child.full_name, "institution": child.institution,
                 "hours": number(child.weekly_hours, 1), "price": kr(child.monthly_price),
                 "trinn": child.sfo_trinn}
                for child in application.children.filter(is_active=True).order_by("pk")]
    return {
        "saksnummer": case.saksnummer, "kommune": case.municipality.name,
        "service": application.get_service_display(), "period": application.period,
        "received": short_date(application.received_date), "channel": application.get_channel_display(),
        "adults": adults, "children": children, "total": kr(decision.total_monthly_fee),
        "valid_from": short_date(decision.valid_from), "valid_to": short_date(decision.valid_to),
        "approved": short_date(timezone.localdate(decision.approved_at)) if decision.approved_at else "",
    }


def summary_html(decision) -> str:
    return render_to_string(TEMPLATE, summary_context(decision))


def summary_pdf(decision) -> bytes:
    """The summary as PDF/A (same pipeline as the vedtak)."""
    return html_to_pdf(summary_html(decision))


def summary_filename(case) -> str:
    return f"soknadssammendrag-{case.saksnummer.replace('/', '-')}.pdf"
