"""The renewal pages: runs and the start form, a run's progress and summary with bulk approval of its
proposals, and the merged print file of its approved vedtak.

Runs are scoped to the user's municipalities (404 outside); starting needs the administrator role,
approving the godkjenner role (checked again, per decision, by ``decision_approve``). Every POST ends in
a redirect (post/redirect/get) unless the form itself has errors, which are shown next to their fields;
a refusal is a Norwegian message on the page it redirects to, never a 500.
"""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from cases.permissions import can_administer, can_approve
from cases.services.delivery import decisions_batch_pdf
from cases.views.common import pdf_response

from . import progress as progress_module
from . import selectors, services
from .forms import StartRenewalForm

PAGE_SIZE = 50
PRINT_PART = 200  # vedtak per merged print file


class RenewalIndexView(LoginRequiredMixin, View):
    """Renewal runs of the user's municipalities; the start form for administrators."""

    http_method_names = ["get", "post"]
    template_name = "renewal/index.html"

    def get(self, request):
        return self.render_page(request, self.start_form(request))

    def post(self, request):
        form = self.start_form(request, data=request.POST or None)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            return _start(request, form.cleaned_data)
        return self.render_page(request, form, status=400)

    @staticmethod
    def start_form(request, data=None):
        """The start form, or None when the user may start a run in none of their municipalities."""
        municipalities = selectors.startable_municipalities(request.user)
        return StartRenewalForm(data, municipalities=municipalities) if municipalities.exists() else None

    def render_page(self, request, form, status: int = 200):
        runs = selectors.runs_for_user(request.user).order_by("-started_at")[:50]
        return render(request, self.template_name, {"form": form, "runs": runs}, status=status)


def _start(request, data):
    """Start the run and redirect: to the run when started, back to the list with the reason when refused."""
    try:
        run, created = services.renewal_start(municipality=data["municipality"], period=data["period"],
                                              actor=request.user, sfo_max_trinn=data["sfo_max_trinn"])
    except (services.RenewalRefused, PermissionDenied) as exc:
        messages.error(request, str(exc) or "Du kan ikke starte fornyelsen i denne kommunen.")
        return redirect("renewal:index")
    messages.success(request, f"Fornyelsen til {run.period} er startet." if created else
                     f"Fornyelsen til {run.period} er kjørt på nytt: bare nye husholdninger legges til.")
    return redirect("renewal:detail", pk=run.pk)


@method_decorator(never_cache, name="dispatch")
class RenewalDetailView(LoginRequiredMixin, View):
    """Progress (households per state, throughput, time left), summary, problems and proposals."""

    http_method_names = ["get"]

    def get(self, request, pk: int):
        run = get_object_or_404(selectors.runs_for_user(request.user), pk=pk)
        progress = progress_module.progress(run)
        page = Paginator(selectors.proposal_rows(run), PAGE_SIZE).get_page(request.GET.get("side"))
        problems = selectors.problems(run, limit=PAGE_SIZE)
        parts = (selectors.printable(run).count() + PRINT_PART - 1) // PRINT_PART
        return render(request, "renewal/detail.html", {
            "run": run, "progress": progress, "page": page, "problems": problems,
            "can_approve": can_approve(request.user, run.municipality_id),
            "can_start": can_administer(request.user, run.municipality_id),
            "print_parts": range(1, parts + 1), "refresh": not progress.done,
        })


class RenewalApproveView(LoginRequiredMixin, View):
    """Queue approval of the selected proposals, or of all without warnings."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        run = get_object_or_404(selectors.runs_for_user(request.user), pk=pk)
        scope = request.POST.get("scope", "selected")
        selected = [int(value) for value in request.POST.getlist("decision") if value.isdigit()]
        if scope not in ("selected", "without_warnings", "all") or (scope == "selected" and not selected):
            messages.error(request, "Velg minst ett forslag, eller godkjenn alle uten merknader.")
            return redirect("renewal:detail", pk=run.pk)
        try:
            count = services.renewal_bulk_approve(
                run=run, actor=request.user, without_warnings=scope == "without_warnings",
                decision_ids=selected if scope == "selected" else None)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [])) or str(exc) or "Ikke tillatt.")
        else:
            messages.success(request, f"{count} forslag sendt til godkjenning. Vedtaksbrevene lages i bakgrunnen.")
        return redirect("renewal:detail", pk=run.pk)


@method_decorator(never_cache, name="dispatch")
class RenewalPrintView(LoginRequiredMixin, View):
    """One merged, print-ready PDF of up to ``PRINT_PART`` of the run's approved vedtak (audited)."""

    http_method_names = ["get"]

    def get(self, request, pk: int, part: int):
        run = get_object_or_404(selectors.runs_for_user(request.user), pk=pk)
        if part < 1:
            raise Http404("Ingen slik del.")
        ids = selectors.print_part_ids(run, part=part, size=PRINT_PART)
        if not ids:
            raise Http404("Ingen slik del.")
        try:
            content = decisions_batch_pdf(decision_ids=ids, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("renewal:detail", pk=run.pk)
        name = f"fornyelse-{run.period.replace('/', '-')}-{run.municipality.kommunenummer}-del-{part}.pdf"
        return pdf_response(content, name)
