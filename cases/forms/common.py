"""Shared form pieces: Designsystemet widget classes, the fødselsnummer field, the municipality choice."""
import re

from django import forms
from django.core.exceptions import ValidationError

from cases.identity import validate_person_id


class DsFormMixin:
    """Gives every widget Designsystemet's ``ds-input`` class (error/help wiring is Django's own aria)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            classes = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{classes} ds-input".strip()


class PersonIdField(forms.CharField):
    """Fødselsnummer or D-nummer: 11 digits with valid check digits; errors never repeat the number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Fødselsnummer/D-nummer")
        kwargs.setdefault("max_length", 13)
        kwargs.setdefault("help_text", "11 siffer.")
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"})

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        try:
            return validate_person_id(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code=getattr(exc, "code", "invalid")) from None


def plain_number(value):
    """«1 200,50 kr» → «1200.50»: spaces (also non-breaking), «kr» and the decimal comma handled."""
    if isinstance(value, str):
        value = re.sub(r"[\s\u00a0\u202f]|kr\.?$", "", value.strip().lower()).replace(",", ".")
    return value


class NorwegianDecimalField(forms.DecimalField):
    """Accepts «41,5», «1 200,00» and «1 200 kr» as well as «41.5» (caseworkers type the Norwegian way)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(plain_number(value))


class NorwegianIntegerField(forms.IntegerField):
    """Whole kroner, typed as «350 000» or «350000 kr»."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(plain_number(value))


class MunicipalityField(forms.ModelChoiceField):
    """The municipality to register in, offered only when the user works for more than one."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("label", "Kommune")
        kwargs.setdefault("empty_label", "Velg kommune")
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.kommunenummer})"


def add_municipality_field(form: forms.Form, municipalities) -> None:
    """Add ``municipality`` to ``form`` first when the user works for several municipalities."""
    if municipalities.count() > 1:
        form.fields = {"municipality": MunicipalityField(municipalities), **form.fields}
        form.fields["municipality"].widget.attrs["class"] = "ds-input"


def chosen_municipality(form: forms.Form, municipalities):
    """The municipality picked in ``form`` or, when there is only one, that one."""
    return form.cleaned_data.get("municipality") or municipalities.first()
