"""Case.search_text: saksnummer and the household adults' names, for the work queue's search.

Filled for existing cases here; on PostgreSQL a trigram (pg_trgm) GIN index on UPPER(search_text), the
expression Django's ``icontains`` compiles to. SQLite (the quick start) scans instead.
"""
from django.db import migrations, models

BATCH = 2000


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    cases = Case.objects.select_related("application__household__applicant", "application__household__partner")
    batch = []
    for case in cases.order_by("pk").iterator(chunk_size=BATCH):
        household = case.application.household
        names = [f"{p.given_name} {p.family_name}" for p in (household.applicant, household.partner) if p]
        case.search_text = " ".join(" ".join([case.saksnummer, *names]).split())[:400]
        batch.append(case)
        if len(batch) >= BATCH:
            Case.objects.bulk_update(batch, ["search_text"])
            batch = []
    Case.objects.bulk_update(batch, ["search_text"])


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS case_search_text_trgm ON cases_case '
            'USING gin (UPPER("search_text"::text) gin_trgm_ops)'
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_search_text_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_queue_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_text",
            field=models.CharField(
                blank=True, editable=False, max_length=400, verbose_name="søketekst",
                help_text="Saksnummer og navn på søker og ektefelle/partner/samboer, for søk i arbeidslisten.",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
    ]
