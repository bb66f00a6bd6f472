"""Django admin for kommune administrators: municipalities, staff, cases and the dated legal parameters.

Fødselsnumre are masked in every list; full numbers appear only on a person's own change page.
"""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from cases import models as m
from cases.constants import Role
from cases.permissions import municipality_ids


class ScopedAdmin(admin.ModelAdmin):
    """A kommune administrator (staff, not superuser) sees only rows of municipalities where they
    have the administrator role; superusers (the operator) see everything."""

    municipality_path = "municipality"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.municipality_path}__in": municipality_ids(request.user, Role.ADMINISTRATOR)})


class ZoneInline(admin.TabularInline):
    model = m.MunicipalityZone
    extra = 0


class MembershipInline(admin.TabularInline):
    model = m.Membership
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(m.Municipality)
class MunicipalityAdmin(ScopedAdmin):
    municipality_path = "pk"
    list_display = ["name", "kommunenummer", "organisasjonsnummer", "requires_four_eyes", "sibling_order"]
    search_fields = ["name", "kommunenummer", "organisasjonsnummer"]
    inlines = [ZoneInline]


@admin.register(m.User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]


@admin.register(m.Membership)
class MembershipAdmin(ScopedAdmin):
    municipality_path = "municipality"
    list_display = ["user", "municipality", "role"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


@admin.register(m.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "masked_id", "birth_date"]
    search_fields = ["family_name", "given_name"]

    @admin.display(description="fødselsnummer")
    def masked_id(self, obj):
        return obj.masked_id


class ChildInline(admin.TabularInline):
    model = m.Child
    extra = 0
    raw_id_fields = ["person"]
    fields = ["person", "service", "period", "institution", "weekly_hours", "monthly_price", "sfo_trinn",
              "deferred_school_start", "is_active"]


@admin.register(m.Household)
class HouseholdAdmin(ScopedAdmin):
    municipality_path = "municipality"
    list_display = ["__str__", "municipality", "partner_relation"]
    list_filter = ["municipality", "partner_relation"]
    search_fields = ["applicant__family_name", "applicant__given_name", "partner__family_name"]
    raw_id_fields = ["applicant", "partner"]


@admin.register(m.Application)
class ApplicationAdmin(ScopedAdmin):
    municipality_path = "municipality"
    list_display = ["__str__", "municipality", "household", "received_date", "channel"]
    list_filter = ["municipality", "service", "period", "channel"]
    search_fields = ["household__applicant__family_name", "case__saksnummer"]
    raw_id_fields = ["household"]
    inlines = [ChildInline]


class TransitionInline(admin.TabularInline):
    model = m.CaseTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "at", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Case)
class CaseAdmin(ScopedAdmin):
    municipality_path = "municipality"
    list_display = ["saksnummer", "applicant_name", "municipality", "status", "assigned_to", "created_at"]
    list_filter = ["municipality", "status", "application__service", "application__period", "is_renewal"]
    search_fields = ["saksnummer", "application__household__applicant__family_name",
                     "application__household__applicant__given_name"]
    # The status is written only by the workflow service, never by hand.
    readonly_fields = ["status", "status_reason", "created_at", "updated_at"]
    raw_id_fields = ["application"]
    inlines = [TransitionInline]
    list_select_related = ["municipality", "assigned_to", "application__household__applicant"]

    @admin.display(description="søker")
    def applicant_name(self, obj):
        return obj.application.household.applicant.full_name


@admin.register(m.TaxBasis)
class TaxBasisAdmin(ScopedAdmin):
    municipality_path = "case__municipality"
    list_display = ["case", "role", "masked_person", "income_year", "stadie", "outcome", "status"]
    list_filter = ["status", "outcome", "stadie", "income_year"]
    search_fields = ["case__saksnummer"]
    raw_id_fields = ["case", "person"]

    @admin.display(description="person")
    def masked_person(self, obj):
        return obj.person.masked_id


@admin.register(m.DocumentedIncome)
class DocumentedIncomeAdmin(ScopedAdmin):
    municipality_path = "case__municipality"
    list_display = ["case", "yearly_income", "registered_by", "registered_at"]
    raw_id_fields = ["case", "person"]


class ChildFeeInline(admin.TabularInline):
    model = m.ChildFee
    extra = 0
    readonly_fields = ["child", "monthly_fee", "free_core_hours", "sibling_discount_percent"]
    exclude = ["steps"]


@admin.register(m.Decision)
class DecisionAdmin(ScopedAdmin):
    municipality_path = "case__municipality"
    list_display = ["case", "status", "total_monthly_fee", "proposed_by", "approved_by", "approved_at"]
    list_filter = ["status", "case__municipality"]
    search_fields = ["case__saksnummer"]
    readonly_fields = [f.name for f in m.Decision._meta.fields]
    inlines = [ChildFeeInline]


@admin.register(m.LegalParameter)
class LegalParameterAdmin(admin.ModelAdmin):
    list_display = ["key", "qualifier", "valid_from", "valid_to", "value", "verified", "source"]
    list_filter = ["key", "verified"]
    search_fields = ["key", "qualifier", "source", "note"]
    list_editable = ["verified"]


@admin.register(m.AuditEvent)
class AuditEventAdmin(ScopedAdmin):
    municipality_path = "municipality"
    list_display = ["at", "actor", "municipality", "case", "action", "detail"]
    list_filter = ["action", "municipality"]
    search_fields = ["case__saksnummer", "actor__username"]
    readonly_fields = ["at", "actor", "municipality", "case", "action", "detail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from cases import admin_kommune_rules  # noqa: E402,F401  (kommune rule choices; moves into the admin package)
