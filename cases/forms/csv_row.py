"""One CSV import row as a form: every column is cleaned by the registration form's own field.

The fields are copies of ``ApplicationForm``'s and ``ChildForm``'s (so lengths come from the model fields,
numbers from the model's max_digits, NUL bytes are refused, fødselsnumre are checked and never echoed),
under the file's column names. Only the file's own vocabulary (``tjeneste``, ``relasjon``,
``utsatt_skolestart``) is parsed here. Errors are collected for every column of the row in one round.
"""
import copy

from django import forms

from cases.constants import PartnerRelation, Service

from .application import ApplicationForm, ChildForm, check_received_against_period

# column → (form class, field name) of the registration form that cleans it
FORM_FIELD_FOR_COLUMN = {
    "periode": (ApplicationForm, "period"),
    "mottatt": (ApplicationForm, "received_date"),
    "soker_fnr": (ApplicationForm, "applicant_person_id"),
    "soker_fornavn": (ApplicationForm, "applicant_given_name"),
    "soker_etternavn": (ApplicationForm, "applicant_family_name"),
    "partner_fnr": (ApplicationForm, "partner_person_id"),
    "partner_fornavn": (ApplicationForm, "partner_given_name"),
    "partner_etternavn": (ApplicationForm, "partner_family_name"),
    "adresse": (ApplicationForm, "address"),
    "epost": (ApplicationForm, "email"),
    "barn_fnr": (ChildForm, "person_id"),
    "barn_fornavn": (ChildForm, "given_name"),
    "barn_etternavn": (ChildForm, "family_name"),
    "barnehage_skole": (ChildForm, "institution"),
    "timer_per_uke": (ChildForm, "weekly_hours"),
    "manedspris": (ChildForm, "monthly_price"),
    "trinn": (ChildForm, "sfo_trinn"),
}
OPTIONAL = {"mottatt", "partner_fnr", "partner_fornavn", "partner_etternavn", "adresse", "epost", "trinn"}
PARTNER_COLUMNS = ("partner_fnr", "partner_fornavn", "partner_etternavn")

SERVICES = {"barnehage": Service.BARNEHAGE, "sfo": Service.SFO, "aks": Service.SFO, "sfo/aks": Service.SFO}
RELATIONS = {"ektefelle": PartnerRelation.EKTEFELLE, "registrert partner": PartnerRelation.REGISTRERT_PARTNER,
             "registrert_partner": PartnerRelation.REGISTRERT_PARTNER, "samboer": PartnerRelation.SAMBOER}
YES, NO = {"ja", "j", "x", "1", "true", "sann"}, {"", "nei", "n", "0", "false", "usann"}
REQUIRED_MESSAGE = "Mangler verdi."


def _field(form_class, name: str, column: str) -> forms.Field:
    field = copy.deepcopy(form_class.base_fields[name])
    field.required = column not in OPTIONAL
    field.error_messages = {**field.error_messages, "required": REQUIRED_MESSAGE}
    return field


class _Vocabulary(forms.CharField):
    """A column with a small fixed vocabulary, case-insensitive; the message says what to write."""

    def __init__(self, words: dict, message: str, **kwargs):
        super().__init__(**kwargs)
        self.words, self.message = words, message
        self.error_messages["required"] = REQUIRED_MESSAGE

    def clean(self, value):
        value = super().clean(value).lower()
        if value not in self.words:
            raise forms.ValidationError(self.message, code="invalid_choice")
        return self.words[value]


class CsvRowForm(forms.Form):
    tjeneste = _Vocabulary(SERVICES, "Skriv «barnehage» eller «sfo».", max_length=20)
    relasjon = _Vocabulary({"": "", **RELATIONS}, "Skriv «ektefelle», «registrert partner» eller «samboer».",
                           max_length=30, required=False)
    utsatt_skolestart = _Vocabulary({**dict.fromkeys(YES, True), **dict.fromkeys(NO, False)},
                                    "Skriv «ja» eller «nei».", max_length=10, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column, (form_class, name) in FORM_FIELD_FOR_COLUMN.items():
            self.fields[column] = _field(form_class, name, column)

    def clean(self):
        data = super().clean()
        check_received_against_period(self, "mottatt", "periode")
        relation = data.get("relasjon")
        has_partner = any((self.data.get(column) or "").strip() for column in PARTNER_COLUMNS)
        if "relasjon" in self.errors:
            pass
        elif has_partner != bool(relation):
            self.add_error("relasjon", "Oppgi relasjon når ektefelle/partner/samboer er fylt ut, og bare da.")
        elif has_partner:
            for column in PARTNER_COLUMNS:
                if not data.get(column) and column not in self.errors:
                    self.add_error(column, REQUIRED_MESSAGE)
        return data  # trinn against tjeneste, and the rest of the rules: validate_application per household
