"""CSV import page: upload, see every error by line, or see the cases that were created."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import render
from django.views import View

from cases.csv_import import COLUMNS, SEPARATOR, applications_import
from cases.forms import CsvImportForm
from cases.forms.common import add_municipality_field, chosen_municipality

from .common import WorkableMunicipalitiesMixin

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class CsvImportView(LoginRequiredMixin, WorkableMunicipalitiesMixin, View):
    template_name = "cases/import.html"

    def page(self, request, form, result=None, status=200):
        return render(request, self.template_name,
                      {"form": form, "result": result, "columns": COLUMNS}, status=status)

    def get(self, request):
        form = CsvImportForm()
        add_municipality_field(form, self.municipalities(request))
        return self.page(request, form)

    def post(self, request):
        municipalities = self.municipalities(request)
        form = CsvImportForm(request.POST, request.FILES)
        add_municipality_field(form, municipalities)
        if not form.is_valid():
            return self.page(request, form, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "Filen er større enn 5 MB. Del den opp.")
            return self.page(request, form, status=400)
        result = applications_import(municipality=chosen_municipality(form, municipalities),
                                     content=upload.read(), actor=request.user)
        if not result.ok:
            return self.page(request, form, result, status=400)
        messages.success(request, f"{len(result.cases)} søknader med {result.rows} barn er registrert. "
                                  "Inntekt hentes nå.")
        return self.page(request, CsvImportForm(), result)


class CsvTemplateView(LoginRequiredMixin, View):
    """An empty file with the header row, ready to fill in Excel (UTF-8 with BOM so Excel reads æøå)."""

    http_method_names = ["get"]

    def get(self, request):
        response = HttpResponse(("\ufeff" + SEPARATOR.join(COLUMNS) + "\r\n").encode("utf-8"),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="soknader-mal.csv"'
        return response
