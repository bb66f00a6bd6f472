"""Parameter policy (docs/rules.md § 6): remove the carried-forward rows without a source, and cite
FOR-2025-10-19-2058 for makspris 2025/26 (docs/reference/rules.md § 11).

Only rows that are still exactly the old seed's carried rows are deleted (their note says
«videreført»), so a row an administrator entered with a source is never touched.
"""
import datetime

from django.db import migrations

CARRIED = [("kjernetid_income_limit", "", datetime.date(2025, 8, 1)),
           ("kjernetid_income_limit", "", datetime.date(2026, 8, 1)),
           ("makspris", "standard", datetime.date(2026, 8, 1)),
           ("makspris", "sentralitet_5_6", datetime.date(2026, 8, 1)),
           ("makspris", "tiltakssone", datetime.date(2026, 8, 1))]
RESOURCED = [("makspris", "standard", datetime.date(2025, 8, 1)),
             ("makspris", "sentralitet_5_6", datetime.date(2025, 8, 1)),
             ("makspris", "tiltakssone", datetime.date(2023, 8, 1))]


def forwards(apps, schema_editor):
    from cases.rules.seed import SEED_ROWS

    LegalParameter = apps.get_model("cases", "LegalParameter")
    for key, qualifier, start in CARRIED:
        LegalParameter.objects.filter(key=key, qualifier=qualifier, valid_from=start,
                                      note__contains="videreført").delete()
    seed = {(r.key, r.qualifier, r.valid_from): r for r in SEED_ROWS}
    for key, qualifier, start in RESOURCED:
        row = seed[(key, qualifier, start)]
        LegalParameter.objects.filter(key=key, qualifier=qualifier, valid_from=start, value=row.value,
                                      source__startswith="rules.md:").update(
            source=row.source[:500], note=row.note, verified=row.verified, valid_to=row.valid_to)


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_rules_outcome_kommune_rules_waiting")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
