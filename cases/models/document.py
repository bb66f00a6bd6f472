"""Documentation a parent uploads when the case waits for it: proof of a vesentlig og varig nedgang in
income, with a structured reason. The file lives in the private storage (never under MEDIA_URL) and is
served only by views that check the role and the kommune (caseworker) or the household (parent)."""
from django.core.files.storage import storages
from django.db import models

from .case import Case
from .household import Person


def _private_storage():
    return storages["private"]


class CaseDocument(models.Model):
    class Reason(models.TextChoices):
        """Why the household's income has gone down substantially and for good (labels: bokmål, for staff;
        parents read them from portal.labels in their own language)."""

        JOB_LOSS = "job_loss", "Mistet arbeidet"
        REDUCED_POSITION = "reduced_position", "Redusert stilling"
        NAV_BENEFIT = "nav_benefit", "Over på ytelse fra NAV (dagpenger, AAP, uføretrygd o.l.)"
        STUDIES = "studies", "Begynt å studere"
        SEPARATION = "separation", "Samlivsbrudd"
        RETIREMENT = "retirement", "Pensjonert"
        OTHER = "other", "Annet"

    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents", verbose_name="sak")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="lastet opp av")
    reason = models.CharField("årsak til nedgangen", max_length=20, choices=Reason.choices)
    file = models.FileField("fil", storage=_private_storage, upload_to="dokumentasjon/%Y/", max_length=200)
    original_name = models.CharField("filnavn fra innbyggeren", max_length=120)
    content_type = models.CharField("filtype", max_length=20, choices=ContentType.choices)
    size = models.PositiveIntegerField("størrelse (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    scanner = models.CharField("virusskanning", max_length=40, help_text="Navnet på skanneren som godtok filen.")
    uploaded_at = models.DateTimeField("lastet opp", auto_now_add=True)

    class Meta:
        verbose_name = "dokumentasjon fra innbygger"
        verbose_name_plural = "dokumentasjon fra innbyggere"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"Dokumentasjon {self.get_reason_display().lower()} ({self.get_content_type_display()})"

    @property
    def extension(self) -> str:
        return {self.ContentType.PDF: "pdf", self.ContentType.JPEG: "jpg", self.ContentType.PNG: "png"}[
            self.content_type]
