"""Admin: a kommune administrator sets their own kommune's portal (open or closed, level, contact
information) and its price list (superusers: every kommune)."""
from django.contrib import admin
from django.db import models

from accounts.admin import MunicipalityLoginPolicyAdmin
from cases.admin.scoping import ALL, ScopedTabularInline
from portal.models import PortalPriceOption, PortalSettings


class PortalPriceOptionInline(ScopedTabularInline):
    """The price list, edited on the kommune's portal row: the same kommune scoping (own kommune only)."""

    model = PortalPriceOption
    municipality_path = "portal__municipality"
    superuser_actions = ALL
    kommune_admin_actions = ALL
    extra = 1
    fields = ["service", "name", "weekly_hours", "monthly_price", "order"]


@admin.register(PortalSettings)
class PortalSettingsAdmin(MunicipalityLoginPolicyAdmin):
    """The same kommune scoping as the login policy (own kommuner only; superusers all)."""

    list_display = ["municipality", "enabled", "acr"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [PortalPriceOptionInline]
