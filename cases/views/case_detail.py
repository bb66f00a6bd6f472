"""One case: household, children, tax basis, calculation, history. 404 outside the user's municipalities."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView

from cases.selectors import cases_for_user


class CaseDetailView(LoginRequiredMixin, DetailView):
    template_name = "cases/case_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return cases_for_user(self.request.user)
