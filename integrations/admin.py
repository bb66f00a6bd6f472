"""Admin for the per-kommune integration configuration and the income classification table."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.utils import timezone

from integrations.models import IncomeClassificationRule, MunicipalityIntegration
from integrations.service import integration_status


@admin.register(MunicipalityIntegration)
class MunicipalityIntegrationAdmin(admin.ModelAdmin):
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
                "miljøvariabelen du oppgir; det lagres ikke i databasen.",
            },
        ),
        (
            "Sertifikat (lest ved lagring)",
            {"fields": ("certificate_subject", "certificate_orgno", "certificate_not_after")},
        ),
        ("Skatteetaten", {"fields": ("ssg_base_url",)}),
        ("Historikk", {"fields": ("created_at", "updated_at")}),
    )

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
class IncomeClassificationRuleAdmin(admin.ModelAdmin):
    list_display = ("teknisk_navn", "valid_from", "valid_to", "classification", "note")
    list_filter = ("classification",)
    search_fields = ("teknisk_navn", "note")
    list_editable = ("classification",)
