"""The parent's application form: plain Django fields (works without JavaScript), a fixed number of child
rows (empty rows are ignored), and an optional income used only for the price estimate (never stored).
Where the kommune has a price list for a service, each child row offers its places instead of typed
hours and price (the place's hours and price go into the application).
Validation is the intake's (``cases.services.intake.validate_application``); its coded problems are
placed on these fields and worded from portal.labels."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.constants import Channel
from cases.services.intake import ApplicationInput, ChildInput, PersonInput, open_periods
from portal.labels import ERROR_TEXT, RELATION_TEXT, SERVICE_TEXT

CHILD_ROWS = 3
CHILD_FIELDS = ("person_id", "given_name", "family_name", "institution", "weekly_hours", "monthly_price",
                "sfo_trinn")


def _child_field_names(i: int) -> dict[str, str]:
    return {name: f"child{i}_{name}" for name in CHILD_FIELDS}


class ApplicationForm(forms.Form):
    service = forms.ChoiceField(label=_("Hva søker du for?"), widget=forms.RadioSelect,
                                choices=list(SERVICE_TEXT.items()), initial="barnehage")
    period = forms.ChoiceField(label=_("Barnehageår / skoleår"))
    applicant_given_name = forms.CharField(label=_("Fornavn"), max_length=100)
    applicant_family_name = forms.CharField(label=_("Etternavn"), max_length=100)
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    email = forms.EmailField(label=_("E-post (valgfritt)"), required=False)
    partner_relation = forms.ChoiceField(label=_("Bor du med en annen voksen?"), required=False,
                                         choices=list(RELATION_TEXT.items()), widget=forms.RadioSelect,
                                         initial="")
    partner_person_id = forms.CharField(label=_("Fødselsnummer (11 siffer)"), max_length=11, required=False)
    partner_given_name = forms.CharField(label=_("Fornavn"), max_length=100, required=False)
    partner_family_name = forms.CharField(label=_("Etternavn"), max_length=100, required=False)
    estimate_income = forms.IntegerField(
        label=_("Husstandens samlede inntekt per år (bare for anslaget)"), required=False, min_value=0,
        max_value=100_000_000,
        help_text=_("Valgfritt. Tallet brukes bare til å vise anslaget nå. Det lagres ikke og brukes ikke i "
                    "vedtaket: kommunen henter inntekten fra Skatteetaten når du har sendt søknaden."))

    def __init__(self, *args, applicant_pid: str, price_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant_pid = applicant_pid
        self.price_options = {str(o.pk): o for o in price_options}
        self.listed_services = {o.service for o in price_options}
        self.fields["period"].choices = [(p, p) for p in open_periods()[1:]]
        self.fields["period"].initial = open_periods()[1]
        for i in range(CHILD_ROWS):
            names = _child_field_names(i)
            self.fields[names["person_id"]] = forms.CharField(label=_("Barnets fødselsnummer"), max_length=11,
                                                              required=False)
            self.fields[names["given_name"]] = forms.CharField(label=_("Fornavn"), max_length=100, required=False)
            self.fields[names["family_name"]] = forms.CharField(label=_("Etternavn"), max_length=100,
                                                                required=False)
            self.fields[names["institution"]] = forms.CharField(label=_("Barnehage eller skole"), max_length=200,
                                                                required=False)
            self.fields[names["weekly_hours"]] = forms.DecimalField(
                label=_("Avtalt tid (timer per uke)"), required=False, min_value=0, max_value=60, decimal_places=1,
                help_text=_("Heltidsplass er 41 timer eller mer."))
            self.fields[names["monthly_price"]] = forms.DecimalField(
                label=_("Pris per måned for plassen (kr)"), required=False, min_value=0, decimal_places=2,
                help_text=_("Prisen før redusert foreldrebetaling, slik barnehagen eller skolen oppgir den."))
            self.fields[names["sfo_trinn"]] = forms.TypedChoiceField(
                label=_("Trinn (bare SFO)"), required=False, coerce=int, empty_value=None,
                choices=[("", "–")] + [(n, str(n)) for n in range(1, 8)])
            if self.price_options:
                self.fields[f"child{i}_price_option"] = forms.ChoiceField(
                    label=_("Plass"), required=False, choices=[("", "–")] + [
                        (pk, _option_label(o)) for pk, o in self.price_options.items()],
                    help_text=_("Velg plassen fra kommunens prisliste. Timer og pris følger av plassen."))
                if self.listed_services >= {"barnehage", "sfo"}:
                    for name in ("weekly_hours", "monthly_price"):
                        del self.fields[names[name]]
                else:
                    for name in ("weekly_hours", "monthly_price"):
                        self.fields[names[name]].help_text = _("Bare når plassen ikke står i prislisten.")

    @property
    def has_price_list(self) -> bool:
        return bool(self.price_options)

    @property
    def typed_prices(self) -> bool:
        """Whether hours and price can be typed (some service has no price list)."""
        return not self.listed_services >= {"barnehage", "sfo"}

    def child_rows(self):
        """Bound fields per child row, for the template (absent fields are left out)."""
        return [{name: self[field] for name, field in _row_fields(i).items() if field in self.fields}
                for i in range(CHILD_ROWS)]

    def _filled_rows(self) -> list[int]:
        data = self.cleaned_data
        return [i for i in range(CHILD_ROWS)
                if any(data.get(f) not in (None, "") for f in _row_fields(i).values())]

    def clean(self):
        """A chosen place must be for the chosen service; a listed service takes its place from the list."""
        data = super().clean()
        service = data.get("service")
        for i in self._filled_rows() if self.price_options else ():
            field = f"child{i}_price_option"
            option = self.price_options.get(data.get(field) or "")
            if option is not None and option.service != service:
                self.add_error(field, _("Plassen gjelder ikke tjenesten du søker for."))
            elif option is None and service in self.listed_services:
                self.add_error(field, _("Velg plassen fra kommunens prisliste."))
        return data

    def to_input(self) -> ApplicationInput:
        """The intake input (call after is_valid())."""
        d = self.cleaned_data
        children = []
        for i in self._filled_rows():
            names = _child_field_names(i)
            option = self.price_options.get(d.get(f"child{i}_price_option") or "")
            hours = option.weekly_hours if option is not None else d.get(names["weekly_hours"])
            price = option.monthly_price if option is not None else d.get(names["monthly_price"])
            children.append(ChildInput(
                person=PersonInput(d[names["person_id"]].strip(), d[names["given_name"]], d[names["family_name"]]),
                institution=d[names["institution"]],
                weekly_hours=hours if hours is not None else Decimal("NaN"),
                monthly_price=price if price is not None else Decimal("NaN"),
                sfo_trinn=d[names["sfo_trinn"]],
            ))
        relation = d.get("partner_relation") or ""
        partner = (PersonInput(d["partner_person_id"].strip(), d["partner_given_name"], d["partner_family_name"])
                   if relation or d.get("partner_person_id") else None)
        return ApplicationInput(
            service=d["service"], period=d["period"],
            applicant=PersonInput(self.applicant_pid, d["applicant_given_name"], d["applicant_family_name"]),
            children=children, partner=partner, partner_relation=relation if partner else "",
            channel=Channel.DIGITAL, address=d.get("address") or "", email=d.get("email") or "",
        )

    def add_intake_errors(self, problems) -> None:
        """Place the intake's coded problems on the form fields, worded in the parent's language."""
        rows = self._filled_rows()
        for key, code, _message in problems:
            field = _field_for(key, rows)
            if field not in self.fields and field and field.endswith(("_weekly_hours", "_monthly_price")):
                field = field.rsplit("_", 2)[0] + "_price_option"  # the place chosen from the price list
            text = ERROR_TEXT.get(code, _("Ugyldig verdi."))
            if field in self.fields:
                if field not in self.errors or text not in self.errors[field]:
                    self.add_error(field, text)
            else:
                self.add_error(None, text)


def _row_fields(i: int) -> dict[str, str]:
    return {**_child_field_names(i), "price_option": f"child{i}_price_option"}


def _option_label(option) -> str:
    return _("%(service)s: %(name)s – %(hours)s timer per uke, %(price)s kr per måned") % {
        "service": SERVICE_TEXT[option.service], "name": option.name,
        "hours": f"{option.weekly_hours.normalize():f}", "price": f"{option.monthly_price.normalize():f}"}


def _field_for(key: str, rows: list[int]) -> str | None:
    """``children[1].weekly_hours`` → ``child<row>_weekly_hours`` (the row the child was typed in)."""
    if key.startswith("children["):
        index = int(key[len("children["):key.index("]")])
        rest = key[key.index("]") + 2:]
        row = rows[index] if index < len(rows) else 0
        return f"child{row}_{rest}" if rest else None
    if key == "children":
        return None
    return key.replace(".", "_")
