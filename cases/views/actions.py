"""The POST actions on the case page. Each calls one service; the service checks roles and transitions too.

A refusal (``TransitionNotAllowed``, ``ApprovalRefused``, ``ValidationError``) becomes an error
message on the case page, never a 500. A form with errors re-renders the case page with the errors
next to the field.
"""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from cases.forms import DocumentedIncomeForm, ReasonForm, SendForm
from cases.models import Case, Decision
from cases.permissions import can_approve, can_work_cases
from cases.selectors import case_for_detail, decision_for_user
from cases.services import approval
from cases.services.approval import decision_approve
from cases.services.assessment import decision_propose
from cases.services.delivery import decision_send
from cases.services.income import case_refetch_income, documented_income_add

from .case_detail import render_case_page
from .case_page import REASON_ACTIONS, adults
from .common import refusal_errors, report_refusal, scoped_case


class CaseActionView(LoginRequiredMixin, View):
    """POST only; subclasses implement ``perform`` and may return a response (a re-rendered page)."""

    http_method_names = ["post"]
    anchor = "handlinger"
    success_message = ""

    def post(self, request, pk: int):
        case = scoped_case(request, pk)
        if not can_work_cases(request.user, case.municipality_id):
            raise PermissionDenied
        try:
            response = self.perform(request, case)
        except refusal_errors() as exc:
            report_refusal(request, exc)
            response = None
        else:
            if response is None and self.success_message:
                messages.success(request, self.success_message)
        return response or redirect(reverse("cases:detail", args=[case.pk]) + f"#{self.anchor}")

    def perform(self, request, case: Case):
        raise NotImplementedError

    def posted_decision(self, request, case: Case) -> Decision:
        """The decision the caseworker saw (its id is in the form), so a newer one is never acted on."""
        try:
            decision_id = int(request.POST.get("decision", ""))
        except ValueError:
            decision_id = 0
        return decision_for_user(request.user, decision_id, case_pk=case.pk)


class RefetchIncomeView(CaseActionView):
    anchor = "skattegrunnlag"
    success_message = "Ny henting av skattegrunnlag er startet."

    def perform(self, request, case):
        case_refetch_income(case_id=case.pk, actor=request.user)


class DocumentedIncomeView(CaseActionView):
    anchor = "dokumentert-inntekt"
    success_message = "Dokumentert inntekt er registrert."

    def perform(self, request, case):
        full = case_for_detail(request.user, case.pk)
        form = DocumentedIncomeForm(request.POST, adults=adults(full), prefix="inntekt")
        if not form.is_valid():
            return render_case_page(request, full, bound_forms={"documented_income": form}, status=400)
        data = form.cleaned_data
        documented_income_add(case_id=case.pk, person_id=data["person"], yearly_income=data["yearly_income"],
                              reason=data["reason"], documents=data["documents"], actor=request.user)


class ProposeFeeView(CaseActionView):
    anchor = "beregning"
    success_message = "Forslag til vedtak er beregnet."

    def perform(self, request, case):
        if decision_propose(case_id=case.pk, actor=request.user) is None:  # no sourced rate: the case waits
            messages.warning(request, "Saken venter på satser: en sats med kilde mangler for perioden.")
            return redirect(reverse("cases:detail", args=[case.pk]) + f"#{self.anchor}")


class ApproveDecisionView(CaseActionView):
    anchor = "beregning"
    success_message = "Vedtaket er godkjent. Vedtaksbrevet lages nå."

    def post(self, request, pk: int):
        case = scoped_case(request, pk)
        if not can_approve(request.user, case.municipality_id):
            raise PermissionDenied  # 403: only godkjennere may approve (the service checks again)
        return super().post(request, pk)

    def perform(self, request, case):
        decision_approve(decision_id=self.posted_decision(request, case).pk, actor=request.user)


# The service each reason action calls (explicit: no lookup by name).
REASON_SERVICES = {
    "reject": approval.case_reject,
    "request_documentation": approval.case_request_documentation,
    "withdraw": approval.case_withdraw,
}


class ReasonActionView(CaseActionView):
    """Avslag, trekk and request for documentation: a reason is required and shown to the parent."""

    action = ""

    def perform(self, request, case):
        form = ReasonForm(request.POST, prefix=REASON_ACTIONS[self.action][1])
        if not form.is_valid():
            return render_case_page(request, case_for_detail(request.user, case.pk),
                                    bound_forms={self.action: form}, status=400)
        REASON_SERVICES[self.action](case_id=case.pk, actor=request.user, reason=form.cleaned_data["reason"])


class RejectCaseView(ReasonActionView):
    action = "reject"
    success_message = "Søknaden er avslått."


class RequestDocumentationView(ReasonActionView):
    action = "request_documentation"
    success_message = "Saken venter nå på dokumentasjon."


class WithdrawCaseView(ReasonActionView):
    action = "withdraw"
    success_message = "Saken er registrert som trukket."


class SendDecisionView(CaseActionView):
    anchor = "vedtak"
    success_message = "Vedtaket er registrert som sendt."

    def perform(self, request, case):
        form = SendForm(request.POST, prefix="send")
        channel = form.cleaned_data["channel"] if form.is_valid() else "print"
        decision_send(decision_id=self.posted_decision(request, case).pk, actor=request.user, channel=channel)
