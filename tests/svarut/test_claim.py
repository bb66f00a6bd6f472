"""The send lease (``cases.services.forsendelse._claim``): one conditional UPDATE takes a pending forsendelse
for one worker at a time, counts the attempt, and tells the others how long to wait. Against PostgreSQL, with
threads on their own connections racing for the same row. And the planning of a letter's rows
(``plan_delivery``): one read of the rows that exist, one insert of the missing ones."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import Forsendelse
from cases.services.forsendelse import _claim
from tests.svarut.conftest import DIGITAL

pytestmark = [pytest.mark.integration]


def pending_copy(case) -> Forsendelse:
    """A new pending forsendelse of the case's vedtak (another letter key, so the unique constraint holds)."""
    row = case.forsendelser.get(role=Forsendelse.Role.SOKER)
    row.pk = None
    row.letter_key, row.ekstern_referanse = "claim-test", f"{row.ekstern_referanse}-claim"
    row.state, row.svarut_id, row.attempts, row.lease_until = Forsendelse.State.PENDING, "", 0, None
    row.save()
    return row


@pytest.mark.django_db
def test_the_lease_is_taken_once_counted_and_freed_when_it_expires(settings, svarut_settings, approve):
    settings.SVARUT_SEND_LEASE_S = 60
    row = pending_copy(approve(applicant_route=DIGITAL))

    taken, wait = _claim(row.pk)
    assert taken is not None and taken.pk == row.pk and wait is None
    assert taken.decision.case.municipality_id == row.case.municipality_id  # loaded for the send
    row.refresh_from_db()
    assert row.attempts == 1 and row.lease_until > timezone.now() + dt.timedelta(seconds=55)

    again, wait = _claim(row.pk)  # a second worker while the lease is held: told to wait, nothing counted
    assert again is None and 55 < wait <= 61
    row.refresh_from_db()
    assert row.attempts == 1

    Forsendelse.objects.filter(pk=row.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    expired, wait = _claim(row.pk)  # the worker that held it died: the next one takes it over
    assert expired is not None and wait is None
    row.refresh_from_db()
    assert row.attempts == 2


@pytest.mark.django_db
@pytest.mark.parametrize("change", [{"svarut_id": "already-with-svarut"}, {"state": Forsendelse.State.SENT},
                                    {"state": Forsendelse.State.PRINT}, {"state": Forsendelse.State.PARKED}])
def test_a_row_with_nothing_to_send_is_never_taken(svarut_settings, approve, change):
    row = pending_copy(approve(applicant_route=DIGITAL))
    Forsendelse.objects.filter(pk=row.pk).update(**change)
    assert _claim(row.pk) == (None, None)
    row.refresh_from_db()
    assert row.attempts == 0 and row.lease_until is None


@pytest.mark.django_db(transaction=True)
def test_of_many_workers_racing_for_one_row_exactly_one_takes_it(settings, svarut_settings, approve):
    settings.SVARUT_SEND_LEASE_S = 60
    row = pending_copy(approve(applicant_route=DIGITAL))
    racers = 8
    start = threading.Barrier(racers)
    results: list[tuple[object, object]] = []

    def race():
        try:
            start.wait()
            taken, wait = _claim(row.pk)
            results.append((taken.pk if taken else None, wait))
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == racers
    winners = [r for r in results if r[0] == row.pk]
    assert len(winners) == 1
    assert all(pk is None and wait and wait > 55 for pk, wait in results if (pk, wait) not in winners)
    row.refresh_from_db()
    assert row.attempts == 1


@pytest.mark.django_db
def test_planning_reads_the_existing_rows_once_and_inserts_the_missing_ones_together(
        svarut_settings, approve, django_assert_max_num_queries):
    from cases.models import Decision
    from cases.services.forsendelse_parties import plan_delivery

    case = approve(applicant_route=DIGITAL)
    decision = case.decisions.get(status=Decision.Status.APPROVED)
    sent = {f.role: f.ekstern_referanse for f in case.forsendelser.all()}
    case.forsendelser.all().delete()
    Decision.objects.filter(pk=decision.pk).update(sent_at=None)

    with django_assert_max_num_queries(8):  # lock + read, SvarUt settings (once), one read, one insert, ids
        planned = plan_delivery(decision_id=decision.pk)
    rows = {f.role: f for f in case.forsendelser.all()}
    assert set(rows) == {"soker", "partner", "arkiv"} and sorted(planned) == sorted(f.pk for f in rows.values())
    assert all(f.state == Forsendelse.State.PENDING and f.channel == Forsendelse.Channel.SVARUT
               for f in rows.values())
    assert not set(sent.values()) & {f.ekstern_referanse for f in rows.values()}  # a new reference per new row

    Forsendelse.objects.filter(pk=rows["soker"].pk).update(state=Forsendelse.State.SENT, svarut_id="x")
    again = plan_delivery(decision_id=decision.pk)  # nothing new: the same rows, the sent one not again
    assert sorted(again) == sorted([rows["partner"].pk, rows["arkiv"].pk])
    assert case.forsendelser.count() == 3
    assert {f.role: f.ekstern_referanse for f in case.forsendelser.all()} == {
        r: f.ekstern_referanse for r, f in rows.items()}
