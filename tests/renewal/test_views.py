"""The renewal pages: who may start a run, scope per municipality, progress counts, bulk approval."""
import datetime
import random

import pytest
from django.urls import reverse

from cases.constants import CaseStatus as S
from cases.constants import Role
from cases.models import Decision, RenewalItem, RenewalRun
from cases.renewal import services
from devtools.synthetic import create_cases, random_household
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewal_with_proposals(kommune, administrator, make_household, synthetic_ids):
    """A run with two renewal cases holding a proposal each (one with a warning), made without HTTP."""
    run = RenewalRun.objects.create(municipality=kommune, period="2026/27", started_by=administrator)
    for number, warnings in enumerate(([], ["Inntekt fra utkast til skattemelding."])):
        source = make_household(children=[(datetime.date(2022, 3, 1 + number), None)])
        spec = random_household(random.Random(number), synthetic_ids, service="barnehage", period="2026/27",
                                status=S.PROPOSED)
        (case_id,) = create_cases(municipality=kommune, period="2026/27", specs=[spec], ids=synthetic_ids)
        Decision.objects.filter(case_id=case_id).update(warnings=warnings)
        RenewalItem.objects.create(run=run, source_case=source, case_id=case_id, service="barnehage",
                                   outcome=RenewalItem.Outcome.CREATED)
    return run


def test_administrator_sees_the_start_form_and_starts(client, administrator, make_household,
                                                      django_capture_on_commit_callbacks):
    make_household(children=[(datetime.date(2022, 3, 1), None)])
    client.force_login(administrator)
    page = client.get(reverse("renewal:index"))
    assert page.status_code == 200 and b"Start fornyelse" in page.content
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("renewal:index"), {"municipality": administrator.memberships.get()
                                                          .municipality_id, "period": "2026/27",
                                                          "sfo_max_trinn": "4"})
    run = RenewalRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("renewal:detail", args=[run.pk])
    assert run.started_by == administrator and len(queued) == 1


def test_caseworker_cannot_start(client, saksbehandler, kommune):
    client.force_login(saksbehandler)
    assert b"Start fornyelse" not in client.get(reverse("renewal:index")).content
    response = client.post(reverse("renewal:index"), {"municipality": kommune.pk, "period": "2026/27"})
    assert response.status_code == 403
    assert not RenewalRun.objects.exists()


def test_run_of_another_municipality_is_not_found(client, other_kommune, renewal_with_proposals):
    outsider = factories.staff("annen", other_kommune, Role.ADMINISTRATOR, Role.GODKJENNER)
    client.force_login(outsider)
    assert client.get(reverse("renewal:detail", args=[renewal_with_proposals.pk])).status_code == 404
    assert client.post(reverse("renewal:approve", args=[renewal_with_proposals.pk]),
                       {"scope": "all"}).status_code == 404


def test_progress_counts_and_proposals(client, administrator, renewal_with_proposals):
    client.force_login(administrator)
    page = client.get(reverse("renewal:detail", args=[renewal_with_proposals.pk]))
    assert page.status_code == 200
    progress = page.context["progress"]
    assert progress.total == 2 and progress.counts["proposed"] == 2 and progress.done
    assert page.context["page"].paginator.count == 2
    assert not page.context["can_approve"]  # administrator without the godkjenner role


def test_bulk_approval_without_warnings_approves_only_those(client, godkjenner, renewal_with_proposals,
                                                            django_capture_on_commit_callbacks):
    client.force_login(godkjenner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("renewal:approve", args=[renewal_with_proposals.pk]),
                               {"scope": "without_warnings"})
    assert response.status_code == 302
    decisions = Decision.objects.filter(case__renewal_item__run=renewal_with_proposals)
    approved = decisions.get(status=Decision.Status.APPROVED)
    assert approved.warnings == [] and approved.approved_by == godkjenner
    assert approved.case.status == S.APPROVED
    assert approved.pdf and approved.pdf_rendered_at  # rendered by the (eager) background task
    assert decisions.get(status=Decision.Status.PROPOSED).warnings
    merged = client.get(reverse("renewal:print", args=[renewal_with_proposals.pk, 1]))
    assert merged.status_code == 200 and merged["Content-Type"] == "application/pdf"
    assert merged.content.startswith(b"%PDF")


def test_bulk_approval_needs_the_godkjenner_role(client, administrator, renewal_with_proposals):
    client.force_login(administrator)
    client.post(reverse("renewal:approve", args=[renewal_with_proposals.pk]), {"scope": "all"})
    assert not Decision.objects.filter(status=Decision.Status.APPROVED, case__renewal_item__isnull=False).exists()
    assert services.proposals(renewal_with_proposals).count() == 2


def test_main_menu_links_to_renewal(client, saksbehandler):
    client.force_login(saksbehandler)
    response = client.get(reverse("cases:queue"))
    assert f'href="{reverse("renewal:index")}"' in response.content.decode()


def test_celery_beat_runs_the_scheduled_renewal(settings):
    from skattedeling.celery import app

    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "cases.renewal.tasks.start_scheduled_renewals" in entries
    assert "cases.renewal.tasks.start_scheduled_renewals" in app.tasks


def test_renewal_pages_answer_only_their_methods_and_need_login(client, administrator, renewal_with_proposals):
    pk = renewal_with_proposals.pk
    urls = {"index": reverse("renewal:index"), "detail": reverse("renewal:detail", args=[pk]),
            "approve": reverse("renewal:approve", args=[pk]), "print": reverse("renewal:print", args=[pk, 1])}
    for name in urls.values():  # anonymous: to the login page, whatever the method
        response = client.get(name)
        assert response.status_code == 302 and "next=" in response["Location"]
    client.force_login(administrator)
    assert client.put(urls["index"]).status_code == 405
    assert client.post(urls["detail"]).status_code == 405
    assert client.get(urls["approve"]).status_code == 405
    assert client.post(urls["print"]).status_code == 405
    assert "no-cache" in client.get(urls["detail"])["Cache-Control"]
    assert client.get(urls["print"]).status_code == 404  # nothing approved to print yet
