"""Admin for the kommune's own dated rule choices: SFO order, its own SFO sibling discount and kommunal
moderasjon (income bands with a price). A kommune administrator manages their own kommune's rows; each
row is dated and must cite the kommune's forskrift or vedtekter (overlap is checked by the models' clean).
"""
from django.contrib import admin

from cases import models as m

from .scoping import ALL, ScopedAdmin, ScopedTabularInline


@admin.register(m.KommuneRuleChoice)
class KommuneRuleChoiceAdmin(ScopedAdmin):
    municipality_path = "municipality"
    superuser_actions = ALL
    kommune_admin_actions = ALL
    list_display = ["municipality", "valid_from", "valid_to", "sfo_order", "sfo_sibling_percent_2",
                    "sfo_sibling_percent_3", "source"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter), "sfo_order"]
    ordering = ["municipality", "valid_from"]


class KommunalModerationBandInline(ScopedTabularInline):
    model = m.KommunalModerationBand
    superuser_actions = ALL
    kommune_admin_actions = ALL
    extra = 1
    ordering = ["income_from"]


@admin.register(m.KommunalModeration)
class KommunalModerationAdmin(ScopedAdmin):
    municipality_path = "municipality"
    superuser_actions = ALL
    kommune_admin_actions = ALL
    list_display = ["municipality", "service", "valid_from", "valid_to", "source"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter), "service"]
    ordering = ["municipality", "service", "valid_from"]
    inlines = [KommunalModerationBandInline]
