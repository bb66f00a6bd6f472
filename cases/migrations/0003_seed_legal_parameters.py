"""Load the seeded legal parameters (cases.rules.seed) so every database can compute from the start.

Later seed rows are added with ``manage.py load_legal_parameters``, which never overwrites edits.
"""
from django.db import migrations


def load(apps, schema_editor):
    from cases.rules.seed import SEED_ROWS

    LegalParameter = apps.get_model("cases", "LegalParameter")
    existing = set(LegalParameter.objects.values_list("key", "qualifier", "valid_from"))
    LegalParameter.objects.bulk_create(
        LegalParameter(key=r.key, qualifier=r.qualifier, valid_from=r.valid_from, valid_to=r.valid_to,
                       value=r.value, source=r.source[:500], verified=r.verified, note=r.note)
        for r in SEED_ROWS
        if (r.key, r.qualifier, r.valid_from) not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_attention")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
