"""Admin: a kommune administrator turns their own kommune's portal on or off (superusers: every kommune)."""
from django.contrib import admin

from accounts.admin import _admin_kommuner, _KommuneAdminAccess
from cases.models import Municipality
from portal.models import PortalSettings


@admin.register(PortalSettings)
class PortalSettingsAdmin(_KommuneAdminAccess):
    list_display = ["municipality", "enabled", "acr"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(municipality__in=_admin_kommuner(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality" and not request.user.is_superuser:
            kwargs["queryset"] = Municipality.objects.filter(pk__in=_admin_kommuner(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
