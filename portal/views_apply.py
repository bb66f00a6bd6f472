"""The application: fill in, see the estimate, send (same intake and pipeline as caseworker registration,
channel «digital søknad»), receipt."""
from __future__ import annotations

from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cases.services.intake import FieldErrors, application_register, validate_application
from portal.common import language_of, parent_case, portal_view
from portal.estimate import estimate
from portal.forms import ApplicationForm
from portal.labels import SERVICE_TEXT
from portal.receipt_mail import send_receipt


@portal_view()
@require_http_methods(["GET", "POST"])
def apply(request):
    portal, parent = request.portal, request.parent
    kommunenummer = portal.municipality.kommunenummer
    form = ApplicationForm(request.POST or None, applicant_pid=parent.pid,
                           price_options=list(portal.price_options.all()))
    context = {"portal": portal, "form": form, "pid": parent.pid}
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        problems = validate_application(data)
        if problems:
            form.add_intake_errors(FieldErrors(problems).problems())
        elif request.POST.get("action") == "send":
            try:
                with transaction.atomic():
                    case = application_register(municipality=portal.municipality, data=data)
            except FieldErrors as exc:
                form.add_intake_errors(exc.problems())
            else:
                receipt_url = reverse("portal:receipt", args=[kommunenummer, case.pk])
                mailed = send_receipt(case=case, address=data.email, language=language_of(request),
                                      case_url=request.build_absolute_uri(
                                          reverse("portal:case", args=[kommunenummer, case.pk])))
                return HttpResponseRedirect(receipt_url + ("?epost=1" if mailed else ""))
        else:
            income = form.cleaned_data.get("estimate_income")
            context["estimate"] = estimate(data, portal.municipality, income) if income is not None else None
            context["estimate_asked"] = True
            context["income_given"] = income is not None
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "portal/apply.html", context, status=status)


@portal_view()
@require_GET
def receipt(request, pk: int):
    case = parent_case(request, pk)
    application = case.application
    return render(request, "portal/receipt.html", {
        "portal": request.portal, "case": case, "service": SERVICE_TEXT[application.service],
        "mailed": request.GET.get("epost") == "1",
        "children": application.children.select_related("person").order_by("pk")})
