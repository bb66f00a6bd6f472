"""«Søknadssammendrag»: a one-page PDF summary of the application behind an approved vedtak.

It is the second document of the archive copy sent to the kommune's own SvarInn (cases/services/forsendelse.py),
so the kommune's Noark archive files the application's facts next to the vedtak: saksnummer, kommune, service,
period, received date and channel, the adults by name with a MASKED fødselsnummer (``Person.masked_id``: the
full number never enters the file), the children with place, weekly hours and price, and the decision's
monthly total. Typeset like the vedtak letter, by Typst (``templates/summary/summary.typ``,
``cases.pdf.typst_engine``; one per household in a renewal, so it shares the letter's cheap typesetter).
It follows the kommune's målform as the vedtak does: every word comes from the ``summary_*`` entries of
``cases/pdf/texts_nb.py`` / ``texts_nn.py``.
"""
import json

from django.utils import timezone

from . import typst_engine
from .formatting import kr, number, short_date
from .texts import texts_for
from .typst_document import flat, labels, plain

LABELS = ("summary_adults", "summary_channel", "summary_children", "summary_decision", "summary_institution",
          "summary_hours", "summary_kommune", "summary_masked_id", "summary_name", "summary_period",
          "summary_price", "summary_received", "summary_role", "summary_saksnummer", "summary_service")


def summary_context(decision) -> dict:
    """The summary's data and words in the kommune's målform (no full fødselsnummer: ``masked_id`` only)."""
    case = decision.case
    application = case.application
    household = application.household
    t = texts_for(case.municipality.malform)
    relation = f"summary_role_{household.partner_relation}" if household.partner_relation else "summary_role_partner"
    adults = [{"role": t["summary_role_soker"] if i == 0 else t[relation],
               "name": named.full_name, "masked_id": named.masked_id}
              for i, named in enumerate(household.named_adults())]
    children = [{"name": child.full_name, "institution": child.institution,
                 "hours": number(child.weekly_hours, 1), "price": kr(child.monthly_price),
                 "trinn": t.fill("summary_trinn", trinn=child.sfo_trinn) if child.sfo_trinn else ""}
                for child in application.children.filter(is_active=True).order_by("pk")]
    approved = short_date(timezone.localdate(decision.approved_at)) if decision.approved_at else ""
    return {
        "t": t, "lang": t.malform, "title": t.fill("summary_title", saksnummer=case.saksnummer),
        "saksnummer": case.saksnummer, "kommune": case.municipality.name,
        "service": t[f"summary_service_{application.service}"], "period": application.period,
        "received": short_date(application.received_date), "channel": t[f"summary_channel_{application.channel}"],
        "adults": adults, "children": children,
        "total": t.fill("summary_total", total=kr(decision.total_monthly_fee),
                        valid_from=short_date(decision.valid_from), valid_to=short_date(decision.valid_to)),
        "approved": t.fill("summary_approved", approved=approved) if approved else "",
    }


def summary_document(decision) -> str:
    """The JSON ``summary.typ`` reads: the context's values, its labels and the file's metadata."""
    context = summary_context(decision)
    t = context.pop("t")
    data = plain(context)
    data["t"] = labels(t, LABELS)
    data["meta"] = {"title": flat(data["title"]), "author": context["kommune"],
                    "keywords": [flat(plain(t["summary_keyword"])), context["saksnummer"]]}
    return json.dumps(data, ensure_ascii=False)


def summary_pdf(decision) -> bytes:
    """The summary as PDF/A-2a (the letter's typesetter)."""
    return typst_engine.compile_document(summary_document(decision), template=typst_engine.SUMMARY_TEMPLATE)


def summary_filename(case) -> str:
    return f"soknadssammendrag-{case.saksnummer.replace('/', '-')}.pdf"
