"""The receipt by e-mail, when the parent gave an address: in the language the parent chose, with the
saksnummer, what was applied for and where to follow the case — never a fødselsnummer, never income
(the estimate's income is not stored anywhere, and the e-mail does not carry it either). Sent through
Django's e-mail backend (``DJANGO_EMAIL_BACKEND``); a failure is logged and never undoes the application."""
from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from portal.labels import SERVICE_TEXT

logger = logging.getLogger(__name__)


def send_receipt(*, case, address: str, language: str, case_url: str) -> bool:
    """Send the receipt to the address the parent gave in this application; return whether it was handed
    to the backend."""
    application = case.application
    address = (address or "").strip()
    if not address:
        return False
    with translation.override(language):
        context = {"case": case, "service": SERVICE_TEXT[application.service], "case_url": case_url,
                   "municipality": case.municipality,
                   "children": [c.given_name for c in application.children.order_by("pk")]}
        subject = _("Kvittering: søknad om redusert foreldrebetaling (sak %(nr)s)") % {"nr": case.saksnummer}
        body = render_to_string("portal/email/receipt.txt", context)
    try:
        send_mail(subject, body, None, [address], fail_silently=False)
    except Exception:  # noqa: BLE001 — the application is registered; the receipt page still shows it
        logger.exception("portal receipt e-mail for case %s could not be sent", case.pk)
        return False
    return True
