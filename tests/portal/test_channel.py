"""The caseworker side of the portal: a digital application shows its channel on the case page and in the
queue (paper and digital side by side), only to staff of the kommune."""
import dataclasses
import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cases.constants import Channel, Role
from cases.services.intake import application_register
from tests import factories
from tests.portal.conftest import log_in_parent
from tests.portal.test_apply import PARENT, form_data, url

pytestmark = pytest.mark.django_db


def test_digital_and_paper_applications_show_their_channel(client, portal_kommune, queued):
    log_in_parent(client, portal_kommune, PARENT)
    assert client.post(url(portal_kommune), form_data(action="send")).status_code == 302
    paper = application_register(municipality=portal_kommune, data=dataclasses.replace(
        factories.barnehage_application(applicant=factories.person(datetime.date(1980, 1, 2))),
        channel=Channel.PAPIR), start_fetch=False)
    staff = Client()
    staff.force_login(factories.staff("sb", portal_kommune, Role.SAKSBEHANDLER))
    queue = staff.get(reverse("cases:queue")).content.decode()
    assert queue.count('data-channel="digital"') == 1 and queue.count('data-channel="papir"') == 1
    assert "Digitalt skjema" in queue and "Papirskjema" in queue
    digital = paper.__class__.objects.exclude(pk=paper.pk).get()
    page = staff.get(reverse("cases:detail", args=[digital.pk])).content.decode()
    assert 'id="kanal" data-channel="digital"' in page and "innbyggerportalen" in page
    page = staff.get(reverse("cases:detail", args=[paper.pk])).content.decode()
    assert 'id="kanal" data-channel="papir"' in page and "innbyggerportalen" not in page


def test_another_kommunes_caseworker_does_not_see_the_digital_application(client, portal_kommune, queued):
    log_in_parent(client, portal_kommune, PARENT)
    client.post(url(portal_kommune), form_data(action="send"))
    other = factories.municipality("Annen kommune", orgno="974760673")
    staff = Client()
    staff.force_login(factories.staff("utenfor", other, Role.SAKSBEHANDLER))
    assert 'data-channel="digital"' not in staff.get(reverse("cases:queue")).content.decode()
