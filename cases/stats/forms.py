"""The statistics filter (GET): kommune among the user's own, period and service."""
from django import forms

from cases.constants import Service
from cases.forms.common import DsFormMixin


class StatsFilterForm(DsFormMixin, forms.Form):
    kommune = forms.TypedChoiceField(label="Kommune", required=False, coerce=int, empty_value=None)
    period = forms.RegexField(label="Periode", required=False, regex=r"^\d{4}/\d{2}$", max_length=7,
                              error_messages={"invalid": "Skriv perioden som ÅÅÅÅ/ÅÅ, f.eks. 2026/27."},
                              help_text="F.eks. 2026/27. Tomt: alle perioder.")
    service = forms.ChoiceField(label="Tjeneste", required=False,
                                choices=[("", "Alle tjenester"), *Service.choices])

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.pk, m.name) for m in municipalities]
        self.fields["kommune"].choices = ([("", "Alle mine kommuner")] if len(choices) > 1 else []) + choices
