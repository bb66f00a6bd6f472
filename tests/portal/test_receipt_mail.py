"""The receipt by e-mail where the parent gives an address: in the parent's chosen language, with the
saksnummer, never a fødselsnummer and never income (not even the income typed for the estimate)."""
import pytest
from django.core import mail
from django.urls import reverse

from cases.models import Case
from portal.sessions import LANGUAGE_KEY
from tests.portal.conftest import log_in_parent
from tests.portal.test_apply import CHILD_1, CHILD_2, PARENT, PARTNER, form_data, url

pytestmark = pytest.mark.django_db

TEXTS = {"nb": ("Kvittering", "Saksnummeret er"), "nn": ("Kvittering", "Saksnummeret er"),
         "en": ("Receipt", "Your case number is")}


def _send(client, kommune, language="nb", **overrides):
    store = log_in_parent(client, kommune, PARENT)
    store[LANGUAGE_KEY] = language
    store.save()
    data = form_data(email="kari@example.org", estimate_income="433217", action="send", **overrides)
    return client.post(url(kommune), data)


def test_no_address_no_mail(client, portal_kommune, queued):
    log_in_parent(client, portal_kommune, PARENT)
    response = client.post(url(portal_kommune), form_data(action="send"))
    assert response.status_code == 302 and "epost" not in response["Location"]
    assert mail.outbox == []


def test_an_application_that_is_refused_sends_no_mail(client, portal_kommune, queued):
    _send(client, portal_kommune, child0_weekly_hours="99")
    assert not Case.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_receipt_is_in_the_chosen_language_without_person_numbers_or_income(client, portal_kommune, queued,
                                                                               language):
    response = _send(client, portal_kommune, language)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith("?epost=1")
    [message] = mail.outbox
    assert message.to == ["kari@example.org"]
    subject_word, body_words = TEXTS[language]
    assert subject_word in message.subject and case.saksnummer in message.subject
    assert body_words in message.body and case.saksnummer in message.body
    assert "Ada, Bo" in message.body  # the children's first names as given in the application
    assert reverse("portal:case", args=[portal_kommune.kommunenummer, case.pk]) in message.body
    whole = message.subject + message.body
    for number in (PARENT, PARTNER, CHILD_1, CHILD_2):
        assert number not in whole
    assert "433217" not in whole and "433 217" not in whole and "kr" not in message.body.split()
    page = client.get(response["Location"]).content.decode()
    assert 'id="receipt-mailed"' in page


def test_a_failing_mail_server_does_not_undo_the_application(client, portal_kommune, queued, settings):
    settings.EMAIL_BACKEND = "tests.portal.test_receipt_mail.BrokenBackend"
    response = _send(client, portal_kommune)
    assert response.status_code == 302 and "epost" not in response["Location"]
    assert Case.objects.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")
