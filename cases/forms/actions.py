"""Forms behind the POST actions on the case page (the services do the real checks)."""
from django import forms

from .common import DsFormMixin, NorwegianIntegerField


class ReasonForm(DsFormMixin, forms.Form):
    """Avslag, trekk and request for documentation all need a reason the parent will read."""

    reason = forms.CharField(
        label="Begrunnelse", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Skriv slik at søkeren forstår hvorfor. Ikke skriv fødselsnummer.",
    )


class DocumentedIncomeForm(DsFormMixin, forms.Form):
    """Income documented after a vesentlig og varig endring, for one adult in the household."""

    person = forms.TypedChoiceField(label="Gjelder", coerce=int)
    yearly_income = NorwegianIntegerField(
        label="Årsinntekt (kr)", min_value=0, max_value=100_000_000_000,
        help_text="Forventet inntekt for et helt år etter endringen, i hele kroner.",
    )
    reason = forms.CharField(
        label="Begrunnelse (vesentlig og varig endring)", widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    documents = forms.CharField(
        label="Dokumentasjon", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
        help_text="F.eks. lønnsslipper for de tre siste månedene, vedtak fra NAV.",
    )

    def __init__(self, *args, adults=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, f"{label}: {p.full_name}") for label, p in adults]


class SendForm(forms.Form):
    channel = forms.ChoiceField(choices=[("print", "Utskrift (brev)")], initial="print", widget=forms.HiddenInput)
