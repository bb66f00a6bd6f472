"""Admin for income: the tax basis fetched from Skatteetaten and income documented by the caseworker.

Read-only and masked: no editable income field, no fødselsnummer (the person shows as name and masked
number), and Skatteetaten's raw response is not shown (the income posts are, as a table). Every
opening of a change page is audited (``view_tax_data``), as on the case page.
"""
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from cases import models as m

from .audited import AuditedViewMixin
from .scoping import ReadOnlyAdmin


@admin.register(m.TaxBasis)
class TaxBasisAdmin(AuditedViewMixin, ReadOnlyAdmin):
    municipality_path = "case__municipality"
    audit_detail = "admin: skattegrunnlag"
    list_display = ["case", "role", "masked_person", "income_year", "stadie", "outcome", "status"]
    list_filter = ["status", "outcome", "stadie", "income_year"]
    search_fields = ["case__saksnummer"]
    list_select_related = ["case", "person"]
    fields = ["case", "role", "masked_person", "status", "attempts", "last_error", "outcome", "income_year",
              "stadie", "skatteoppgjoersdato", "ajourholdstidspunkt", "skjermet", "posts",
              "personinntekt", "kapitalinntekt", "counted_income", "korrelasjonsid", "fetched_at"]
    readonly_fields = fields

    @admin.display(description="person")
    def masked_person(self, obj):
        return str(obj.person)

    @admin.display(description="poster")
    def posts(self, obj):
        rows = [(i.get("tekniskNavn", ""), i.get("class", ""), i.get("beloep", "")) for i in obj.items or []]
        if not rows:
            return "–"
        return format_html(
            "<table><thead><tr><th>tekniskNavn</th><th>klassifisering</th><th>beløp</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )


@admin.register(m.DocumentedIncome)
class DocumentedIncomeAdmin(AuditedViewMixin, ReadOnlyAdmin):
    municipality_path = "case__municipality"
    audit_detail = "admin: dokumentert inntekt"
    list_display = ["case", "person", "registered_by", "registered_at"]  # no amount in an unaudited list
    list_select_related = ["case", "person", "registered_by"]
    fields = ["case", "person", "yearly_income", "reason", "documents", "registered_by", "registered_at"]
    readonly_fields = fields
