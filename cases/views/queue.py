"""The work queue: the caseworker's cases by status."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from cases.selectors import cases_for_user


class CaseQueueView(LoginRequiredMixin, ListView):
    template_name = "cases/queue.html"
    context_object_name = "cases"
    paginate_by = 50

    def get_queryset(self):
        return cases_for_user(self.request.user).order_by("-created_at")
