"""The caseworker's klage forms (bokmål). They validate shape only; the services decide and refuse by code."""
from django import forms

from .choices import AvvisningReason, KlageChannel, KlageOutcome

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class KlageRegisterForm(forms.Form):
    received_date = forms.DateField(label="Klagen mottatt (eller postlagt, fvl. § 30)", widget=DATE)
    channel = forms.ChoiceField(label="Kanal", choices=[(KlageChannel.LETTER, KlageChannel.LETTER.label),
                                                        (KlageChannel.EMAIL, KlageChannel.EMAIL.label)])
    text = forms.CharField(label="Hva klagen gjelder", widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    utsatt_iverksetting_requested = forms.BooleanField(
        label="Klageren ber om utsatt iverksetting (fvl. § 42)", required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(label="Avvises fordi", choices=AvvisningReason.choices)
    text = forms.CharField(label="Begrunnelse (kommer i brevet)", widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=20000)


class MedholdForm(forms.Form):
    from_date = forms.DateField(label="Nytt vedtak gjelder fra", widget=DATE)
    assessment = forms.CharField(label="Kommunens vurdering", widget=forms.Textarea(attrs={"rows": 4}),
                                 max_length=20000)


class OversendelseForm(forms.Form):
    assessment = forms.CharField(label="Kommunens vurdering (kommer i oversendelsesbrevet)",
                                 widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)


class UtsattForm(forms.Form):
    granted = forms.TypedChoiceField(label="Utsatt iverksetting", coerce=lambda v: v == "yes",
                                     choices=[("yes", "Innvilget"), ("no", "Avslått")], widget=forms.RadioSelect)
    reason = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 2}), max_length=20000)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="Klageinstansens resultat", choices=KlageOutcome.choices,
                                widget=forms.RadioSelect)
    outcome_date = forms.DateField(label="Klageinstansens vedtak datert", widget=DATE)
    omgjort_from = forms.DateField(label="Omgjort fra (bare ved omgjøring)", widget=DATE, required=False)
    note = forms.CharField(label="Merknad (kommer i brevet)", widget=forms.Textarea(attrs={"rows": 3}),
                           required=False, max_length=5000)
