"""Indexes for the work queue at 100 000 cases (docs/benchmarks.md, "Page performance").

- Case (municipality, -created_at, -id) and (municipality, status, -created_at, -id): the queue's order.
- Application (municipality, period): the period filter's choices.
- PostgreSQL only: trigram (pg_trgm) GIN indexes on UPPER(given_name) and UPPER(family_name) of Person,
  the expression Django's ``icontains`` compiles to, so a name search does not scan every person.
  SQLite (the quick start) has no such index type and skips them.
"""
from django.db import migrations, models

TRIGRAM_INDEXES = {
    "person_given_name_trgm": "given_name",
    "person_family_name_trgm": "family_name",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON cases_person USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_sibling_order_choices"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_queue_idx"),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["municipality", "period"], name="app_period_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["municipality", "-created_at", "-id"], name="case_queue_order_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["municipality", "status", "-created_at", "-id"], name="case_queue_idx"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
