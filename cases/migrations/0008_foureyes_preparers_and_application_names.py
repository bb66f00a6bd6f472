"""Four-eyes over everyone who prepared a case, and person names that belong to the application.

- ``CasePreparer``: who registered, documented or re-fetched income, re-proposed, or proposed a case,
  back-filled from the history existing cases already store.
- (0009 adds the database guard; the copy here runs in its own transaction first, so that PostgreSQL
  alters the filled table in a later one.)
- Names on ``Household`` (søker, partner) and ``Child`` as the application gave them, copied from the
  shared ``Person`` rows for existing data; ``Child.municipality`` so that "one active application per
  child, service and period" is a rule per kommune.
"""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_names(apps, schema_editor):
    """Give every existing application the names its persons have today, and its children their kommune."""
    Household = apps.get_model("cases", "Household")
    Child = apps.get_model("cases", "Child")
    households = []
    for household in Household.objects.select_related("applicant", "partner").iterator(chunk_size=1000):
        if not household.applicant_given_name and not household.applicant_family_name:
            household.applicant_given_name = household.applicant.given_name
            household.applicant_family_name = household.applicant.family_name
        if household.partner_id and not household.partner_given_name and not household.partner_family_name:
            household.partner_given_name = household.partner.given_name
            household.partner_family_name = household.partner.family_name
        households.append(household)
    Household.objects.bulk_update(households, ["applicant_given_name", "applicant_family_name",
                                               "partner_given_name", "partner_family_name"], batch_size=1000)
    children = []
    for child in Child.objects.select_related("person", "application").iterator(chunk_size=1000):
        if not child.given_name and not child.family_name:
            child.given_name, child.family_name = child.person.given_name, child.person.family_name
        child.municipality_id = child.application.municipality_id
        children.append(child)
    Child.objects.bulk_update(children, ["given_name", "family_name", "municipality"], batch_size=1000)


def backfill_preparers(apps, schema_editor):
    """Existing cases: whoever the stored history shows as registrant, renewal starter, documenter of
    income, re-fetcher or proposer becomes a preparer, so an open proposal keeps its four-eyes."""
    CasePreparer = apps.get_model("cases", "CasePreparer")
    rows = set()
    Case = apps.get_model("cases", "Case")
    for case_id, user_id in Case.objects.exclude(application__created_by=None).values_list(
            "pk", "application__created_by"):
        rows.add((case_id, user_id, "registered"))
    RenewalItem = apps.get_model("cases", "RenewalItem")
    for case_id, user_id in RenewalItem.objects.exclude(case=None).exclude(run__started_by=None).values_list(
            "case_id", "run__started_by"):
        rows.add((case_id, user_id, "renewal_started"))
    DocumentedIncome = apps.get_model("cases", "DocumentedIncome")
    for case_id, user_id in DocumentedIncome.objects.values_list("case_id", "registered_by"):
        rows.add((case_id, user_id, "documented_income"))
    CaseTransition = apps.get_model("cases", "CaseTransition")
    for case_id, user_id in CaseTransition.objects.filter(to_status="fetching_income").exclude(
            actor=None).values_list("case_id", "actor"):
        rows.add((case_id, user_id, "refetched_income"))
    Decision = apps.get_model("cases", "Decision")
    for case_id, user_id in Decision.objects.exclude(proposed_by=None).values_list("case_id", "proposed_by"):
        rows.add((case_id, user_id, "proposed"))
    CasePreparer.objects.bulk_create(
        [CasePreparer(case_id=case_id, user_id=user_id, kind=kind) for case_id, user_id, kind in sorted(rows)],
        ignore_conflicts=True, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_case_search_text"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CasePreparer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[
                    ("registered", "registrerte søknaden"),
                    ("renewal_started", "startet fornyelsen som opprettet saken"),
                    ("documented_income", "registrerte eller endret dokumentert inntekt"),
                    ("refetched_income", "hentet inntekt på nytt"),
                    ("proposed", "beregnet forslaget til vedtak")],
                    max_length=20, verbose_name="hva brukeren gjorde")),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="første gang")),
                ("case", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="preparers",
                                           to="cases.case")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                           to=settings.AUTH_USER_MODEL, verbose_name="bruker")),
            ],
            options={
                "verbose_name": "forberedt av",
                "verbose_name_plural": "forberedt av",
                "ordering": ["at", "id"],
                "indexes": [models.Index(fields=["case", "user"], name="case_preparer_lookup_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("case", "user", "kind"), name="case_preparer_unique"),
                    models.CheckConstraint(condition=models.Q(kind__in=[
                        "registered", "renewal_started", "documented_income", "refetched_income", "proposed"]),
                        name="case_preparer_kind_known"),
                ],
            },
        ),
        migrations.AddField(
            model_name="household", name="applicant_given_name",
            field=models.CharField(default="", max_length=100, verbose_name="søkers fornavn"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="household", name="applicant_family_name",
            field=models.CharField(default="", max_length=100, verbose_name="søkers etternavn"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="household", name="partner_given_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="fornavn til ektefelle/partner/samboer"),
        ),
        migrations.AddField(
            model_name="household", name="partner_family_name",
            field=models.CharField(blank=True, max_length=100,
                                   verbose_name="etternavn til ektefelle/partner/samboer"),
        ),
        migrations.AddField(
            model_name="child", name="given_name",
            field=models.CharField(default="", max_length=100, verbose_name="fornavn"), preserve_default=False,
        ),
        migrations.AddField(
            model_name="child", name="family_name",
            field=models.CharField(default="", max_length=100, verbose_name="etternavn"), preserve_default=False,
        ),
        migrations.AddField(
            model_name="child", name="municipality",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="cases.municipality"),
        ),
        migrations.RunPython(copy_names, migrations.RunPython.noop),
        migrations.RunPython(backfill_preparers, migrations.RunPython.noop),
    ]
