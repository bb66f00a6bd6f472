"""The billing API (JSON, described by ``cases/billing/openapi.yaml``), for the kommune's billing system.

Authentication is a per-kommune key in the ``Authorization: Bearer`` header only — never a cookie (no
session, no CSRF) and never the URL: a request with a key in the query string is refused (400) and the
key is not looked at. A missing, unknown or revoked key is 401; a valid key on another kommune's URL
(or an unknown kommune) is 404, as is another kommune's export. The API reads vedtak and never changes
them; ``POST …/exports`` records an export run (what «since the last export» is measured from).
"""
from pathlib import Path

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import formats, selectors, services

OPENAPI = Path(__file__).with_name("openapi.yaml")
KEY_PARAMETERS = ("token", "access_token", "api_key", "key")
REALM = 'Bearer realm="skattedeling-fakturering"'


def error(status: int, code: str, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"error": code, "message": message, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = f'{REALM}, error="invalid_token"' if code == "invalid_token" else REALM
    return response


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class TokenView(View):
    """Authenticates the key, then scopes to the kommune of the URL (``self.token``, ``self.municipality``)."""

    def dispatch(self, request, *args, **kwargs):
        if any(name in request.GET for name in KEY_PARAMETERS):
            return error(400, "key_in_url", "API-nøkkelen skal bare sendes i Authorization-headeren.")
        header = request.headers.get("Authorization", "")
        scheme, _, presented = header.partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            return error(401, "missing_token", "Mangler API-nøkkel (Authorization: Bearer …).")
        token = services.billing_token_authenticate(presented.strip())
        if token is None:
            return error(401, "invalid_token", "Ukjent eller tilbaketrukket API-nøkkel.")
        if token.municipality.kommunenummer != kwargs.get("kommunenummer"):
            return error(404, "not_found", "Finnes ikke.")
        self.token, self.municipality = token, token.municipality
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            return error(404, "not_found", "Finnes ikke.")
        except services.ExportRefused as refusal:
            return error(400, refusal.code, refusal.message, field=refusal.field)


class ExportsView(TokenView):
    """GET: the kommune's exports (newest first, without lines). POST: a new export (``since``, ``through``)."""

    http_method_names = ["get", "post"]

    def get(self, request, kommunenummer):
        runs = selectors.runs(self.municipality.pk)[:100]
        return JsonResponse({"exports": [formats.run_dict(run) for run in runs]})

    def post(self, request, kommunenummer):
        params = request.POST if request.POST else request.GET
        run = services.export_run_create(municipality_id=self.municipality.pk, token=self.token,
                                         since=params.get("since"), through=params.get("through"))
        response = JsonResponse(formats.run_dict(run, selectors.run_lines(run)), status=201)
        response["Location"] = reverse("billing_api:export", args=[kommunenummer, run.pk])
        return response


class ExportDetailView(TokenView):
    """GET: one recorded export with its lines, exactly as it was made."""

    http_method_names = ["get"]

    def get(self, request, kommunenummer, run_id):
        run = selectors.run_for(self.municipality.pk, run_id)
        if run is None:
            raise Http404
        return JsonResponse(formats.run_dict(run, selectors.run_lines(run)))


class PreviewView(TokenView):
    """GET: the lines an export would give now (``since``, ``through``), without recording anything."""

    http_method_names = ["get"]

    def get(self, request, kommunenummer):
        chosen = services.parse_since(self.municipality.pk, request.GET.get("since"))
        through = services.parse_through(request.GET.get("through"))
        lines = services.preview_lines(municipality_id=self.municipality.pk, since=chosen.run, through=through)
        return JsonResponse({"kommunenummer": self.municipality.kommunenummer,
                             "since_export": chosen.run.pk if chosen.run else None,
                             "through_month": f"{through:%Y-%m}", "lines": lines})


@method_decorator(never_cache, name="dispatch")
class OpenApiView(View):
    """The OpenAPI 3.1 description of this API (public: it holds no data)."""

    http_method_names = ["get"]

    def get(self, request):
        return HttpResponse(OPENAPI.read_bytes(), content_type="application/yaml; charset=utf-8")
