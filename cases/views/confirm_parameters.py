"""POST: the approver confirms, with a reason, that unverified parameter rows may decide this proposal.

The confirmation is stored on the Decision (``confirmed_by/at/reason``) and audited by
``cases.services.parameters.decision_confirm_unverified_rates``; approval refuses without it.
"""
from django.core.exceptions import PermissionDenied

from cases.permissions import can_approve
from cases.services.parameters import decision_confirm_unverified_rates

from .actions import CaseActionView
from .common import scoped_case


class ConfirmParametersView(CaseActionView):
    anchor = "beregning"
    success_message = "Bruken av uverifiserte satser er bekreftet."

    def post(self, request, pk: int):
        case = scoped_case(request, pk)
        if not can_approve(request.user, case.municipality_id):
            raise PermissionDenied  # only godkjennere confirm (the service checks again)
        return super().post(request, pk)

    def perform(self, request, case):
        reason = request.POST.get("reason", "")
        decision_confirm_unverified_rates(decision_id=self.posted_decision(request, case).pk, actor=request.user,
                                      reason=reason)
