"""Admin for the kommune's own dated rule choices (SFO order, SFO sibling discount, kommunal moderasjon).

Imported once at the bottom of ``cases/admin.py`` (that module is being turned into a package; this one
moves into it as it is). Each row is dated and must cite the kommune's forskrift or vedtekter; overlap
is checked by the models' ``clean``.
"""
from django.contrib import admin

from cases.constants import Role
from cases.models import KommunalModeration, KommunalModerationBand, KommuneRuleChoice, Municipality
from cases.permissions import municipality_ids


class KommuneScopedAdmin(admin.ModelAdmin):
    """A kommune administrator sees and chooses only municipalities where they are administrator;
    superusers (the operator) see everything."""

    def _ids(self, request):
        return None if request.user.is_superuser else municipality_ids(request.user, Role.ADMINISTRATOR)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = self._ids(request)
        return qs if ids is None else qs.filter(municipality__in=ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = self._ids(request)
        if db_field.name == "municipality" and ids is not None:
            kwargs["queryset"] = Municipality.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(KommuneRuleChoice)
class KommuneRuleChoiceAdmin(KommuneScopedAdmin):
    list_display = ["municipality", "valid_from", "valid_to", "sfo_order", "sfo_sibling_percent_2",
                    "sfo_sibling_percent_3", "source"]
    list_filter = ["municipality", "sfo_order"]
    ordering = ["municipality", "valid_from"]


class KommunalModerationBandInline(admin.TabularInline):
    model = KommunalModerationBand
    extra = 1
    ordering = ["income_from"]


@admin.register(KommunalModeration)
class KommunalModerationAdmin(KommuneScopedAdmin):
    list_display = ["municipality", "service", "valid_from", "valid_to", "source"]
    list_filter = ["municipality", "service"]
    ordering = ["municipality", "service", "valid_from"]
    inlines = [KommunalModerationBandInline]
