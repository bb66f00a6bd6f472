"""The deletion reports in the admin: read-only, a kommune administrator sees only their kommune's
(the role table of docs/security.md, enforced by ``cases.admin.scoping.RoleScopedMixin``)."""
from django.contrib import admin

from cases.admin.scoping import READ_ONLY, RoleScopedMixin

from .models import DeletionReport


@admin.register(DeletionReport)
class DeletionReportAdmin(RoleScopedMixin, admin.ModelAdmin):
    municipality_path = "municipality"
    superuser_actions = READ_ONLY
    kommune_admin_actions = READ_ONLY
    list_display = ["run_date", "municipality", "cases_deleted", "persons_deleted", "files_deleted",
                    "held_for_archive", "failed"]
    date_hierarchy = "run_date"
    readonly_fields = [f.name for f in DeletionReport._meta.fields]
