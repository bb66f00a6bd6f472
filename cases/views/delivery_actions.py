"""The delivery section's POST action: record that the kommune posted or handed over a party's letter itself.

For a forsendelse that went to print or manual handling (returned by SvarUt, failed, parked). The case is
scoped to the user's kommuner (404 otherwise, as every case action); the service checks the role again,
audits, and computes the klagefrist from the date (cases/services/forsendelse.py).
"""
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from cases.services.forsendelse import forsendelse_record_manual_delivery

from .actions import CaseActionView


class ManualDeliveryForm(forms.Form):
    HOW = (("post", "Lagt i posten"), ("hand", "Overlevert"))

    how = forms.ChoiceField(label="Hvordan", choices=HOW, initial="post")
    delivered_on = forms.DateField(label="Dato", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Merknad", max_length=300,
                           help_text="For eksempel «sendt som rekommandert brev» eller «overlevert på servicetorget».")


class RecordManualDeliveryView(CaseActionView):
    anchor = "forsendelse"
    success_message = "Leveringen er registrert, og klagefristen er satt."

    def post(self, request, pk: int, forsendelse_pk: int):
        self.forsendelse_pk = forsendelse_pk
        return super().post(request, pk)

    def perform(self, request, case):
        forsendelse = get_object_or_404(case.forsendelser, pk=self.forsendelse_pk)
        form = ManualDeliveryForm(request.POST, prefix=f"levert-{forsendelse.pk}")
        if not form.is_valid():
            errors = " ".join(f"{form.fields[name].label}: {' '.join(msgs)}" for name, msgs in form.errors.items())
            messages.error(request, f"Leveringen ble ikke registrert. {errors}")
            return redirect(reverse("cases:detail", args=[case.pk]) + f"#{self.anchor}")
        data = form.cleaned_data
        forsendelse_record_manual_delivery(forsendelse_id=forsendelse.pk, delivered_on=data["delivered_on"],
                                           note=data["note"], actor=request.user, by_post=data["how"] == "post")
