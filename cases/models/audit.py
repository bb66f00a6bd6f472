"""Audit trail: who fetched or looked at tax data, who downloaded a vedtak, who decided what."""
from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        FETCH_TAX_DATA = "fetch_tax_data", "Hentet skattegrunnlag"
        VIEW_TAX_DATA = "view_tax_data", "Så skattegrunnlag"
        DOWNLOAD_VEDTAK = "download_vedtak", "Lastet ned vedtak"
        APPROVE = "approve", "Godkjente vedtak"
        EXPORT = "export", "Eksporterte"
        RELEASE_WAITING = "release_waiting", "Satser registrert: sak sendt til ny beregning"
        CONFIRM_PARAMETERS = "confirm_parameters", "Bekreftet bruk av uverifiserte satser"
        RECORD_DELIVERY = "record_delivery", "Registrerte manuell levering av vedtak"
        REGISTER_CHANGE = "register_change", "Registrerte endring"
        DISCARD_CHANGE = "discard_change", "Forkastet forslag til endringsvedtak"
        # The klage (cases.klage), one action per step of fvl. §§ 28–36 and § 42.
        KLAGE_REGISTER = "klage_register", "Registrerte klage"
        KLAGE_TAKE_UP_LATE = "klage_take_up_late", "Tok en for sen klage under behandling (fvl. § 31)"
        KLAGE_AVVIS = "klage_avvis", "Avviste klage"
        KLAGE_MEDHOLD = "klage_medhold", "Ga klageren medhold (fvl. § 33)"
        KLAGE_OVERSENDELSE = "klage_oversendelse", "Forberedte oversendelse til klageinstansen"
        KLAGE_OVERSENDT = "klage_oversendt", "Oversendte klagen til klageinstansen"
        KLAGE_OVERSENDELSE_RETURNED = "klage_oversendelse_returned", "Sendte oversendelsen tilbake"
        KLAGE_OUTCOME = "klage_outcome", "Registrerte klageinstansens avgjørelse"
        KLAGE_UTSATT_IVERKSETTING = "klage_utsatt_iverksetting", "Avgjorde utsatt iverksetting (fvl. § 42)"
        KLAGE_LETTER_DOWNLOAD = "klage_letter_download", "Lastet ned klagebrev"

    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="utført av",
    )
    municipality = models.ForeignKey(
        "cases.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name="kommune"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="sak"
    )
    action = models.CharField("handling", max_length=30, choices=Action.choices)
    detail = models.CharField("detaljer", max_length=500, blank=True)

    class Meta:
        verbose_name = "logghendelse"
        verbose_name_plural = "logghendelser"
        ordering = ["-at"]
        indexes = [models.Index(fields=["municipality", "-at"], name="audit_municipality_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
