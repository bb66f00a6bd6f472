"""«Meld endring» in «Mine saker»: a parent of the household reports an endring on a case with a sent
vedtak (docs/changes.md). The report goes through ``cases.services.changes.change_register`` with
``source="parent"`` and the logged-in parent as ``person``; the caseworker works it from there (the new
proposal is approved by two people as always). Another household's case is a 404, as everywhere in
the portal. A fødselsnummer (new child or new adult) is typed in a POST field, never in a URL.
"""
from __future__ import annotations

from django import forms
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.constants import CaseStatus as S
from cases.constants import ChangeKind
from cases.models import Person
from cases.services.changes import change_register
from cases.services.intake import FieldErrors
from portal.common import parent_case, portal_view
from portal.labels import RELATION_TEXT

KIND_TEXT = {
    ChangeKind.CHILD_LEFT: _("Et barn slutter i barnehagen eller SFO"),
    ChangeKind.HOURS_CHANGED: _("Et barn får endret oppholdstid"),
    ChangeKind.PLACE_CHANGED: _("Et barn bytter barnehage eller skole"),
    ChangeKind.NEW_CHILD: _("Et nytt barn har fått plass"),
    ChangeKind.PARTNER_MOVED_IN: _("En ektefelle, partner eller samboer har flyttet inn"),
    ChangeKind.PARTNER_MOVED_OUT: _("En ektefelle, partner eller samboer har flyttet ut"),
    ChangeKind.INCOME_DROP: _("Inntekten har gått vesentlig og varig ned"),
}
KIND_FIELDS = {
    ChangeKind.CHILD_LEFT: ("child_id",),
    ChangeKind.HOURS_CHANGED: ("child_id", "weekly_hours", "monthly_price"),
    ChangeKind.PLACE_CHANGED: ("child_id", "institution", "weekly_hours", "monthly_price"),
    ChangeKind.NEW_CHILD: ("person_id", "given_name", "family_name", "institution", "weekly_hours", "monthly_price"),
    ChangeKind.PARTNER_MOVED_IN: ("person_id", "given_name", "family_name", "relation"),
    ChangeKind.PARTNER_MOVED_OUT: (),
    ChangeKind.INCOME_DROP: (),
}
PROBLEM_TEXT = {  # the service's codes (cases.services.changes.ChangeError), worded for parents
    "no_sent_vedtak": _("Du kan melde en endring når vedtaket er sendt og ingen annen endring er under behandling."),
    "outside_period": _("Datoen må ligge i barnehageåret eller skoleåret vedtaket gjelder for."),
    "before_vedtak": _("Datoen kan ikke være før vedtaket begynte å gjelde."),
    "unknown_child": _("Velg barnet endringen gjelder."),
    "required": _("Fyll ut dette feltet."),
    "invalid": _("Sjekk det du har skrevet her."),
    "has_partner": _("Det er allerede registrert en voksen til i husholdningen."),
    "no_partner": _("Det er ikke registrert en voksen til i husholdningen."),
    "duplicate_child": _("Barnet har allerede en søknad for dette året."),
}


class ParentChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hva har endret seg?"), widget=forms.RadioSelect,
                             choices=list(KIND_TEXT.items()))
    change_date = forms.DateField(label=_("Fra hvilken dato?"), widget=forms.DateInput(attrs={"type": "date"}),
                                  input_formats=["%Y-%m-%d", "%d.%m.%Y"])
    child_id = forms.TypedChoiceField(label=_("Hvilket barn gjelder det?"), coerce=int, required=False,
                                      empty_value=None)
    institution = forms.CharField(label=_("Barnehage eller skole"), max_length=200, required=False)
    weekly_hours = forms.DecimalField(label=_("Ny avtalt tid (timer per uke)"), required=False, min_value=0,
                                      max_value=60, decimal_places=1)
    monthly_price = forms.DecimalField(label=_("Ny pris for plassen per måned (kr)"), required=False, min_value=0,
                                       max_value=999999, decimal_places=2)
    person_id = forms.CharField(label=_("Fødselsnummer (11 siffer) til det nye barnet eller den nye voksne"),
                                max_length=11, required=False)
    given_name = forms.CharField(label=_("Fornavn"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Etternavn"), max_length=100, required=False)
    relation = forms.ChoiceField(label=_("Relasjon"), required=False,
                                 choices=[("", "–"), *((k, v) for k, v in RELATION_TEXT.items() if k)])
    note = forms.CharField(label=_("Vil du fortelle oss mer? (valgfritt)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child_id"].choices = [("", "–"), *((c.pk, c.full_name) for c in children)]

    def details(self) -> dict:
        data = self.cleaned_data
        details = {name: data[name] for name in KIND_FIELDS[data["kind"]] if data.get(name) not in (None, "")}
        if data.get("note"):
            details["note"] = data["note"]
        return details

    def add_service_errors(self, errors: FieldErrors) -> None:
        for key, code, _message in errors.problems():
            name = key.removeprefix("details.")
            self.add_error(name if name in self.fields else None, PROBLEM_TEXT.get(code, PROBLEM_TEXT["invalid"]))


@portal_view()
def report_change(request, pk: int):
    case = parent_case(request, pk)  # 404 for another household's case
    kommunenummer = request.portal.municipality.kommunenummer
    children = [c for c in case.application.children.order_by("pk") if c.is_active]
    form = ParentChangeForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(person_id=request.parent.pid).first()
        try:
            change_register(case_id=case.pk, kind=form.cleaned_data["kind"],
                            change_date=form.cleaned_data["change_date"], actor=None, source="parent",
                            person=person, details=form.details())
        except FieldErrors as exc:
            form.add_service_errors(exc)
        else:
            return HttpResponseRedirect(reverse("portal:report_change", args=[kommunenummer, case.pk]) + "?meldt=1")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/change.html", {
        "portal": request.portal, "case": case, "form": form, "reported": request.GET.get("meldt") == "1",
        "can_report": case.status == S.SENT}, status=status)
