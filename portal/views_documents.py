"""«Last opp dokumentasjon»: while the case waits for documentation of a vesentlig og varig nedgang in
income, an adult of the household uploads a file with a structured reason. The checks, the private
storage and the audit are ``cases.services.documents.case_document_add``; a refused file changes nothing."""
from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cases.constants import CaseStatus as S
from cases.services.documents import UploadProblem, UploadRefused, case_document_add
from portal.common import parent_adult, parent_case, portal_view
from portal.forms_upload import DocumentForm
from portal.labels import UPLOAD_ERROR_TEXT


@portal_view()
@require_http_methods(["GET", "POST"])
def upload(request, pk: int):
    case = parent_case(request, pk)
    case_url = reverse("portal:case", args=[request.portal.municipality.kommunenummer, case.pk])
    if case.status != S.NEEDS_DOCUMENTATION:
        return HttpResponseRedirect(case_url)  # nothing to upload now; the case page says where it stands
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_document_add(case_id=case.pk, person_id=parent_adult(case, request.parent).pk,
                              reason=form.cleaned_data["reason"], upload=form.cleaned_data["file"])
        except UploadRefused as exc:
            field = "reason" if exc.problem == UploadProblem.UNKNOWN_REASON else "file"
            form.add_error(field, UPLOAD_ERROR_TEXT[exc.problem])
        else:
            return HttpResponseRedirect(case_url + "?lastet-opp=1#dokumentasjon")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/upload.html", {"portal": request.portal, "case": case, "form": form},
                  status=status)
