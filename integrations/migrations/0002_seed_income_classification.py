"""Seed the income classification table from integrations/skatteetaten/data/income_classification.csv."""

from django.db import migrations


def seed(apps, schema_editor):
    from integrations.skatteetaten.classification import read_rules_file

    Rule = apps.get_model("integrations", "IncomeClassificationRule")
    if Rule.objects.exists():  # never overwrite rows an administrator has edited
        return
    Rule.objects.bulk_create(
        Rule(
            teknisk_navn=r.teknisk_navn,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            classification=str(r.classification),
            note=r.note,
        )
        for r in read_rules_file()
    )


def unseed(apps, schema_editor):
    apps.get_model("integrations", "IncomeClassificationRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("integrations", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
