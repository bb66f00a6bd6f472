"""A ``Person`` is the shared identity only: empty its name columns (0008 copied the names into every
application that gave them). Reversed, each person gets back the names of the latest application that
names them."""
from django.db import migrations


def forget_person_names(apps, schema_editor):
    apps.get_model("cases", "Person").objects.exclude(given_name="", family_name="").update(
        given_name="", family_name="")


def restore_person_names(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    Household = apps.get_model("cases", "Household")
    Child = apps.get_model("cases", "Child")
    names = {}
    for child in Child.objects.order_by("pk").values("person_id", "given_name", "family_name"):
        names[child["person_id"]] = (child["given_name"], child["family_name"])
    for household in Household.objects.order_by("pk").values(
            "applicant_id", "applicant_given_name", "applicant_family_name", "partner_id", "partner_given_name",
            "partner_family_name"):
        names[household["applicant_id"]] = (household["applicant_given_name"], household["applicant_family_name"])
        if household["partner_id"]:
            names[household["partner_id"]] = (household["partner_given_name"], household["partner_family_name"])
    people = list(Person.objects.filter(pk__in=list(names)))
    for person in people:
        person.given_name, person.family_name = names[person.pk]
    Person.objects.bulk_update(people, ["given_name", "family_name"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0009_foureyes_guard_and_per_kommune_children"),
    ]

    operations = [
        migrations.RunPython(forget_person_names, restore_person_names),
    ]
