"""The classification table is cached per process, and every kind of edit is seen by the next lookup."""
import pytest
from django.core.cache import cache

from integrations import tables
from integrations.models import IncomeClassificationRule
from integrations.service import classify_tax_basis_body, get_tax_basis
from tests.integrations.conftest import FOUND
from tests.support.simulator import DEMO_KOMMUNE

pytestmark = pytest.mark.django_db

BODY = {"inntektsaar": "2024", "grunnlag": [{"tekniskNavn": "oevrigInntekt", "beloep": 100, "kategori": "inntekt"}]}


def counted(body=BODY) -> int:
    return classify_tax_basis_body(body).counted_income


def test_the_table_is_read_once_per_process(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = tables.classification_table()
    with django_assert_num_queries(0):
        assert tables.classification_table() is first
        assert counted() == 100


def test_a_save_is_seen_at_once():
    assert counted() == 100
    rule = IncomeClassificationRule.objects.get(teknisk_navn="oevrigInntekt")
    rule.classification = "not_counted"
    rule.save()
    assert counted() == 0


def test_an_edit_in_the_admin_is_seen(admin_client):
    assert counted() == 100
    rule = IncomeClassificationRule.objects.get(teknisk_navn="oevrigInntekt")
    response = admin_client.post(f"/admin/integrations/incomeclassificationrule/{rule.pk}/change/", {
        "teknisk_navn": rule.teknisk_navn, "valid_from": rule.valid_from or "", "valid_to": rule.valid_to or "",
        "classification": "not_counted", "note": "endret i admin", "_save": "Lagre",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert counted() == 0


def test_delete_add_and_bulk_edits_are_seen():
    unknown = {"inntektsaar": "2024", "grunnlag": [{"tekniskNavn": "heltNyPost", "beloep": 7, "kategori": "inntekt"}]}
    assert counted(unknown) == 0
    rule = IncomeClassificationRule.objects.create(teknisk_navn="heltNyPost", classification="personinntekt")
    assert counted(unknown) == 7
    IncomeClassificationRule.objects.filter(pk=rule.pk).update(classification="kapitalinntekt")
    assert classify_tax_basis_body(unknown).kapitalinntekt == 7
    IncomeClassificationRule.objects.filter(pk=rule.pk).delete()
    assert counted(unknown) == 0
    IncomeClassificationRule.objects.bulk_create([IncomeClassificationRule(teknisk_navn="heltNyPost",
                                                                           classification="personinntekt")])
    assert counted(unknown) == 7
    rules = list(IncomeClassificationRule.objects.filter(teknisk_navn="heltNyPost"))
    rules[0].classification = "not_counted"
    IncomeClassificationRule.objects.bulk_update(rules, ["classification"])
    assert counted(unknown) == 0


def test_another_process_s_edit_is_seen_through_the_shared_version(django_assert_num_queries):
    """Another process publishes a new token in the shared cache; this process reloads on its next lookup."""
    tables.classification_table()
    with django_assert_num_queries(0):
        tables.classification_table()
    cache.set(tables.VERSION_KEY, "set-by-another-process", timeout=None)
    with django_assert_num_queries(1):
        tables.classification_table()
    with django_assert_num_queries(0):
        tables.classification_table()


def test_the_commit_publishes_another_version(django_capture_on_commit_callbacks):
    """A process that reloaded between the save and the commit read the old rows; the commit's token
    makes it read again."""
    rule = IncomeClassificationRule.objects.get(teknisk_navn="oevrigInntekt")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rule.note = "ny merknad"
        rule.save()
        during = cache.get(tables.VERSION_KEY)
    assert len(callbacks) == 1
    assert cache.get(tables.VERSION_KEY) not in (None, during)


def test_a_lost_version_key_means_a_reload(django_assert_num_queries):
    tables.classification_table()
    cache.delete(tables.VERSION_KEY)  # evicted, or the cache was flushed
    with django_assert_num_queries(1):
        tables.classification_table()
    assert cache.get(tables.VERSION_KEY)


def test_the_copy_expires_after_the_max_age(settings, django_assert_num_queries):
    settings.INTEGRATIONS_CLASSIFICATION_MAX_AGE_S = 0  # e.g. an edit by raw SQL: seen after the max age
    tables.classification_table()
    with django_assert_num_queries(1):
        tables.classification_table()


def test_without_the_cache_the_table_is_read_every_time(monkeypatch, django_assert_num_queries):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", down)
    with django_assert_num_queries(2):
        assert counted() == 100
        assert counted() == 100


def test_a_fetch_sees_an_edit_made_between_two_fetches(env_config, sim):
    def fetch():
        return get_tax_basis(orgno=DEMO_KOMMUNE, person_id=FOUND, income_year=2024)

    assert fetch().kapitalinntekt == 12000  # samledeOpptjenteRenterIInnenlandskeBanker
    rule = IncomeClassificationRule.objects.get(teknisk_navn="samledeOpptjenteRenterIInnenlandskeBanker")
    rule.classification = "not_counted"
    rule.save()
    assert fetch().kapitalinntekt == 0
