"""«Registrer endring» on the case page of a sent case: what changed, from when, and the structured details.

One form for every kind; ``details()`` passes only the fields that kind uses to
``cases.services.changes.change_register``, which checks them (errors come back keyed ``details.<name>``
and are placed on the field here, by key). A fødselsnummer is typed in a POST field, never in a URL.
"""
from django import forms

from cases.constants import ChangeKind, PartnerRelation

from .application import DATE_FORMATS, DATE_WIDGET
from .common import DsFormMixin, NorwegianDecimalField, PersonIdField

# Which form fields each kind uses (the service's detail names).
KIND_FIELDS = {
    ChangeKind.NEW_CHILD: ("person_id", "given_name", "family_name", "institution", "weekly_hours", "monthly_price"),
    ChangeKind.CHILD_LEFT: ("child_id",),
    ChangeKind.PLACE_CHANGED: ("child_id", "institution", "weekly_hours", "monthly_price"),
    ChangeKind.HOURS_CHANGED: ("child_id", "weekly_hours", "monthly_price"),
    ChangeKind.PARTNER_MOVED_IN: ("person_id", "given_name", "family_name", "relation"),
    ChangeKind.PARTNER_MOVED_OUT: (),
    ChangeKind.INCOME_DROP: ("person",),
}
# A service error key → the form field it belongs to.
PARENT_KINDS = tuple(KIND_FIELDS)  # the klage kinds are registered from the klage, not here
ERROR_FIELDS = {"kind": "kind", "change_date": "change_date", **{f"details.{name}": name for fields in
                                                                  KIND_FIELDS.values() for name in fields}}


class ChangeForm(DsFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Hva er endret", choices=[(k, ChangeKind(k).label) for k in PARENT_KINDS])
    change_date = forms.DateField(label="Gjelder fra og med", widget=DATE_WIDGET, input_formats=DATE_FORMATS,
                                  help_text="Datoen endringen gjelder fra. Det nye vedtaket gjelder fra denne datoen.")
    child_id = forms.TypedChoiceField(label="Barn", coerce=int, required=False, empty_value=None,
                                      help_text="Barnet som slutter, bytter plass eller får ny oppholdstid.")
    institution = forms.CharField(label="Barnehage/skole", max_length=200, required=False,
                                  help_text="Ny plass (bytte av plass) eller plassen til et nytt barn.")
    weekly_hours = NorwegianDecimalField(label="Oppholdstid (timer/uke)", required=False, max_digits=4,
                                         decimal_places=1)
    monthly_price = NorwegianDecimalField(label="Månedspris for plassen (kr)", required=False, max_digits=8,
                                          decimal_places=2)
    person_id = PersonIdField(required=False, label="Fødselsnummer/D-nummer (nytt barn eller ny voksen)")
    given_name = forms.CharField(label="Fornavn", max_length=100, required=False)
    family_name = forms.CharField(label="Etternavn", max_length=100, required=False)
    relation = forms.ChoiceField(label="Relasjon (ny voksen)", required=False,
                                 choices=[("", "–"), *PartnerRelation.choices])
    person = forms.TypedChoiceField(label="Voksen med inntektsnedgang", coerce=int, required=False,
                                    empty_value=None)
    note = forms.CharField(label="Merknad", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Ikke skriv fødselsnummer.")

    def __init__(self, *args, children=(), adults=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child_id"].choices = [("", "–"), *((c.pk, c.full_name) for c in children)]
        self.fields["person"].choices = [("", "–"), *((p.pk, f"{label}: {p.full_name}") for label, p in adults)]

    def details(self) -> dict:
        data = self.cleaned_data
        details = {name: data.get(name) for name in KIND_FIELDS.get(data["kind"], ())
                   if data.get(name) not in (None, "")}
        if data.get("note"):
            details["note"] = data["note"]
        return details

    def add_service_errors(self, errors) -> None:
        """Place ``FieldErrors`` from the service on the fields they name (by key, never by text)."""
        for key, _code, message in errors.problems():
            self.add_error(ERROR_FIELDS.get(key), message)
