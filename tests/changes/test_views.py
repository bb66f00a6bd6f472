"""«Registrer endring» and «Forkast endringen» on the case page: attackers first (other kommune, anonymous,
wrong status), then the caseworker's path; a fødselsnummer only ever travels in a POST body."""
import datetime

from django.test import Client
from django.urls import reverse

from cases.constants import CaseStatus as S
from cases.constants import ChangeKind, Role
from cases.models import Case, Change
from tests import factories
from tests.support.person_ids import make_person_id


def post_change(client, case, follow=False, **fields):
    data = {f"endring-{name}": value for name, value in fields.items()}
    return client.post(reverse("cases:register_change", args=[case.pk]), data, follow=follow)


def hours(case):
    return {"kind": ChangeKind.HOURS_CHANGED, "change_date": "2027-01-01",
            "child_id": case.application.children.get().pk, "weekly_hours": "20", "monthly_price": "700"}


def test_another_kommune_gets_404_and_anonymous_goes_to_login(sent, other_kommune):
    outsider = Client()
    outsider.force_login(factories.staff("utenfor", other_kommune, Role.SAKSBEHANDLER))
    assert post_change(outsider, sent, **hours(sent)).status_code == 404
    assert Client().post(reverse("cases:register_change", args=[sent.pk]), {}).status_code == 302
    assert outsider.post(reverse("cases:discard_change", args=[sent.pk]), {"forkast-reason": "x"}).status_code == 404
    assert not Change.objects.exists()


def test_the_form_is_on_a_sent_case_only(caseworker_client, sent, kommune, saksbehandler):
    page = caseworker_client.get(reverse("cases:detail", args=[sent.pk])).content.decode()
    assert "Registrer endring" in page and 'id="endringer"' in page
    fresh = factories.case(kommune, user=saksbehandler)
    page = caseworker_client.get(reverse("cases:detail", args=[fresh.pk])).content.decode()
    assert reverse("cases:register_change", args=[fresh.pk]) not in page
    response = post_change(caseworker_client, fresh, **hours(fresh), follow=True)
    assert "bare registreres i en sak med et sendt vedtak" in response.content.decode()
    assert not Change.objects.exists()


def test_a_bad_date_is_shown_on_its_field(caseworker_client, sent):
    response = post_change(caseworker_client, sent, **{**hours(sent), "change_date": "2027-08-01"})
    assert response.status_code == 400
    assert "Datoen må ligge i perioden" in response.content.decode()
    assert Case.objects.get(pk=sent.pk).status == S.SENT


def test_the_caseworker_registers_a_change_and_discards_it(caseworker_client, sent,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(caseworker_client, sent, **hours(sent))
    assert response.status_code == 302
    assert Case.objects.get(pk=sent.pk).status == S.PROPOSED
    page = caseworker_client.get(reverse("cases:detail", args=[sent.pk])).content.decode()
    assert "Endring under behandling" in page and "Forkast endringen" in page
    assert "Endring registrert" in page  # the history
    assert "Avslå søknaden" not in page and "Registrer som trukket" not in page
    response = caseworker_client.post(reverse("cases:discard_change", args=[sent.pk]),
                                      {"forkast-reason": "Meldt ved en feil"})
    assert response.status_code == 302
    assert Case.objects.get(pk=sent.pk).status == S.SENT


def test_a_new_adults_number_is_posted_never_in_a_url(caseworker_client, sent, saksbehandler):
    household = sent.application.household
    change_out = {"kind": ChangeKind.PARTNER_MOVED_OUT, "change_date": "2027-01-01"}
    assert post_change(caseworker_client, sent, **change_out).status_code == 302
    from cases.services.changes import change_discard

    change_discard(case_id=sent.pk, actor=saksbehandler, reason="test")
    assert Case.objects.get(pk=sent.pk).application.household.partner_id == household.partner_id  # put back
    number = make_person_id(datetime.date(1991, 1, 1))
    response = post_change(caseworker_client, sent, kind=ChangeKind.PARTNER_MOVED_IN, change_date="2027-01-01",
                           person_id=number, given_name="Per", family_name="Hansen", relation="samboer")
    assert response.status_code == 400  # the household already has a partner
    assert number not in response["Content-Type"] and "allerede en ektefelle" in response.content.decode()
    assert number not in response.content.decode().split('name="endring-person_id"')[0]
