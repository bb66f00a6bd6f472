"""The caseworker's klage pages: register on the case page, the klage page with its actions, the letters.

Every view is scoped to the user's kommuner (another kommune's case or klage is a 404); each POST validates
a form and calls one service, whose refusal becomes a message (never a 500). Downloading a letter is audited.
"""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from cases.permissions import can_approve, can_work_cases
from cases.services.audit import audit_record
from cases.views.common import pdf_response, refusal_errors, report_refusal, scoped_case

from . import forms, processing, services
from .choices import KlageLetterKind
from .choices import KlageStatus as K
from .selectors import klage_for_user
from .workflow import KlageTransitionNotAllowed

REFUSALS = (*refusal_errors(), KlageTransitionNotAllowed)


def klage_url(klage) -> str:
    return reverse("klage:detail", args=[klage.case_id, klage.pk])


class KlageRegisterView(LoginRequiredMixin, View):
    """POST from the case page: register a klage received by letter or e-mail."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        case = scoped_case(request, pk)
        if not can_work_cases(request.user, case.municipality_id):
            raise PermissionDenied
        form = forms.KlageRegisterForm(request.POST, prefix="klage")
        if not form.is_valid():
            messages.error(request, "Klagen ble ikke registrert: fyll ut dato, kanal og hva klagen gjelder.")
            return redirect(reverse("cases:detail", args=[case.pk]) + "#klage")
        try:
            klage = services.klage_register(case_id=case.pk, actor=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            report_refusal(request, exc)
            return redirect(reverse("cases:detail", args=[case.pk]) + "#klage")
        messages.success(request, "Klagen er registrert." if not klage.late else
                         "Klagen er registrert. Den kom etter klagefristen: vurder om den skal behandles (fvl. § 31).")
        return redirect(klage_url(klage))


def _actions(klage, user) -> dict[str, bool]:
    work = can_work_cases(user, klage.case.municipality_id)
    approve = can_approve(user, klage.case.municipality_id)
    own = klage.oversendelse_proposed_by_id == user.pk and klage.oversendelse_four_eyes
    return {
        "take_up": work and klage.status == K.RECEIVED and klage.late,
        "reject": work and klage.status in (K.RECEIVED, K.IN_PROGRESS),
        "medhold": work and klage.status == K.IN_PROGRESS,
        "oversendelse": work and klage.status == K.IN_PROGRESS,
        "approve_oversendelse": approve and klage.status == K.OVERSENDELSE_PROPOSED and not own,
        "return_oversendelse": approve and klage.status == K.OVERSENDELSE_PROPOSED,
        "outcome": work and klage.status == K.OVERSENDT,
        "utsatt": work and klage.closed_at is None,
    }


@method_decorator(never_cache, name="dispatch")
class KlageDetailView(LoginRequiredMixin, View):
    """The klage page: the klage, its deadline, history, letters and the actions allowed now."""

    http_method_names = ["get"]

    def get(self, request, pk: int, klage_pk: int):
        klage = klage_for_user(request.user, pk, klage_pk)
        return render(request, "klage/detail.html", {
            "klage": klage, "case": klage.case, "decision": klage.decision,
            "transitions": klage.transitions.select_related("actor").order_by("at", "id"),
            "letters": klage.letters.order_by("created_at"), "actions": _actions(klage, request.user),
            "forms": {"take_up": forms.ReasonForm(prefix="take_up"), "reject": forms.RejectForm(prefix="reject"),
                      "medhold": forms.MedholdForm(prefix="medhold", initial={"from_date": klage.decision.valid_from}),
                      "oversendelse": forms.OversendelseForm(prefix="oversendelse"),
                      "return_oversendelse": forms.ReasonForm(prefix="return_oversendelse"),
                      "outcome": forms.OutcomeForm(prefix="outcome"), "utsatt": forms.UtsattForm(prefix="utsatt")},
        })


class KlageActionView(LoginRequiredMixin, View):
    """POST only: validate ``form_class`` (prefix ``name``), call ``perform``; refusals become messages."""

    http_method_names = ["post"]
    name = ""
    form_class = None
    success_message = ""

    def post(self, request, pk: int, klage_pk: int):
        klage = klage_for_user(request.user, pk, klage_pk)
        if not can_work_cases(request.user, klage.case.municipality_id):
            raise PermissionDenied
        form = self.form_class(request.POST, prefix=self.name) if self.form_class else None
        if form is not None and not form.is_valid():
            messages.error(request, "Skjemaet er ikke fylt ut riktig: " + " ".join(
                f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()))
            return redirect(klage_url(klage))
        try:
            self.perform(request, klage, form.cleaned_data if form is not None else {})
        except REFUSALS as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, self.success_message)
        return redirect(klage_url(klage))

    def perform(self, request, klage, data: dict) -> None:
        raise NotImplementedError


class TakeUpLateView(KlageActionView):
    name, form_class, success_message = "take_up", forms.ReasonForm, "Klagen er tatt under behandling (fvl. § 31)."

    def perform(self, request, klage, data):
        services.klage_take_up_late(klage_id=klage.pk, reason=data["reason"], actor=request.user)


class RejectView(KlageActionView):
    name, form_class, success_message = "reject", forms.RejectForm, "Klagen er avvist, og brevet sendes partene."

    def perform(self, request, klage, data):
        services.klage_reject(klage_id=klage.pk, reason_code=data["reason_code"], text=data["text"],
                              actor=request.user)


class MedholdView(KlageActionView):
    name, form_class = "medhold", forms.MedholdForm
    success_message = "Medhold er registrert. Det nye vedtaket foreslås og godkjennes på saken som vanlig."

    def perform(self, request, klage, data):
        processing.klage_give_medhold(klage_id=klage.pk, actor=request.user, **data)


class PrepareOversendelseView(KlageActionView):
    name, form_class, success_message = "oversendelse", forms.OversendelseForm, "Oversendelsen er registrert."

    def perform(self, request, klage, data):
        processing.klage_prepare_oversendelse(klage_id=klage.pk, assessment=data["assessment"], actor=request.user)


class ApproveOversendelseView(KlageActionView):
    name, success_message = "approve_oversendelse", "Oversendelsen er godkjent, og kopien sendes partene."

    def perform(self, request, klage, data):
        processing.klage_approve_oversendelse(klage_id=klage.pk, actor=request.user)


class ReturnOversendelseView(KlageActionView):
    name, form_class = "return_oversendelse", forms.ReasonForm
    success_message = "Oversendelsen er sendt tilbake til saksbehandler."

    def perform(self, request, klage, data):
        processing.klage_return_oversendelse(klage_id=klage.pk, reason=data["reason"], actor=request.user)


class OutcomeView(KlageActionView):
    name, form_class = "outcome", forms.OutcomeForm
    success_message = "Klageinstansens avgjørelse er registrert, og brevet sendes partene."

    def perform(self, request, klage, data):
        processing.klage_register_outcome(klage_id=klage.pk, actor=request.user, **data)


class UtsattView(KlageActionView):
    name, form_class, success_message = "utsatt", forms.UtsattForm, "Avgjørelsen om utsatt iverksetting er lagret."

    def perform(self, request, klage, data):
        services.klage_decide_utsatt_iverksetting(klage_id=klage.pk, granted=data["granted"],
                                                  reason=data["reason"], actor=request.user)


@method_decorator(never_cache, name="dispatch")
class KlageLetterView(LoginRequiredMixin, View):
    """One of the klage's letters as PDF (audited)."""

    http_method_names = ["get"]

    def get(self, request, pk: int, klage_pk: int, kind: str):
        klage = klage_for_user(request.user, pk, klage_pk)
        if kind not in KlageLetterKind.values:
            raise Http404
        letter = klage.letters.filter(kind=kind).first()
        if letter is None:
            raise Http404
        audit_record(action="klage_letter_download", actor=request.user, municipality=klage.case.municipality,
                     case=klage.case, detail=f"Klage {klage.pk}: {letter.get_kind_display()}")
        with letter.pdf.open("rb") as handle:
            content = handle.read()
        return pdf_response(content, f"klage-{kind}-{klage.case.saksnummer.replace('/', '-')}.pdf")
