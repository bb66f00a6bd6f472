"""«Mine saker»: the parent's cases in plain words, their own tax items only, the vedtak letter (audited)
and withdrawing an application."""
from __future__ import annotations

from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.constants import CaseStatus as S
from cases.models import Decision
from cases.services.audit import audit_record
from cases.services.decisions import decision_retire_proposal
from cases.services.workflow import FINAL, TransitionNotAllowed, transition_case
from portal.common import parent_case, parent_cases, portal_view
from portal.labels import FETCHING, IN_PROGRESS, RECEIVED, SENT, SERVICE_TEXT, STATE_HELP, STATE_TEXT, state_of
from portal.views_klage import klage_context

WITHDRAWABLE = frozenset(s for s in S.values if s not in FINAL and s != S.APPROVED)


def _sent_decision(case):
    return case.decisions.filter(status=Decision.Status.APPROVED, sent_at__isnull=False).order_by(
        "-approved_at").first()


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


@portal_view()
@require_GET
def case_detail(request, pk: int):
    case = parent_case(request, pk)
    row = _row(case, request.parent)
    own_tax = case.tax_bases.filter(person__person_id=request.parent.pid).first()  # never the other adult's
    decision = _sent_decision(case) if row["state"] == SENT else None
    if own_tax is not None:
        audit_record(action="view_tax_data", actor=None, municipality=case.municipality, case=case,
               detail="innbygger så eget skattegrunnlag i innbyggerportalen")
    return render(request, "portal/case.html", {
        "portal": request.portal, **row, "own_tax": own_tax, "decision": decision,
        "children": case.application.children.select_related("person").order_by("pk"),
        "steps": [{"text": STATE_TEXT[s], "current": s == row["state"]}
                  for s in (RECEIVED, FETCHING, IN_PROGRESS, SENT)],
        "can_withdraw": row["is_applicant"] and case.status in WITHDRAWABLE,
        **klage_context(case, request.parent)})  # «Klag på vedtaket» (portal/views_klage.py)


@portal_view()
@require_GET
def vedtak(request, pk: int):
    case = parent_case(request, pk)
    if case.application.household.applicant.person_id != request.parent.pid:
        raise Http404("the letter is addressed to the applicant")
    decision = _sent_decision(case)
    if decision is None or not decision.pdf:
        raise Http404("no sent vedtak")
    audit_record(action="download_vedtak", actor=None, municipality=case.municipality, case=case,
           detail="innbygger lastet ned vedtaksbrevet i innbyggerportalen")
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
