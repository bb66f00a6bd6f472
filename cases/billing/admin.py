"""The billing app in the admin, under the role table of docs/security.md (``cases.admin.scoping``).

- API keys: the kommune administrator creates them for their kommune (the key is shown once, on the page
  after saving, and only its hash is stored) and revokes them; the system administrator sees them and
  can revoke one, but never creates a kommune's key. Nobody deletes one (the export runs name the key).
- Export runs: read-only, for the record (who, when, since which export, up to which month).
"""
from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse

from cases.admin.scoping import ADD, CHANGE, VIEW, ScopedAdmin

from . import services
from .models import BillingToken, ExportRun


class TokenForm(forms.ModelForm):
    revoke = forms.BooleanField(label="Trekk tilbake nøkkelen", required=False,
                                help_text="Systemet som bruker nøkkelen, får ikke lenger tilgang. Kan ikke angres.")

    class Meta:
        model = BillingToken
        fields = ["municipality", "name"]


@admin.register(BillingToken)
class BillingTokenAdmin(ScopedAdmin):
    municipality_path = "municipality"
    superuser_actions = frozenset({VIEW, CHANGE})
    kommune_admin_actions = frozenset({VIEW, ADD, CHANGE})
    form = TokenForm
    actions = None
    list_display = ["name", "prefix", "municipality", "created_at", "created_by", "revoked_at", "last_used_at"]
    list_filter = ["municipality"]
    readonly_fields = ["prefix", "created_at", "created_by", "revoked_at", "revoked_by", "last_used_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["municipality", "name"]
        extra = [] if obj.revoked_at else ["revoke"]
        return ["municipality", "name", *self.readonly_fields, *extra]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["municipality", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if not self.in_scope(request, obj):
            return super().save_model(request, obj, form, change)  # refuses (PermissionDenied)
        if change:
            super().save_model(request, obj, form, change)
            if form.cleaned_data.get("revoke"):
                services.billing_token_revoke(token_id=obj.pk, actor=request.user)
            return None
        row, key = services.billing_token_create(municipality_id=obj.municipality_id, name=obj.name,
                                                 actor=request.user)
        obj.pk, obj.prefix, obj._state.adding = row.pk, row.prefix, False
        obj._shown_once = key
        return None

    def response_add(self, request, obj, post_url_continue=None):
        """The key itself, once: it is not stored and cannot be shown again."""
        context = {**self.admin_site.each_context(request), "title": "Ny API-nøkkel", "token": obj,
                   "key": obj._shown_once, "opts": self.opts}
        response = TemplateResponse(request, "billing/admin_token_created.html", context)
        response["Cache-Control"] = "no-store"
        return response


@admin.register(ExportRun)
class ExportRunAdmin(ScopedAdmin):
    municipality_path = "municipality"
    superuser_actions = frozenset({VIEW})
    kommune_admin_actions = frozenset({VIEW})
    actions = None
    list_display = ["id", "municipality", "created_at", "created_by", "token", "channel", "since_run",
                    "through_month", "line_count", "correction_count", "total_reduced_amount"]
    list_filter = ["municipality", "channel"]
    readonly_fields = list_display
    fields = list_display + ["since_requested"]
