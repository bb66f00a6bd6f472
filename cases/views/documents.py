"""Vedtak PDFs: draft preview of the current proposal, download of the approved letter, batch print; and
the documentation a parent uploaded (``CaseDocument``), downloaded by staff who may work the case.

Approved letters live in private storage and are only served here, after the scope check, and every
download is audited. File names carry the saksnummer, never a name or a person number.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from cases.models import Decision
from cases.pdf import render_vedtak_pdf, vedtak_with_attachment_pdf
from cases.permissions import can_work_cases
from cases.selectors import case_document, current_decision, decision_for_user, printable_decisions
from cases.services.audit import audit_record
from cases.services.delivery import decisions_batch_pdf

from .common import pdf_filename, pdf_response, refusal_errors, report_refusal, scoped_case


def _audit(request, action: str, decision: Decision, detail: str) -> None:
    audit_record(action=action, actor=request.user, municipality=decision.case.municipality, case=decision.case,
                 detail=detail)


@method_decorator(never_cache, name="dispatch")
class VedtakPreviewView(LoginRequiredMixin, View):
    """Draft PDF of the current proposal, rendered now (it shows income, so it is audited)."""

    http_method_names = ["get"]

    def get(self, request, pk: int):
        case = scoped_case(request, pk)
        decision = current_decision(case)
        if decision is None:
            messages.error(request, "Saken har ikke noe forslag til vedtak ennå.")
            return redirect("cases:detail", pk=case.pk)
        _document, content = render_vedtak_pdf(decision, draft=True)
        _audit(request, "view_tax_data", decision, "forhåndsvisning av vedtak")
        return pdf_response(content, pdf_filename(case, "utkast-vedtak"), attachment=False)


@method_decorator(never_cache, name="dispatch")
class VedtakDownloadView(LoginRequiredMixin, View):
    """The approved, stored vedtak letter from private storage, with the kommune's standard attachment."""

    http_method_names = ["get"]

    def get(self, request, pk: int, decision_pk: int):
        case = scoped_case(request, pk)
        decision = decision_for_user(request.user, decision_pk, case_pk=case.pk)
        if decision.status != Decision.Status.APPROVED or not decision.pdf:
            messages.error(request, "Vedtaksbrevet er ikke klart ennå. Prøv igjen om litt.")
            return redirect("cases:detail", pk=case.pk)
        _audit(request, "download_vedtak", decision, "vedtaksbrev")
        with decision.pdf.open("rb") as handle:  # the letter, then «Orientering om klagerett og innsyn»
            content = vedtak_with_attachment_pdf(decision, letter_pdf_bytes=handle.read())
        return pdf_response(content, filename=pdf_filename(case, "vedtak"))


@method_decorator(never_cache, name="dispatch")
class PrintBatchView(LoginRequiredMixin, View):
    """Pick approved letters not yet sent and get one merged, print-ready PDF."""

    http_method_names = ["get", "post"]
    template_name = "cases/print_batch.html"

    def get(self, request):
        return render(request, self.template_name, {"decisions": list(printable_decisions(request.user))})

    def post(self, request):
        decisions = list(printable_decisions(request.user))
        wanted = set(request.POST.getlist("decision"))
        chosen = [d for d in decisions if str(d.pk) in wanted]
        if not chosen:
            messages.error(request, "Velg minst ett vedtak å skrive ut.")
        else:
            try:
                content = decisions_batch_pdf(decision_ids=[d.pk for d in chosen], actor=request.user)
            except refusal_errors() as exc:
                report_refusal(request, exc)
            else:
                for decision in chosen:
                    _audit(request, "download_vedtak", decision, "samleutskrift")
                return pdf_response(content, "vedtak-samleutskrift.pdf", attachment=True)
        return render(request, self.template_name, {"decisions": decisions})


@method_decorator(never_cache, name="dispatch")
class CaseDocumentDownloadView(LoginRequiredMixin, View):
    """A parent's uploaded documentation, from private storage: only for staff who may work cases in the
    case's kommune (404 for anyone else, so nothing is revealed), audited."""

    http_method_names = ["get"]

    def get(self, request, pk: int, document_pk: int):
        case = scoped_case(request, pk)
        if not can_work_cases(request.user, case.municipality_id):
            raise Http404("no caseworker role in this kommune")
        document = case_document(case, document_pk)
        if document is None:
            raise Http404("no such document on this case")
        audit_record(action="download_document", actor=request.user, municipality=case.municipality, case=case,
                     detail=f"dokumentasjon fra innbygger lastet ned ({document.get_reason_display().lower()})")
        response = FileResponse(document.file.open("rb"), as_attachment=True, content_type=document.content_type,
                                filename=f"dokumentasjon-{case.saksnummer.replace('/', '-')}-{document.pk}."
                                         f"{document.extension}")
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
