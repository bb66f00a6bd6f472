"""Admin: a kommune administrator turns their own kommune's portal on or off (superusers: every kommune)."""
from django.contrib import admin

from accounts.admin import MunicipalityLoginPolicyAdmin
from portal.models import PortalSettings


@admin.register(PortalSettings)
class PortalSettingsAdmin(MunicipalityLoginPolicyAdmin):
    """The same kommune scoping as the login policy (own kommuner only; superusers all)."""

    list_display = ["municipality", "enabled", "acr"]
