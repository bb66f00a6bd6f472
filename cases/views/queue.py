"""The work queue: the user's cases with counts per status, filters, search and pagination.

The page costs a fixed number of queries whatever its size or depth: the per-status counts are one
GROUP BY (and give the paginator its total), the page's ids come from an index in order, and its rows
come with their related objects joined and the number of children as a subquery.
"""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from cases.constants import CaseStatus
from cases.forms import QueueFilterForm
from cases.selectors import (
    QueueFilters,
    periods_for_user,
    queue_base,
    queue_page,
    status_counts,
    workable_municipalities,
)

PAGE_SIZE = 25


class CaseQueueView(LoginRequiredMixin, TemplateView):
    template_name = "cases/queue.html"
    page_size = PAGE_SIZE

    def filters(self, form: QueueFilterForm) -> QueueFilters:
        data = form.cleaned_data  # only the valid fields when the form has errors
        return QueueFilters(
            service=data.get("service") or "", period=data.get("period") or "", status=data.get("status") or "",
            mine=bool(data.get("mine")), query=data.get("q") or "", municipality_id=data.get("municipality"),
            undelivered=bool(data.get("undelivered")),
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        municipalities = list(workable_municipalities(user))
        form = QueueFilterForm(self.request.GET or None, periods=periods_for_user(user),
                               municipalities=municipalities)
        query_params = self.request.GET.copy()
        if form.is_bound:
            if not form.is_valid() and "q" in form.errors:
                # Never echo a refused search (it may be a fødselsnummer), not even in links.
                form.data = form.data.copy()
                form.data["q"] = query_params["q"] = ""
        else:
            form.cleaned_data = {}
        filters = self.filters(form)
        counts = status_counts(queue_base(user, filters))
        paginator, page = queue_page(user, filters, counts, self.request.GET.get("side"), self.page_size)
        return super().get_context_data(
            form=form, filters=filters, page=page, cases=page.object_list, total=sum(counts.values()),
            status_tabs=[(status, label, counts[status]) for status, label in CaseStatus.choices],
            page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            show_municipality=len(municipalities) > 1, query_params=query_params, **kwargs,
        )
