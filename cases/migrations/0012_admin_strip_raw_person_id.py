"""Data minimisation: remove ``personidentifikator`` from raw Skatteetaten responses stored before the
integrations app began to strip it (integrations.skatteetaten.result.minimise_raw)."""
from django.db import migrations

IDENTIFYING_FIELDS = ("personidentifikator",)  # frozen copy: a migration never imports live code


def _minimise(value):
    if isinstance(value, dict):
        return {k: _minimise(v) for k, v in value.items() if k not in IDENTIFYING_FIELDS}
    if isinstance(value, list):
        return [_minimise(v) for v in value]
    return value


def strip(apps, schema_editor):
    TaxBasis = apps.get_model("cases", "TaxBasis")
    changed = []
    for row in TaxBasis.objects.exclude(raw=None).only("pk", "raw").iterator(chunk_size=500):
        minimised = _minimise(row.raw)
        if minimised != row.raw:
            row.raw = minimised
            changed.append(row)
        if len(changed) >= 500:
            TaxBasis.objects.bulk_update(changed, ["raw"])
            changed = []
    if changed:
        TaxBasis.objects.bulk_update(changed, ["raw"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_svarut_forsendelse")]
    operations = [migrations.RunPython(strip, migrations.RunPython.noop, elidable=True)]
