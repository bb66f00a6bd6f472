"""The staff page's export form: since which earlier export, and up to which month."""
from django import forms

from cases.forms.common import DsFormMixin

START = "start"


class ExportForm(DsFormMixin, forms.Form):
    since = forms.ChoiceField(
        label="Endringer siden", required=False,
        help_text="Vanligvis siste eksport. «Alt fra start» gir alle måneder på nytt (første gang).")
    through = forms.CharField(
        label="Til og med måned", max_length=7, required=False,
        help_text="ÅÅÅÅ-MM. Tomt: neste måned (fakturering skjer forskuddsvis).")

    def __init__(self, *args, runs, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Siste eksport")] if runs else []
        choices += [(str(run.pk), f"Eksport {run.pk} ({run.created_at:%d.%m.%Y %H:%M}, til og med "
                                  f"{run.through_month:%Y-%m})") for run in runs]
        choices.append((START, "Alt fra start"))
        self.fields["since"].choices = choices
        self.fields["through"].widget.attrs.update({"pattern": r"\d{4}-\d{2}", "placeholder": "ÅÅÅÅ-MM"})
