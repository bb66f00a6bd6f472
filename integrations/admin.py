"""Admin for the per-kommune integration configuration and the income classification table.

Both hold endpoints, credentials or national rules, so only the system administrator (superuser)
changes them (docs/security.md § Roles). A kommune administrator reads the classification table and
their own kommune's integration row; which organisation numbers those are comes from the setting
``INTEGRATIONS_ADMIN_ORGNOS`` (a function of the user), since this app never imports ``cases``.
Django's model permissions are not used.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from integrations.models import IncomeClassificationRule, MunicipalityIntegration
from integrations.service import integration_status


def _is_operator(request) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.is_superuser)


def administered_orgnos(request) -> list[str]:
    """The organisation numbers the (non-superuser) staff user administers; cached on the request."""
    if not hasattr(request, "_integrations_orgnos"):
        user = request.user
        hook = settings.INTEGRATIONS_ADMIN_ORGNOS
        ok = user.is_authenticated and user.is_active and user.is_staff and hook
        request._integrations_orgnos = list(import_string(hook)(user)) if ok else []
    return request._integrations_orgnos


class OperatorEditsOthersRead:
    """Superuser: everything. A kommune administrator: view only (``scoped`` rows). Others: nothing."""

    def scoped(self, request, qs):
        return qs

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if _is_operator(request):
            return qs
        return self.scoped(request, qs) if administered_orgnos(request) else qs.none()

    def has_module_permission(self, request):
        return _is_operator(request) or bool(administered_orgnos(request))

    def has_view_permission(self, request, obj=None):
        if _is_operator(request):
            return True
        if not administered_orgnos(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return _is_operator(request)

    def has_change_permission(self, request, obj=None):
        return _is_operator(request)

    def has_delete_permission(self, request, obj=None):
        return _is_operator(request)

    def get_actions(self, request):
        return super().get_actions(request) if _is_operator(request) else {}


@admin.register(MunicipalityIntegration)
class MunicipalityIntegrationAdmin(OperatorEditsOthersRead, admin.ModelAdmin):
    list_display = (
        "orgno",
        "name",
        "environment",
        "route",
        "client_id",
        "certificate_orgno",
        "certificate_expiry",
        "active",
    )
    list_filter = ("environment", "active")
    search_fields = ("orgno", "name", "client_id", "consumer_org")
    readonly_fields = (
        "certificate_subject",
        "certificate_orgno",
        "certificate_not_after",
        "created_at",
        "updated_at",
    )
    actions = ("check_token",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("orgno", "name", "environment", "active")}),
        ("Maskinporten", {"fields": ("issuer", "client_id", "scope", "consumer_org")}),
        (
            "Virksomhetssertifikat eller registrert nøkkel",
            {
                "fields": ("certificate", "key_file", "key_id", "secret_env_var"),
                "description": "Filene lagres i privat lagring og serveres aldri. Passordet leses fra "
                "miljøvariabelen du oppgir (navnet begynner med SKATTEDELING_SECRET_); det lagres ikke "
                "i databasen.",
            },
        ),
        (
            "Sertifikat (lest ved lagring)",
            {"fields": ("certificate_subject", "certificate_orgno", "certificate_not_after")},
        ),
        ("Skatteetaten", {"fields": ("ssg_base_url",)}),
        ("Historikk", {"fields": ("created_at", "updated_at")}),
    )

    def scoped(self, request, qs):
        """The rows that fetch for the user's kommuner (directly or through a vendor)."""
        orgnos = administered_orgnos(request)
        return qs.filter(Q(orgno__in=orgnos) | Q(consumer_org__in=orgnos))

    @admin.display(description="tilgangsvei")
    def route(self, obj: MunicipalityIntegration) -> str:
        return f"leverandør for {obj.consumer_org}" if obj.consumer_org else "direkte"

    @admin.display(description="sertifikat utløper", ordering="certificate_not_after")
    def certificate_expiry(self, obj: MunicipalityIntegration) -> str:
        if not obj.certificate_not_after:
            return "—" if not obj.certificate else "ukjent"
        days = (obj.certificate_not_after - timezone.now()).days
        warning = " ⚠" if days < 30 else ""
        return f"{obj.certificate_not_after:%Y-%m-%d} ({days} dager){warning}"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.certificate_orgno and not obj.consumer_org and obj.certificate_orgno != obj.orgno:
            messages.warning(
                request,
                f"Sertifikatet tilhører {obj.certificate_orgno}, ikke {obj.orgno}. "
                "Maskinporten krever at det tilhører klientens eier (MP-122).",
            )

    @admin.action(description="Test henting av token fra Maskinporten")
    def check_token(self, request, queryset):
        for obj in queryset:
            status = integration_status(obj.orgno, check_token=True)
            if status.token_ok:
                self.message_user(request, f"{obj}: token hentet.", messages.SUCCESS)
            else:
                self.message_user(request, f"{obj}: {status.problem}", messages.ERROR)


@admin.register(IncomeClassificationRule)
class IncomeClassificationRuleAdmin(OperatorEditsOthersRead, admin.ModelAdmin):
    list_display = ("teknisk_navn", "valid_from", "valid_to", "classification", "note")
    list_filter = ("classification",)
    search_fields = ("teknisk_navn", "note")
    list_editable = ("classification",)  # Django shows and accepts the list form only with change permission


# --- SvarUt (integrations/svarut/) ---------------------------------------------------------------
from integrations.svarut_account import SvarUtAccount  # noqa: E402


@admin.register(SvarUtAccount)
class SvarUtAccountAdmin(OperatorEditsOthersRead, admin.ModelAdmin):
    """The operator edits; a kommune administrator reads their own kommune's konto (docs/security.md)."""

    list_display = ("orgno", "name", "environment", "konto_id", "integrasjon_id", "archive_copy", "active")
    list_filter = ("environment", "active")
    search_fields = ("orgno", "name")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("orgno", "name", "environment", "base_url", "active")}),
        ("Fiks forvaltning", {"fields": ("konto_id", "integrasjon_id", "password_env_var"),
                              "description": "Konto-id og integrasjon-id fra Fiks forvaltning. Passordet leses "
                              "fra miljøvariabelen du oppgir (SKATTEDELING_SECRET_…)."}),
        ("Arkivkopi", {"fields": ("archive_copy", "archive_orgno", "archive_case_year", "archive_case_number")}),
    )

    def scoped(self, request, qs):
        return qs.filter(orgno__in=administered_orgnos(request))
