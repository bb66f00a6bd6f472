"""The statistics page and its CSV export.

Who may see statistics: the administrator and godkjenner roles of a kommune (docs/statistics.md); a
user without either role anywhere is refused (403), a kommune the user has no such role in is a 404.
"""
import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.models import Municipality

from . import presentation
from .forms import StatsFilterForm
from .permissions import stats_municipality_ids
from .selectors import StatsFilters, statistics


def _filters(request) -> tuple[StatsFilterForm, StatsFilters | None]:
    allowed = stats_municipality_ids(request.user)
    if not allowed:
        raise PermissionDenied
    if request.GET.get("kommune") and request.GET["kommune"].isdigit() and int(request.GET["kommune"]) not in allowed:
        raise Http404  # another kommune: no hint that it exists
    municipalities = list(Municipality.objects.filter(pk__in=allowed).order_by("name").only("pk", "name"))
    form = StatsFilterForm(request.GET or None, municipalities=municipalities)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    chosen = data.get("kommune")
    ids = (chosen,) if chosen else tuple(sorted(allowed))
    return form, StatsFilters(municipality_ids=ids, period=data.get("period") or "", service=data.get("service") or "")


@never_cache
@login_required
@require_GET
def stats_page(request):
    form, filters = _filters(request)
    if filters is None:
        return render(request, "stats/index.html", {"form": form}, status=400)
    context = presentation.page_context(statistics(filters))
    query = request.GET.urlencode()
    return render(request, "stats/index.html", {"form": form, "csv_query": query, **context})


@never_cache
@login_required
@require_GET
def stats_csv(request):
    form, filters = _filters(request)
    if filters is None:
        return HttpResponse("Ugyldig filter.", status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="statistikk.csv"'
    csv.writer(response, delimiter=";").writerows(presentation.csv_rows(statistics(filters)))
    return response
