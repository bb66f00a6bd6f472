"""One case: household, children, tax basis, calculation, history, actions. 404 outside the user's municipalities.

Showing tax data is audited (``cases.services.audit.audit_record``, action ``view_tax_data``), and so is
every refresh of the page that shows it again.
"""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from cases.models import Case
from cases.selectors import case_for_detail, current_decision
from cases.services.audit import audit_record

from .case_page import case_page_context, live_signature, shows_tax_data

TEMPLATE = "cases/case_detail.html"


def audit_view(request, case: Case, detail: str = "") -> None:
    audit_record(action="view_tax_data", actor=request.user, municipality=case.municipality, case=case, detail=detail)


def render_case_page(request, case: Case, *, bound_forms: dict | None = None, status: int = 200):
    """The case page (also re-rendered with a bound action form when that form has errors)."""
    context = case_page_context(case, request.user, bound_forms=bound_forms)
    if shows_tax_data(context):
        audit_view(request, case, "saksside")
    return render(request, TEMPLATE, context, status=status)


@method_decorator(never_cache, name="dispatch")
class CaseDetailView(LoginRequiredMixin, View):
    """The case page (GET only)."""

    http_method_names = ["get"]

    def get(self, request, pk: int):
        return render_case_page(request, case_for_detail(request.user, pk))


@method_decorator(never_cache, name="dispatch")
class CaseStatusView(LoginRequiredMixin, View):
    """The live status for status.js: no income figures and no person numbers, so not audited."""

    http_method_names = ["get"]

    def get(self, request, pk: int):
        case = case_for_detail(request.user, pk)
        tax_bases = list(case.tax_bases.all())
        return JsonResponse({
            "status": case.status,
            "label": case.get_status_display(),
            "tax_bases": [
                {"role": tb.role, "role_label": tb.get_role_display(), "status": tb.status,
                 "status_label": tb.get_status_display(), "attempts": tb.attempts}
                for tb in tax_bases
            ],
            "has_decision": current_decision(case) is not None,
            "signature": live_signature(case, tax_bases),
        })
