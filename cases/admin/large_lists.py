"""List pages of the admin that stay fast at a vendor's million cases (the system administrator sees them all).

- ``CappedCountPaginator`` counts at most ``ADMIN_COUNT_CAP + 1`` rows (a ``LIMIT`` subquery), so the list
  never runs ``COUNT(*)`` over every case; above the cap the list shows the cap (page through it or filter).
- ``KommuneListFilter`` offers the kommuner the user may see (all for the system administrator, the
  administered ones otherwise), read from the kommune table, not from a distinct over every case.
- ``PeriodListFilter`` offers the periods around today (no distinct over every application).
"""
from django.contrib import admin
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from cases.models import Municipality

from .scoping import administered_ids, is_system_admin

ADMIN_COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        qs = self.object_list
        return qs.model.objects.filter(pk__in=qs.order_by().values("pk")[:ADMIN_COUNT_CAP + 1]).count()


class KommuneListFilter(admin.SimpleListFilter):
    title = "kommune"
    parameter_name = "municipality__id__exact"

    def lookups(self, request, model_admin):
        qs = Municipality.objects.order_by("name")
        if not is_system_admin(request):
            qs = qs.filter(pk__in=administered_ids(request))
        return [(str(pk), name) for pk, name in qs.values_list("pk", "name")]

    def queryset(self, request, queryset):
        return queryset.filter(municipality_id=self.value()) if self.value() else queryset


class PeriodListFilter(admin.SimpleListFilter):
    title = "periode"
    parameter_name = "application__period__exact"

    def lookups(self, request, model_admin):
        year = timezone.localdate().year
        return [(f"{y}/{(y + 1) % 100:02d}",) * 2 for y in range(year + 1, year - 5, -1)]

    def queryset(self, request, queryset):
        return queryset.filter(application__period=self.value()) if self.value() else queryset
