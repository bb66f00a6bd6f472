"""«Klag på vedtaket»: a parent files a klage on the case's sent vedtak from «Mine saker» (fvl. §§ 28–32).

The form registers the klage through the klage feature's public seam (``cases.klage.services.klage_register``,
channel «innbyggerportalen», the logged-in parent as ``person``); the kommune's caseworkers handle it from
there (docs/klage.md). While the parent's klagefrist runs the page says until when; after it, the parent may
still file, with a clear note that a late klage is taken up only when the kommune so decides (fvl. § 31).
A parent of another household, or a case without a sent vedtak, gets 404.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cases.klage import deadline
from cases.klage.errors import KlageError
from cases.klage.selectors import open_klage
from cases.klage.services import klage_register
from cases.klage.workflow import OPEN
from cases.selectors import sent_decision
from portal.common import parent_case, portal_view

# The parent's words for the klage's states (the caseworker's finer states map onto them).
STATE_TEXT = {
    "received": _("Mottatt – kommunen vurderer om klagen kan behandles selv om den kom etter fristen"),
    "in_progress": _("Til behandling i kommunen"),
    "oversendelse_proposed": _("Til behandling i kommunen"),
    "oversendt": _("Sendt til klageinstansen"),
    "medhold": _("Du har fått medhold – du får et nytt vedtak"),
    "decided": _("Avgjort av klageinstansen – se brevet"),
    "avvist": _("Klagen er avvist – se brevet"),
    "withdrawn": _("Klagen er trukket"),
}
ERROR_TEXT = {  # keyed by cases.klage.errors.KlageError (decided by code, never by message)
    KlageError.REQUIRED: _("Skriv hva du klager på."),
    KlageError.TOO_LONG: _("Teksten er for lang."),
    KlageError.ALREADY_OPEN: _("Du har allerede en klage på dette vedtaket som ikke er ferdig behandlet."),
    KlageError.NO_SENT_VEDTAK: _("Saken har ikke et vedtak du kan klage på."),
}


class KlageForm(forms.Form):
    text = forms.CharField(label=_("Hva klager du på, og hvorfor?"), max_length=20000,
                           widget=forms.Textarea(attrs={"class": "ds-input", "rows": 8}),
                           help_text=_("Skriv hva i vedtaket du mener er feil, og hva du ønsker."))
    utsatt_iverksetting = forms.BooleanField(
        label=_("Jeg ber om at vedtaket ikke gjennomføres før klagen er avgjort (utsatt iverksetting)"),
        required=False)


def party(case, parent):
    """The logged-in parent as a party of the case (applicant or partner), or None."""
    household = case.application.household
    for person in (household.applicant, household.partner):
        if person is not None and person.person_id == parent.pid:
            return person
    return None


def klage_context(case, parent) -> dict:
    """What «Mine saker» shows about klage for this case: the parent's klagefrist, whether it has run out,
    and the open or latest klage (for the case page and the klage page)."""
    decision = sent_decision(case.pk)
    if decision is None:
        return {"klage_possible": False}
    _known, frist = deadline.klagefrist_for(decision, party(case, parent))
    latest = case.klager.order_by("-received_date", "-id").first()
    return {"klage_possible": True, "klagefrist": frist,
            "klagefrist_passed": deadline.is_late(timezone.localdate(), frist),
            "klage": latest, "klage_state_text": STATE_TEXT.get(latest.status) if latest else None,
            "klage_open": latest is not None and latest.status in OPEN}


@portal_view()
@require_http_methods(["GET", "POST"])
def klage(request, pk: int):
    case = parent_case(request, pk)
    person = party(case, request.parent)
    context = klage_context(case, request.parent)
    if person is None or not context["klage_possible"]:
        raise Http404("no sent vedtak to complain about")
    decision = sent_decision(case.pk)
    form = KlageForm(request.POST or None)
    errors = []
    if request.method == "POST" and open_klage(decision) is None and form.is_valid():
        try:
            klage_register(case_id=case.pk, received_date=timezone.localdate(), channel="portal",
                           text=form.cleaned_data["text"], person=person,
                           utsatt_iverksetting_requested=form.cleaned_data["utsatt_iverksetting"])
        except ValidationError as exc:
            errors = [ERROR_TEXT.get(error.code, _("Klagen kunne ikke registreres.")) for error in
                      (exc.error_list if not hasattr(exc, "error_dict") else
                       [e for errs in exc.error_dict.values() for e in errs])]
        except PermissionDenied as exc:
            raise Http404("not a party") from exc
        else:
            return HttpResponseRedirect(reverse("portal:klage", args=[request.portal.municipality.kommunenummer,
                                                                      case.pk]) + "?sendt=1")
    return render(request, "portal/klage.html", {
        "portal": request.portal, "case": case, "decision": decision, "form": form, "errors": errors,
        "sent": request.GET.get("sendt") == "1", **context})
