"""The form that starts a renewal run (administrator): municipality, new period, the SFO offer's last trinn.

The municipality is preselected when the administrator has only one; the period follows the intake's own
rule (previous, current or next barnehageår/skoleår) with its Norwegian message.
"""
from django import forms
from django.utils import timezone

from cases.forms.common import DsFormMixin, MunicipalityField
from cases.services.intake import check_period

from .eligibility import period_for_start_year


def coming_period(today=None) -> str:
    """The next period not yet begun: before August this year's, otherwise next year's."""
    today = today or timezone.localdate()
    return period_for_start_year(today.year if today.month < 8 else today.year + 1)


class StartRenewalForm(DsFormMixin, forms.Form):
    municipality = MunicipalityField(queryset=None)
    period = forms.CharField(label="Ny periode", max_length=7, help_text="Barnehageår/skoleår, f.eks. 2027/28.")
    sfo_max_trinn = forms.TypedChoiceField(
        label="SFO-tilbudet gjelder til og med", coerce=int, initial=4,
        choices=[(n, f"{n}. trinn") for n in range(1, 8)],
        help_text="Elever fornyes bare når de går over i et trinn kommunen har SFO for.",
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].error_messages["invalid_choice"] = "Velg en av dine kommuner."
        only = list(municipalities[:2])
        if len(only) == 1:
            self.fields["municipality"].initial = only[0].pk
        self.fields["period"].initial = coming_period()
        self.fields["period"].widget.attrs.update({"pattern": r"\d{4}/\d{2}", "placeholder": "ÅÅÅÅ/ÅÅ"})

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        check_period(period)
        return period
