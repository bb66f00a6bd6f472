"""Four-eyes in the database, and one active application per child *per kommune*.

- A decision that requires four-eyes cannot get a preparer of its case as approver: trigger
  ``decision_four_eyes_preparers`` on PostgreSQL, and the same rule as SQLite triggers for the quick start.
- ``Child.municipality`` (filled by 0008) becomes required and joins the partial unique constraint.
- ``Person``'s name columns are no longer used (their index goes; 0010 empties them).
"""
import django.db.models.deletion
from django.db import migrations, models

POSTGRES_GUARD = """
CREATE OR REPLACE FUNCTION decision_four_eyes_preparers() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.approved_by_id IS NOT DISTINCT FROM OLD.approved_by_id
            AND NEW.four_eyes_required = OLD.four_eyes_required THEN
        RETURN NEW;  -- approver and four-eyes unchanged (e.g. a full save of an older decision)
    END IF;
    IF NEW.approved_by_id IS NOT NULL AND NEW.four_eyes_required AND EXISTS (
        SELECT 1 FROM cases_casepreparer p WHERE p.case_id = NEW.case_id AND p.user_id = NEW.approved_by_id
    ) THEN
        RAISE EXCEPTION 'decision % cannot be approved by a user who prepared its case', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'decision_four_eyes_preparers';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER decision_four_eyes_preparers
    BEFORE INSERT OR UPDATE OF approved_by_id, four_eyes_required ON cases_decision
    FOR EACH ROW EXECUTE FUNCTION decision_four_eyes_preparers();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS decision_four_eyes_preparers ON cases_decision;
DROP FUNCTION IF EXISTS decision_four_eyes_preparers();
"""
_SQLITE_WHEN = """
    WHEN {changed} NEW.approved_by_id IS NOT NULL AND NEW.four_eyes_required AND EXISTS (
        SELECT 1 FROM cases_casepreparer p WHERE p.case_id = NEW.case_id AND p.user_id = NEW.approved_by_id)
    BEGIN SELECT RAISE(ABORT, 'decision_four_eyes_preparers'); END;
"""
SQLITE_GUARD = [
    "CREATE TRIGGER decision_four_eyes_preparers_insert BEFORE INSERT ON cases_decision FOR EACH ROW"
    + _SQLITE_WHEN.format(changed=""),
    "CREATE TRIGGER decision_four_eyes_preparers_update BEFORE UPDATE OF approved_by_id, four_eyes_required "
    "ON cases_decision FOR EACH ROW" + _SQLITE_WHEN.format(
        changed="(OLD.approved_by_id IS NOT NEW.approved_by_id OR OLD.four_eyes_required IS NOT "
                "NEW.four_eyes_required) AND"),
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS decision_four_eyes_preparers_insert",
               "DROP TRIGGER IF EXISTS decision_four_eyes_preparers_update"]


def add_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": [POSTGRES_GUARD], "sqlite": SQLITE_GUARD}.get(vendor)
    if statements is None:
        raise RuntimeError(f"No four-eyes guard for database {vendor!r}; add one before using it.")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": [POSTGRES_DROP], "sqlite": SQLITE_DROP}.get(vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_foureyes_preparers_and_application_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="child", name="municipality",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="cases.municipality"),
        ),
        migrations.RemoveConstraint(model_name="child", name="child_one_active_application_per_period"),
        migrations.AddConstraint(
            model_name="child",
            constraint=models.UniqueConstraint(condition=models.Q(is_active=True),
                                               fields=("municipality", "person", "service", "period"),
                                               name="child_one_active_application_per_period"),
        ),
        migrations.RunPython(add_guard, drop_guard),
        migrations.RemoveIndex(model_name="person", name="person_name_idx"),
        migrations.AlterField(
            model_name="person", name="given_name",
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name="fornavn (ikke i bruk)"),
        ),
        migrations.AlterField(
            model_name="person", name="family_name",
            field=models.CharField(blank=True, editable=False, max_length=100,
                                   verbose_name="etternavn (ikke i bruk)"),
        ),
    ]
