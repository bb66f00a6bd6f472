"""«Registrer endring» and «Forkast endringen» on the case page (docs/changes.md). Each calls one service in
``cases.services.changes``, which checks the role, the kommune, the status and the dates again."""
from django.contrib import messages

from cases.forms import ChangeForm, ReasonForm
from cases.selectors import case_for_detail
from cases.services.changes import change_discard, change_register
from cases.services.intake import FieldErrors

from .actions import CaseActionView
from .case_detail import render_case_page
from .case_page import adults, change_children


class RegisterChangeView(CaseActionView):
    anchor = "endringer"

    def perform(self, request, case):
        full = case_for_detail(request.user, case.pk)
        form = ChangeForm(request.POST, prefix="endring", children=change_children(full), adults=adults(full))
        if form.is_valid():
            try:
                change = change_register(case_id=case.pk, kind=form.cleaned_data["kind"],
                                         change_date=form.cleaned_data["change_date"], actor=request.user,
                                         details=form.details())
            except FieldErrors as exc:
                if "case" in exc.error_dict:
                    raise  # not a sent case (any more): a message on the page, not a form error
                form.add_service_errors(exc)
            else:
                messages.success(request, f"Endringen er registrert ({change.get_kind_display().lower()} fra "
                                          f"{change.change_date:%d.%m.%Y}). Saken er åpnet for et nytt vedtak.")
                return None
        return render_case_page(request, case_for_detail(request.user, case.pk),
                                bound_forms={"change": form}, status=400)


class DiscardChangeView(CaseActionView):
    anchor = "endringer"
    success_message = "Endringen er forkastet. Vedtaket som gjaldt, gjelder fortsatt, og saken har status «Sendt»."

    def perform(self, request, case):
        form = ReasonForm(request.POST, prefix="forkast")
        if not form.is_valid():
            return render_case_page(request, case_for_detail(request.user, case.pk),
                                    bound_forms={"discard_change": form}, status=400)
        change_discard(case_id=case.pk, actor=request.user, reason=form.cleaned_data["reason"])
