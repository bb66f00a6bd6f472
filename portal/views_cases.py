"""«Mine saker»: the parent's cases in plain words, their own tax items only, the vedtak letter for both
adults (audited) and withdrawing an application (the applicant)."""
from __future__ import annotations

from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.constants import CaseStatus as S
from cases.models import Decision
from cases.selectors import sent_decision
from cases.services.audit import audit_record
from cases.services.decisions import decision_retire_proposal
from cases.services.workflow import FINAL, TransitionNotAllowed, transition_case
from portal.common import parent_case, parent_cases, portal_view
from portal.labels import (
    FETCHING,
    IN_PROGRESS,
    NEEDS_DOCUMENTATION,
    REASON_TEXT,
    RECEIVED,
    SENT,
    SERVICE_TEXT,
    STATE_HELP,
    STATE_TEXT,
    state_of,
    step_of,
)
from portal.tax_labels import plain_items
from portal.views_klage import klage_context

WITHDRAWABLE = frozenset(s for s in S.values if s not in FINAL and s != S.APPROVED)


def _row(case, parent):
    state = state_of(case)
    household = case.application.household
    return {"case": case, "state": state, "state_text": STATE_TEXT[state], "state_help": STATE_HELP[state],
            "service": SERVICE_TEXT[case.application.service],
            "is_applicant": household.applicant.person_id == parent.pid}


@portal_view()
@require_GET
def cases(request):
    rows = [_row(c, request.parent) for c in parent_cases(request.parent, request.portal.municipality)
            .order_by("-created_at")]
    return render(request, "portal/cases.html", {"portal": request.portal, "rows": rows})


def _caseworker_request(case) -> str:
    """The caseworker's own words when they asked for documentation (written for the household, in
    bokmål: docs/caseworker-guide.md). The pipeline's automatic text is never shown: it may name the other
    adult and say that they are skjermet."""
    last = case.transitions.filter(to_status=S.NEEDS_DOCUMENTATION).order_by("-at", "-id").first()
    return last.reason if last is not None and last.actor_id is not None else ""


@portal_view()
@require_GET
def case_detail(request, pk: int):
    case = parent_case(request, pk)
    row = _row(case, request.parent)
    own_tax = case.tax_bases.filter(person__person_id=request.parent.pid).first()  # never the other adult's
    decision = sent_decision(case.pk) if row["state"] == SENT else None
    if own_tax is not None:
        audit_record(action="view_tax_data", actor=None, municipality=case.municipality, case=case,
               detail="innbygger så eget skattegrunnlag i innbyggerportalen")
    request_text = _caseworker_request(case) if row["state"] == NEEDS_DOCUMENTATION else ""
    own_documents = [{"document": d, "reason": REASON_TEXT[d.reason]}  # each adult sees only their own
                     for d in case.documents.filter(person__person_id=request.parent.pid)]
    return render(request, "portal/case.html", {
        "portal": request.portal, **row, "own_tax": own_tax, "decision": decision,
        "own_tax_items": plain_items(own_tax.items) if own_tax is not None else [],
        "children": case.application.children.select_related("person").order_by("pk"),
        "steps": [{"text": STATE_TEXT[s], "current": s == step_of(row["state"])}
                  for s in (RECEIVED, FETCHING, IN_PROGRESS, SENT)],
        "needs_documentation": row["state"] == NEEDS_DOCUMENTATION, "own_documents": own_documents,
        "request_text": request_text,
        "uploaded": request.GET.get("lastet-opp") == "1",
        "can_withdraw": row["is_applicant"] and case.status in WITHDRAWABLE,
        **klage_context(case, request.parent)})  # «Klag på vedtaket» (portal/views_klage.py)


@portal_view()
@require_GET
def vedtak(request, pk: int):
    case = parent_case(request, pk)  # both adults: each is a party the letter is sent to (docs/portal.md)
    decision = sent_decision(case.pk)
    if decision is None or not decision.pdf:
        raise Http404("no sent vedtak")
    role = "søker" if case.application.household.applicant.person_id == request.parent.pid else "den andre voksne"
    audit_record(action="download_vedtak", actor=None, municipality=case.municipality, case=case,
                 detail=f"innbygger ({role}) lastet ned vedtaksbrevet i innbyggerportalen")
    response = FileResponse(decision.pdf.open("rb"), as_attachment=True,
                            filename=f"vedtak-{case.saksnummer.replace('/', '-')}.pdf", content_type="application/pdf")
    response["Cache-Control"] = "no-store"
    return response


@portal_view()
@require_POST
def withdraw(request, pk: int):
    case = parent_case(request, pk)
    kommunenummer = request.portal.municipality.kommunenummer
    if case.application.household.applicant.person_id != request.parent.pid:
        raise Http404("only the applicant withdraws")
    if request.POST.get("confirm") != "yes":
        return HttpResponseRedirect(reverse("portal:case", args=[kommunenummer, case.pk]))
    try:
        with transaction.atomic():  # as the caseworker's withdrawal: the open proposal is retired with it
            decision_retire_proposal(case_id=case.pk, to=Decision.Status.SUPERSEDED)
            transition_case(case_id=case.pk, to=S.WITHDRAWN, reason=_("Trukket av søker i innbyggerportalen"))
    except TransitionNotAllowed:
        pass  # already final or approved: the case page shows the state as it is
    return HttpResponseRedirect(reverse("portal:case", args=[kommunenummer, case.pk]))
