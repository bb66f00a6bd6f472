"""The parent's documentation upload: why the income went down (a fixed list) and one file. The file's
own checks (size, type by content, virus scan) are the service's (``cases.services.documents``)."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from portal.labels import REASON_TEXT

ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


def _file_help() -> str:
    return _("PDF, JPEG eller PNG, høyst %(size)s. For eksempel oppsigelse, lønnsslipper eller vedtak fra "
             "NAV.") % {"size": filesizeformat(settings.UPLOAD_MAX_BYTES)}


class DocumentForm(forms.Form):
    reason = forms.ChoiceField(label=_("Hvorfor har inntekten gått ned?"), widget=forms.RadioSelect,
                               choices=list(REASON_TEXT.items()))
    file = forms.FileField(label=_("Dokumentasjon"), help_text=lazy(_file_help, str)(),
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
