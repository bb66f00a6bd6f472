"""The work queue: the user's cases with counts per status, filters, search and pagination.

The page costs a fixed number of queries whatever its size or depth: the per-status counts are one
GROUP BY (and give the paginator its total), the page's ids come from an index in order, and its rows
come with their related objects joined and the number of children as a subquery.

The filter form is POSTed, so what is typed in the search box never reaches a URL (or an access log):
a search that looks like a fødselsnummer or D-nummer — 11 digits, with or without separators — is
refused on the POST and not echoed; any other search text is kept in the user's session under a random
token, and the redirect (post/redirect/get) carries only that token (``?sok=…``) with the other
filters. A ``q`` in the query string is ignored.
"""
import secrets

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from cases.constants import CaseStatus
from cases.forms import QueueFilterForm
from cases.selectors import (
    QueueFilters,
    count_label,
    periods_for_user,
    queue_base,
    queue_page,
    queue_total,
    status_counts,
    workable_municipalities,
)

PAGE_SIZE = 25
SEARCH_TOKEN = "sok"
SESSION_KEY = "queue_searches"
MAX_SAVED_SEARCHES = 20
FILTER_FIELDS = ("status", "service", "period", "municipality", "mine")


def saved_search(request, token: str) -> str:
    return request.session.get(SESSION_KEY, {}).get(token, "") if token else ""


def save_search(request, text: str) -> str:
    """Keep ``text`` in the session under a new token (the newest ``MAX_SAVED_SEARCHES`` only)."""
    searches = dict(request.session.get(SESSION_KEY, {}))
    token = secrets.token_urlsafe(9)
    searches[token] = text
    request.session[SESSION_KEY] = dict(list(searches.items())[-MAX_SAVED_SEARCHES:])
    return token


class CaseQueueView(LoginRequiredMixin, TemplateView):
    template_name = "cases/queue.html"
    page_size = PAGE_SIZE

    def make_form(self, data):
        user = self.request.user
        self.municipalities = list(workable_municipalities(user))
        return QueueFilterForm(data, periods=periods_for_user(user), municipalities=self.municipalities)

    def filters(self, form: QueueFilterForm) -> QueueFilters:
        data = form.cleaned_data  # only the valid fields when the form has errors
        return QueueFilters(
            service=data.get("service") or "", period=data.get("period") or "", status=data.get("status") or "",
            mine=bool(data.get("mine")), query=data.get("q") or "", municipality_id=data.get("municipality"),
            undelivered=bool(data.get("undelivered")),
        )

    def get(self, request, *args, **kwargs):
        query_params = request.GET.copy()
        query_params.pop("q", None)
        data = None
        if query_params:
            data = query_params.copy()
            data["q"] = saved_search(request, query_params.get(SEARCH_TOKEN, ""))
        form = self.make_form(data)
        if form.is_bound:
            form.is_valid()
        else:
            form.cleaned_data = {}
        return self.render_to_response(self.get_context_data(form=form, query_params=query_params))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid() and "q" in form.errors:
            # Never echo a refused search (it may be a fødselsnummer), and never put it in a URL.
            form.data = form.data.copy()
            form.data["q"] = ""
            context = self.get_context_data(form=form, query_params=QueryDict(mutable=True))
            return self.render_to_response(context, status=400)
        params = QueryDict(mutable=True)
        for name in FILTER_FIELDS:
            value = form.cleaned_data.get(name)
            if value not in (None, "", False):
                params[name] = "on" if value is True else str(value)
        if form.cleaned_data.get("q"):
            params[SEARCH_TOKEN] = save_search(request, form.cleaned_data["q"])
        encoded = params.urlencode()
        return redirect(reverse("cases:queue") + (f"?{encoded}" if encoded else ""))

    def get_context_data(self, *, form, query_params, **kwargs):
        user = self.request.user
        filters = self.filters(form)
        counts = status_counts(queue_base(user, filters))
        paginator, page = queue_page(user, filters, counts, self.request.GET.get("side"), self.page_size)
        total, capped = queue_total(counts)
        total_label = count_label(total, more=capped)
        return super().get_context_data(
            form=form, filters=filters, page=page, cases=page.object_list, total=total, total_label=total_label,
            result_label=count_label(counts[filters.status]) if filters.status else total_label,
            status_tabs=[(status, label, counts[status]) for status, label in CaseStatus.choices],
            page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            show_municipality=len(self.municipalities) > 1, query_params=query_params, **kwargs,
        )
