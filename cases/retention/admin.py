"""The deletion reports in the admin: read-only, a kommune administrator sees only their kommune's."""
from django.contrib import admin

from cases.constants import Role
from cases.permissions import municipality_ids

from .models import DeletionReport


@admin.register(DeletionReport)
class DeletionReportAdmin(admin.ModelAdmin):
    list_display = ["run_date", "municipality", "cases_deleted", "persons_deleted", "files_deleted",
                    "held_for_archive", "failed"]
    list_filter = ["municipality"]
    date_hierarchy = "run_date"
    readonly_fields = [f.name for f in DeletionReport._meta.fields]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("municipality")
        if request.user.is_superuser:
            return qs
        return qs.filter(municipality__in=municipality_ids(request.user, Role.ADMINISTRATOR))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
