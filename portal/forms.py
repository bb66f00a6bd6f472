"""The parent's application form: plain Django fields (works without JavaScript), a fixed number of child
rows (empty rows are ignored), and an optional income used only for the price estimate (never stored).
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

    def __init__(self, *args, applicant_pid: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant_pid = applicant_pid
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

    def child_rows(self):
        """Bound fields per child row, for the template."""
        return [{name: self[field] for name, field in _child_field_names(i).items()} for i in range(CHILD_ROWS)]

    def _filled_rows(self) -> list[int]:
        data = self.cleaned_data
        return [i for i in range(CHILD_ROWS)
                if any(data.get(f) not in (None, "") for f in _child_field_names(i).values())]

    def to_input(self) -> ApplicationInput:
        """The intake input (call after is_valid())."""
        d = self.cleaned_data
        children = []
        for i in self._filled_rows():
            names = _child_field_names(i)
            children.append(ChildInput(
                person=PersonInput(d[names["person_id"]].strip(), d[names["given_name"]], d[names["family_name"]]),
                institution=d[names["institution"]],
                weekly_hours=d[names["weekly_hours"]] if d[names["weekly_hours"]] is not None else Decimal("NaN"),
                monthly_price=d[names["monthly_price"]] if d[names["monthly_price"]] is not None else Decimal("NaN"),
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
            text = ERROR_TEXT.get(code, _("Ugyldig verdi."))
            if field in self.fields:
                if field not in self.errors or text not in self.errors[field]:
                    self.add_error(field, text)
            else:
                self.add_error(None, text)


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
