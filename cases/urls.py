"""Caseworker URLs. Never put a fødselsnummer in a URL: cases are addressed by their database id."""
from django.urls import path

from cases.views import (
                         actions,
                         case_detail,
                         change_actions,
                         confirm_parameters,
                         csv_import,
                         delivery_actions,
                         documents,
                         queue,
                         register,
)

app_name = "cases"

urlpatterns = [
    path("", queue.CaseQueueView.as_view(), name="queue"),
    path("ny/", register.RegisterApplicationView.as_view(), name="new"),
    path("import/", csv_import.CsvImportView.as_view(), name="import"),
    path("import/mal.csv", csv_import.CsvTemplateView.as_view(), name="import_template"),
    path("utskrift/", documents.PrintBatchView.as_view(), name="print_batch"),
    path("<int:pk>/", case_detail.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/status.json", case_detail.CaseStatusView.as_view(), name="status"),
    path("<int:pk>/hent-inntekt/", actions.RefetchIncomeView.as_view(), name="refetch_income"),
    path("<int:pk>/dokumentert-inntekt/", actions.DocumentedIncomeView.as_view(), name="documented_income"),
    path("<int:pk>/foresla-vedtak/", actions.ProposeFeeView.as_view(), name="propose"),
    path("<int:pk>/godkjenn/", actions.ApproveDecisionView.as_view(), name="approve"),
    path("<int:pk>/bekreft-satser/", confirm_parameters.ConfirmParametersView.as_view(), name="confirm_parameters"),
    path("<int:pk>/avslag/", actions.RejectCaseView.as_view(), name="reject"),
    path("<int:pk>/be-om-dokumentasjon/", actions.RequestDocumentationView.as_view(),
         name="request_documentation"),
    path("<int:pk>/trekk/", actions.WithdrawCaseView.as_view(), name="withdraw"),
    path("<int:pk>/endring/", change_actions.RegisterChangeView.as_view(), name="register_change"),
    path("<int:pk>/endring/forkast/", change_actions.DiscardChangeView.as_view(), name="discard_change"),
    path("<int:pk>/send/", actions.SendDecisionView.as_view(), name="send"),
    path("<int:pk>/forsendelse/<int:forsendelse_pk>/levert/", delivery_actions.RecordManualDeliveryView.as_view(),
         name="record_manual_delivery"),
    path("<int:pk>/vedtak/forhandsvisning.pdf", documents.VedtakPreviewView.as_view(), name="vedtak_preview"),
    path("<int:pk>/vedtak/<int:decision_pk>/vedtak.pdf", documents.VedtakDownloadView.as_view(),
         name="vedtak_download"),
    path("<int:pk>/dokumentasjon/<int:document_pk>/", documents.CaseDocumentDownloadView.as_view(),
         name="document_download"),
]
