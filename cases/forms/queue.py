"""The work queue's filter form (POSTed; see cases.views.queue) and the CSV upload form."""
import re

from django import forms

from cases.constants import CaseStatus, Service

from .common import DsFormMixin

# The browser refuses a search that is only a fødselsnummer (also «010203 12345», «010203-12345»);
# the server refuses any search holding 11 digits in a row, with or without separators.
NO_PERSON_ID_PATTERN = r"(?![\s.\-]*\d{6}[\s.\-]*\d{5}[\s.\-]*$).*"
SAKSNUMMER = re.compile(r"\b\d{4}/\d{5}\b")
ELEVEN_DIGITS = re.compile(r"\d(?:[\s.\-/]?\d){10}")


def looks_like_person_id(text: str) -> bool:
    """11 digits in a row, separators (space, dot, hyphen, slash) allowed between them; saksnumre aside."""
    return bool(ELEVEN_DIGITS.search(SAKSNUMMER.sub(" ", text)))


class QueueFilterForm(DsFormMixin, forms.Form):
    q = forms.CharField(
        label="Søk", required=False, max_length=100,
        help_text="Saksnummer eller navn på søker eller ektefelle/partner/samboer. Ikke søk på fødselsnummer.",
    )
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alle statuser"), *CaseStatus.choices])
    service = forms.ChoiceField(label="Tjeneste", required=False, choices=[("", "Alle tjenester"), *Service.choices])
    period = forms.ChoiceField(label="Periode", required=False)
    municipality = forms.TypedChoiceField(label="Kommune", required=False, coerce=int, empty_value=None)
    mine = forms.BooleanField(label="Bare saker tildelt meg", required=False)
    undelivered = forms.BooleanField(label="Ikke levert", required=False,
                                     help_text="Vedtak som feilet eller ikke kom fram gjennom SvarUt.")

    def __init__(self, *args, periods=(), municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "pattern": NO_PERSON_ID_PATTERN,
                                              "title": "Søk på saksnummer eller navn, ikke fødselsnummer."})
        self.fields["period"].choices = [("", "Alle perioder")] + [(p, p) for p in periods]
        if len(municipalities) > 1:
            self.fields["municipality"].choices = [("", "Alle kommuner")] + [(m.pk, m.name) for m in municipalities]
        else:
            del self.fields["municipality"]

    def clean_q(self):
        query = self.cleaned_data["q"].strip()
        if looks_like_person_id(query):
            raise forms.ValidationError("Søk på saksnummer eller navn. Søk på fødselsnummer er ikke tillatt.")
        return query


class CsvImportForm(DsFormMixin, forms.Form):
    file = forms.FileField(
        label="CSV-fil", help_text="UTF-8, semikolon som skilletegn, én linje per barn (se veiledningen).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
