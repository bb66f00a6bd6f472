"""Pages of the admin that show income: every opening of one is audited like the case page."""
from cases.services.audit import audit_record


class AuditedViewMixin:
    """Records ``view_tax_data`` each time a change page is shown (``audit_detail`` says which page)."""

    audit_detail = "admin"

    def audited_case(self, obj):
        return obj.case

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            # Rendered, so the object was found in the user's scope and may be viewed.
            obj = self.get_object(request, object_id)
            case = self.audited_case(obj)
            audit_record(action="view_tax_data", actor=request.user, municipality=case.municipality, case=case,
                   detail=f"{self.audit_detail} (id {obj.pk})")
        return response
