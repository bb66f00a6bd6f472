"""Admin for cases, their history, the vedtak with the calculation, and the audit log: all read-only.

The workflow writes these rows (intake, proposal, approval, sending; ``transition_case``); the admin is
not a second way around its rules. A vedtak shows its calculation as the same table as the case page
(``templates/cases/includes/calculation.html``), and opening one is audited since it shows income.
"""
from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join

from cases import models as m

from .audited import AuditedViewMixin
from .large_lists import CappedCountPaginator, KommuneListFilter, PeriodListFilter
from .scoping import ReadOnlyAdmin, ReadOnlyTabularInline


class TransitionInline(ReadOnlyTabularInline):
    model = m.CaseTransition
    fields = ["from_status", "to_status", "actor", "at", "reason"]
    readonly_fields = fields


@admin.register(m.Case)
class CaseAdmin(ReadOnlyAdmin):
    municipality_path = "municipality"
    list_display = ["saksnummer", "applicant_name", "municipality", "status", "assigned_to", "created_at"]
    list_filter = [KommuneListFilter, "status", ("application__service", admin.ChoicesFieldListFilter),
                   PeriodListFilter, "is_renewal"]
    paginator = CappedCountPaginator  # never COUNT(*) over every case (the system administrator sees a million)
    show_full_result_count = False
    search_fields = ["saksnummer", "application__household__applicant_family_name",
                     "application__household__applicant_given_name"]
    exclude = ["search_text"]
    inlines = [TransitionInline]
    list_select_related = ["municipality", "assigned_to", "application__household"]

    @admin.display(description="søker")
    def applicant_name(self, obj):
        return obj.application.household.applicant_name


@admin.register(m.Decision)
class DecisionAdmin(AuditedViewMixin, ReadOnlyAdmin):
    municipality_path = "case__municipality"
    audit_detail = "admin: vedtak"
    list_display = ["case", "status", "total_monthly_fee", "proposed_by", "approved_by", "approved_at"]
    list_filter = ["status", ("case__municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["case__saksnummer"]
    list_select_related = ["case", "proposed_by", "approved_by"]
    fields = ["case", "status", "calculation_table", "warning_list", "rules_version", "four_eyes_required",
              "proposed_by", "proposed_at", "approved_by", "approved_at", "pdf_rendered_at", "sent_at",
              "delivery_channel"]
    readonly_fields = fields

    @admin.display(description="advarsler")
    def warning_list(self, obj):
        if not obj.warnings:
            return "–"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in obj.warnings)))

    @admin.display(description="beregning")
    def calculation_table(self, obj):
        """The case page's calculation table (one template for both; no raw JSON, no 20 decimals)."""
        return render_to_string("cases/includes/calculation.html", {
            "decision": obj,
            "case": obj.case,
            "child_fees": list(obj.child_fees.select_related("child__person")),
            "earlier_decisions": [],
        })


@admin.register(m.AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    municipality_path = "municipality"
    list_display = ["at", "actor", "municipality", "case", "action", "detail"]
    list_filter = ["action", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["case__saksnummer", "actor__username"]
    list_select_related = ["actor", "municipality", "case"]
    fields = ["at", "actor", "municipality", "case", "action", "detail"]
    readonly_fields = fields
