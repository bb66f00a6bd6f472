"""The innsyn form: the person's fødselsnummer (POSTed, never in a URL), the kommune, the format."""
from django import forms

from cases.forms.common import DsFormMixin, PersonIdField, add_municipality_field


class NoEchoInput(forms.TextInput):
    """A text input that never writes the typed number back into the page (after an error it is empty)."""

    def format_value(self, value):
        return None


FORMATS = [("json", "JSON (maskinlesbar)"), ("pdf", "PDF (til den registrerte)")]


class InnsynForm(DsFormMixin, forms.Form):
    person_id = PersonIdField(help_text="11 siffer. Sendes ikke i adressen og skrives ikke i logger.",
                              widget=NoEchoInput)
    format = forms.ChoiceField(label="Format", choices=FORMATS, initial="pdf", widget=forms.RadioSelect)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        add_municipality_field(self, municipalities)
        self.fields["person_id"].widget.attrs["class"] = "ds-input"
        self.fields["format"].widget.attrs.pop("class", None)
