"""Admin for persons, households, applications and their children: read-only, written by intake.

A fødselsnummer is never shown in the admin, not even to the operator: a person appears by masked
number (``Person.__str__``), and the number is neither a field, a column nor a search key (a search term
would land in the URL). Names belong to each application (household and child rows), not to the person.
"""
from django.contrib import admin
from django.db.models import Q

from cases import models as m

from .scoping import ReadOnlyAdmin, ReadOnlyTabularInline, administered_ids


@admin.register(m.Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["masked_id", "birth_date"]  # the identity only: names belong to each application
    fields = ["masked_id", "birth_date"]
    readonly_fields = fields

    def scope(self, request, qs):
        """Persons who appear in a household or as a child in one of the user's kommuner."""
        ids = administered_ids(request)
        return qs.filter(
            Q(pk__in=m.Household.objects.filter(municipality_id__in=ids).values("applicant_id"))
            | Q(pk__in=m.Household.objects.filter(municipality_id__in=ids, partner__isnull=False)
                .values("partner_id"))
            | Q(pk__in=m.Child.objects.filter(application__municipality_id__in=ids).values("person_id"))
        )

    def in_scope(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    @admin.display(description="fødselsnummer (maskert)")
    def masked_id(self, obj):
        return obj.masked_id


@admin.register(m.Household)
class HouseholdAdmin(ReadOnlyAdmin):
    municipality_path = "municipality"
    list_display = ["__str__", "municipality", "partner_relation"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter), "partner_relation"]
    search_fields = ["applicant_family_name", "applicant_given_name", "partner_family_name"]
    list_select_related = ["applicant", "municipality"]


class ChildInline(ReadOnlyTabularInline):
    model = m.Child
    fields = ["person", "given_name", "family_name", "service", "period", "institution", "weekly_hours",
              "monthly_price", "sfo_trinn", "deferred_school_start", "is_active"]
    readonly_fields = fields


@admin.register(m.Application)
class ApplicationAdmin(ReadOnlyAdmin):
    municipality_path = "municipality"
    list_display = ["__str__", "municipality", "household", "received_date", "channel"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter), "service", "period", "channel"]
    search_fields = ["household__applicant_family_name", "case__saksnummer"]
    inlines = [ChildInline]
    list_select_related = ["municipality", "household__applicant"]
