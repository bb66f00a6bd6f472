"""The staff pages of the billing export: the kommune's exports, a new export, one export and its files.

Who: a saksbehandler or administrator of the kommune (``selectors.EXPORT_ROLES``). A user with neither
role anywhere gets 403; a kommune they have no such role in — or that does not exist — is a 404, as is
another kommune's export. The kommune is addressed by its kommunenummer and an export by its id; no
fødselsnummer is ever in a URL or a file name.
"""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from . import formats, selectors, services
from .forms import ExportForm

RECENT_RUNS = 24


class BillingAccessMixin(LoginRequiredMixin):
    """Resolves ``kommunenummer`` to a kommune the user may export for (403 with no such role, else 404)."""

    def municipality(self, request, kommunenummer: str):
        allowed = selectors.export_municipalities(request.user)
        if not allowed.exists():
            raise PermissionDenied
        municipality = allowed.filter(kommunenummer=kommunenummer).first()
        if municipality is None:
            raise Http404
        return municipality

    def run(self, request, kommunenummer: str, run_id: int):
        municipality = self.municipality(request, kommunenummer)
        run = selectors.run_for(municipality.pk, run_id)
        if run is None:
            raise Http404
        return municipality, run


@method_decorator(never_cache, name="dispatch")
class BillingIndexView(LoginRequiredMixin, View):
    """The kommuner the user may export for; straight to the kommune when there is one."""

    http_method_names = ["get"]

    def get(self, request):
        municipalities = list(selectors.export_municipalities(request.user))
        if not municipalities:
            raise PermissionDenied
        if len(municipalities) == 1:
            return redirect("billing:kommune", kommunenummer=municipalities[0].kommunenummer)
        return render(request, "billing/index.html", {"municipalities": municipalities})


@method_decorator(never_cache, name="dispatch")
class BillingKommuneView(BillingAccessMixin, View):
    """The kommune's exports and the form for a new one (POST makes it and redirects to it)."""

    http_method_names = ["get", "post"]

    def get(self, request, kommunenummer):
        municipality = self.municipality(request, kommunenummer)
        return self.page(request, municipality, self.form(municipality))

    def post(self, request, kommunenummer):
        municipality = self.municipality(request, kommunenummer)
        form = self.form(municipality, data=request.POST)
        if not form.is_valid():
            return self.page(request, municipality, form, status=400)
        try:
            run = services.export_run_create(municipality_id=municipality.pk, actor=request.user,
                                             since=form.cleaned_data["since"], through=form.cleaned_data["through"])
        except services.ExportRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
            return self.page(request, municipality, form, status=400)
        messages.success(request, f"Eksport {run.pk} er laget: {run.line_count} linjer, "
                                  f"{run.correction_count} korreksjoner.")
        return redirect("billing:run", kommunenummer=kommunenummer, run_id=run.pk)

    @staticmethod
    def form(municipality, data=None):
        return ExportForm(data, runs=list(selectors.runs(municipality.pk)[:RECENT_RUNS]))

    @staticmethod
    def page(request, municipality, form, status: int = 200):
        runs = selectors.runs(municipality.pk)[:RECENT_RUNS]
        return render(request, "billing/kommune.html", {"municipality": municipality, "form": form, "runs": runs,
                                                        "default_through": services.default_through()},
                      status=status)


@method_decorator(never_cache, name="dispatch")
class BillingRunView(BillingAccessMixin, View):
    """One export: its lines, and the links to the CSV and Excel files."""

    http_method_names = ["get"]

    def get(self, request, kommunenummer, run_id):
        municipality, run = self.run(request, kommunenummer, run_id)
        lines = [formats.line_dict(line) for line in selectors.run_lines(run)]
        return render(request, "billing/run.html", {"municipality": municipality, "run": run, "lines": lines})


@method_decorator(never_cache, name="dispatch")
class BillingRunFileView(BillingAccessMixin, View):
    """An export as a file: ``fakturagrunnlag-<kommunenummer>-<id>.csv`` or ``.xlsx``."""

    http_method_names = ["get"]
    TYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

    def get(self, request, kommunenummer, run_id, extension):
        municipality, run = self.run(request, kommunenummer, run_id)
        lines = list(selectors.run_lines(run))
        name = f"fakturagrunnlag-{municipality.kommunenummer}-{run.pk}"
        body = formats.to_csv(lines) if extension == "csv" else formats.to_xlsx(lines, title=name)
        response = HttpResponse(body, content_type=self.TYPES[extension])
        response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
        response["Cache-Control"] = "no-store"
        return response
