"""The registration form: søker, optional ektefelle/registrert partner/samboer, and up to four children.

The form checks each field where the caseworker can fix it, with the limits of the model fields and the
intake's own period and date rules (``check_period``, ``check_received_date``); ``cases.services.intake``
stays the authority, and its ``FieldErrors`` (keys like ``children[1].weekly_hours``) are put back next to
the field they concern by ``map_service_errors``, by key alone. The CSV import cleans each row with these
same fields (``cases.forms.csv_row``).
"""
import datetime
import re
from decimal import Decimal

from django import forms
from django.utils import timezone

from cases.constants import Channel, PartnerRelation, Service
from cases.models import Child, Household, Person
from cases.services.intake import (
    MAX_WEEKLY_HOURS,
    ApplicationInput,
    ChildInput,
    FieldErrors,
    PersonInput,
    check_period,
    check_received_date,
)

from .common import DsFormMixin, NorwegianDecimalField, PersonIdField

MAX_CHILDREN = 4
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]  # the date picker sends ISO; files and people write 15.03.2026
NAME_LENGTH = Person._meta.get_field("given_name").max_length


def _model_decimal(model, name: str) -> dict:
    db_field = model._meta.get_field(name)
    return {"max_digits": db_field.max_digits, "decimal_places": db_field.decimal_places}


def default_period(today: datetime.date | None = None) -> str:
    """The barnehageår/skoleår applications are usually for: from March on, the one starting in August."""
    today = today or timezone.localdate()
    year = today.year if today.month >= 3 else today.year - 1
    return f"{year}/{(year + 1) % 100:02d}"


def _decimal_field(label: str, **kwargs) -> forms.DecimalField:
    return NorwegianDecimalField(label=label, **kwargs)


class PeriodField(forms.CharField):
    """Barnehageår/skoleår «2026/27», and one of the open periods (the intake's ``check_period``)."""

    def clean(self, value):
        period = super().clean(value)
        if period:
            check_period(period)
        return period


def check_received_against_period(form: forms.Form, date_name: str, period_name: str) -> None:
    """The intake's received-date rule on a cleaned form; without a valid period only «not in the future»."""
    received = form.cleaned_data.get(date_name)
    if received:
        try:
            check_received_date(received, form.cleaned_data.get(period_name) or "")
        except forms.ValidationError as exc:
            form.add_error(date_name, exc)


class ApplicationForm(DsFormMixin, forms.Form):
    # Names the part of the form in the error summary, where «Etternavn» alone would be ambiguous.
    summary_groups = {"applicant_": "Søker", "partner_": "Ektefelle/partner/samboer"}
    service = forms.ChoiceField(label="Tjeneste", choices=Service.choices, help_text="Gjelder alle barna i søknaden.")
    period = PeriodField(label="Periode", max_length=7, help_text="Barnehageår eller skoleår, f.eks. 2026/27.")
    received_date = forms.DateField(label="Mottatt dato", widget=DATE_WIDGET, input_formats=DATE_FORMATS,
                                    error_messages={"invalid": "Skriv datoen som dd.mm.åååå, f.eks. 15.03.2026."})
    channel = forms.ChoiceField(
        label="Søknaden kom som",
        choices=[(Channel.PAPIR, Channel.PAPIR.label), (Channel.DIGITAL, Channel.DIGITAL.label)],
    )
    applicant_person_id = PersonIdField()
    applicant_given_name = forms.CharField(label="Fornavn", max_length=NAME_LENGTH)
    applicant_family_name = forms.CharField(label="Etternavn", max_length=NAME_LENGTH)
    address = forms.CharField(label="Adresse", max_length=Household._meta.get_field("address").max_length,
                              required=False)
    email = forms.EmailField(label="E-post", max_length=Household._meta.get_field("email").max_length,
                             required=False)
    partner_relation = forms.ChoiceField(
        label="Ektefelle, registrert partner eller samboer",
        choices=[("", "Ingen – søker bor alene med barna"), *PartnerRelation.choices], required=False,
        help_text="Samboer: over 18 år og bodd sammen i minst 12 av de siste 18 månedene, eller felles barn.",
    )
    partner_person_id = PersonIdField(required=False)
    partner_given_name = forms.CharField(label="Fornavn", max_length=NAME_LENGTH, required=False)
    partner_family_name = forms.CharField(label="Etternavn", max_length=NAME_LENGTH, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_date"].initial = timezone.localdate
        self.fields["period"].initial = default_period()
        self.fields["period"].widget.attrs.update({"pattern": r"\d{4}/\d{2}", "placeholder": "ÅÅÅÅ/ÅÅ"})
        self.fields["address"].widget.attrs["autocomplete"] = "off"
        for name in ("applicant_given_name", "applicant_family_name", "partner_given_name", "partner_family_name"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        check_received_against_period(self, "received_date", "period")
        relation = data.get("partner_relation")
        partner_fields = ("partner_person_id", "partner_given_name", "partner_family_name")
        if relation:
            for name in partner_fields:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, "Påkrevd når relasjon er valgt (ellers velg «Ingen»).")
        elif any(data.get(name) for name in partner_fields):
            self.add_error("partner_relation", "Velg relasjon for ektefelle/partner/samboer.")
        return data


class ChildForm(DsFormMixin, forms.Form):
    person_id = PersonIdField()
    given_name = forms.CharField(label="Fornavn", max_length=NAME_LENGTH)
    family_name = forms.CharField(label="Etternavn", max_length=NAME_LENGTH)
    institution = forms.CharField(label="Barnehage/skole", max_length=Child._meta.get_field("institution").max_length)
    weekly_hours = _decimal_field("Avtalt oppholdstid (timer per uke)", **_model_decimal(Child, "weekly_hours"),
                                  min_value=Decimal("0.5"), max_value=MAX_WEEKLY_HOURS)
    monthly_price = _decimal_field("Månedspris for plassen (kr)", **_model_decimal(Child, "monthly_price"),
                                   min_value=Decimal(0))
    sfo_trinn = forms.TypedChoiceField(
        label="Trinn (bare SFO)", coerce=int, empty_value=None, required=False,
        choices=[("", "Ikke SFO")] + [(str(n), f"{n}. trinn") for n in range(1, 8)],
        error_messages={"invalid_choice": "Skriv trinn som et tall fra 1 til 7."},
    )
    deferred_school_start = forms.BooleanField(label="Utsatt skolestart", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("given_name", "family_name", "institution"):
            self.fields[name].widget.attrs["autocomplete"] = "off"


class BaseChildFormSet(forms.BaseFormSet):
    def __init__(self, *args, service: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service

    def filled_forms(self) -> list[ChildForm]:
        return [form for form in self.forms if form.has_changed() and form.is_valid()]

    def clean(self):
        if any(self.errors):
            return
        filled = [form for form in self.forms if form.has_changed()]
        if not filled:
            raise forms.ValidationError("Fyll ut minst ett barn.", code="no_children")
        for form in filled:
            trinn = form.cleaned_data.get("sfo_trinn")
            if self.service == Service.SFO and not trinn:
                form.add_error("sfo_trinn", "Velg trinn (1–7) for SFO.")
            elif self.service == Service.BARNEHAGE and trinn:
                form.add_error("sfo_trinn", "Trinn gjelder bare SFO.")


ChildFormSet = forms.formset_factory(ChildForm, formset=BaseChildFormSet, extra=MAX_CHILDREN, max_num=MAX_CHILDREN,
                                     absolute_max=MAX_CHILDREN)


def _person(data: dict, prefix: str) -> PersonInput:
    return PersonInput(person_id=data[f"{prefix}person_id"], given_name=data[f"{prefix}given_name"],
                       family_name=data[f"{prefix}family_name"])


def build_application_input(form: ApplicationForm, child_forms: list[ChildForm]) -> ApplicationInput:
    """The service's input from a valid form and its filled child rows (in the order shown)."""
    data = form.cleaned_data
    partner = _person(data, "partner_") if data.get("partner_relation") else None
    return ApplicationInput(
        service=data["service"], period=data["period"], applicant=_person(data, "applicant_"),
        partner=partner, partner_relation=data.get("partner_relation") or "",
        received_date=data["received_date"], channel=data["channel"], address=data.get("address", ""),
        email=data.get("email", ""),
        children=[
            ChildInput(
                person=_person(child.cleaned_data, ""), institution=child.cleaned_data["institution"],
                weekly_hours=child.cleaned_data["weekly_hours"], monthly_price=child.cleaned_data["monthly_price"],
                sfo_trinn=child.cleaned_data.get("sfo_trinn"),
                deferred_school_start=child.cleaned_data.get("deferred_school_start", False),
            )
            for child in child_forms
        ],
    )


CHILD_KEY = re.compile(r"children\[(\d+)\]\.(\w+)")


def form_field_for_key(key: str) -> str | None:
    """``applicant.given_name`` → ``applicant_given_name``; ``period`` → ``period``; None if not on the form."""
    name = key.replace(".", "_")
    return name if name in ApplicationForm.base_fields else None


def map_service_errors(exc: FieldErrors, form: ApplicationForm, formset, child_forms: list) -> None:
    """Put the intake service's errors next to the field their key names (never by reading the message)."""
    for key, errors in exc.error_dict.items():
        child = CHILD_KEY.fullmatch(key)
        if child and int(child[1]) < len(child_forms) and child[2] in ChildForm.base_fields:
            child_forms[int(child[1])].add_error(child[2], errors)
        elif key == "children":
            messages = [error.messages[0] for error in errors]
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), *messages])
        elif form_field_for_key(key) in form.fields:
            form.add_error(form_field_for_key(key), errors)
        else:
            form.add_error(None, errors)
