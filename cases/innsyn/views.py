"""The innsyn page: a caseworker types the person's fødselsnummer (POST, never in a URL), picks JSON
or PDF, and downloads everything stored about that person in the kommune. Every export is audited.

Any role in the kommune may export (the caseworker answers the request); the kommune must be one of
the user's, and only that kommune's rows are read. The download's file name carries the kommunenummer
and the date, never a name or a number.
"""
import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from cases.forms.common import chosen_municipality
from cases.pdf.engine import html_to_pdf  # imports WeasyPrint only when a PDF is made
from cases.permissions import can_work_cases
from cases.views.common import WorkableMunicipalitiesMixin, pdf_response

from . import services
from .forms import InnsynForm

TEMPLATE = "innsyn/index.html"


def _download(data: dict, fmt: str, municipality) -> HttpResponse:
    stem = f"innsyn-{municipality.kommunenummer}-{timezone.localdate():%Y%m%d}"
    if fmt == "json":
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        return response

    html = render_to_string("innsyn/export.html", {"data": data})
    return pdf_response(html_to_pdf(html), f"{stem}.pdf")


@method_decorator(never_cache, name="dispatch")
class InnsynView(LoginRequiredMixin, WorkableMunicipalitiesMixin, View):
    http_method_names = ["get", "post"]

    def get(self, request):
        return render(request, TEMPLATE, {"form": InnsynForm(municipalities=self.municipalities(request))})

    def post(self, request):
        municipalities = self.municipalities(request)
        form = InnsynForm(request.POST, municipalities=municipalities)
        if not form.is_valid():
            return render(request, TEMPLATE, {"form": form}, status=400)
        municipality = chosen_municipality(form, municipalities)
        if not can_work_cases(request.user, municipality.pk):  # checked again at the point of reading
            raise PermissionDenied
        person_id, fmt = form.cleaned_data["person_id"], form.cleaned_data["format"]
        export = services.collect(municipality=municipality, person_id=person_id)
        services.innsyn_export_record(actor=request.user, municipality=municipality, person_id=person_id, fmt=fmt,
                                      found=export.found)
        if not export.found:
            return render(request, TEMPLATE, {"form": InnsynForm(municipalities=municipalities), "not_found": True,
                                              "municipality": municipality})
        return _download(export.data, fmt, municipality)
