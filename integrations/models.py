"""Database models: per-kommune integration configuration and the income classification table.

``MunicipalityIntegration`` is keyed by the kommune's organisasjonsnummer (the cases app passes it;
this app never imports ``cases``). The certificate or key file lives in the ``private`` storage; the
database holds only the NAME of the environment variable that holds its password.

``IncomeClassificationRule`` is the dated tekniskNavn → classification table (seeded from
``skatteetaten/data/income_classification.csv`` by migration 0002, then edited in the admin).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import RegexValidator
from django.db import models
from django.dispatch import Signal
from stdnum.no import orgnr

from integrations.endpoints import SECRET_ENV_PREFIX, EndpointNotAllowed, check_secret_env_var, check_url, read_secret
from integrations.errors import CredentialsError
from integrations.maskinporten.credentials import credentials_from_bytes
from integrations.svarut_account import SvarUtAccount  # noqa: F401  (SvarUt konto per kommune)

# Sent after a bulk write to the classification table (bulk writes send no model signals);
# ``integrations.tables`` listens and drops its per-process copy.
classification_rules_changed = Signal()

DEFAULT_SCOPE = "skatteetaten:summertskattegrunnlag"
DEFAULT_ISSUERS = {"test": "https://test.maskinporten.no/", "prod": "https://maskinporten.no/"}
DEFAULT_SSG_URLS = {
    "test": "https://summertskattegrunnlag.api.skatteetaten-test.no/v2",
    "prod": "https://summertskattegrunnlag.api.skatteetaten.no/v2",
}


def private_storage():
    return storages["private"]


def validate_orgno(value: str) -> None:
    if not orgnr.is_valid(value or ""):
        raise ValidationError("Ugyldig organisasjonsnummer (9 siffer med gyldig kontrollsiffer).")


env_var_name = RegexValidator(
    r"^[A-Z_][A-Z0-9_]*$", f"Navnet på en miljøvariabel, f.eks. {SECRET_ENV_PREFIX}KOMMUNE_P12."
)


class Environment(models.TextChoices):
    TEST = "test", "Test"
    PROD = "prod", "Produksjon"


class MunicipalityIntegration(models.Model):
    orgno = models.CharField("organisasjonsnummer", max_length=9, unique=True, validators=[validate_orgno])
    name = models.CharField("navn", max_length=200, blank=True)
    environment = models.CharField(
        "miljø", max_length=4, choices=Environment.choices, default=Environment.TEST
    )
    issuer = models.URLField(
        "Maskinporten issuer",
        blank=True,
        help_text="Tom: standard for miljøet (https://test.maskinporten.no/ eller https://maskinporten.no/).",
    )
    client_id = models.CharField("klient-ID", max_length=200)
    certificate = models.FileField(
        "virksomhetssertifikat (PKCS#12)",
        storage=private_storage,
        upload_to="integrations/certificates/",
        blank=True,
    )
    key_file = models.FileField(
        "privat nøkkel (PEM)",
        storage=private_storage,
        upload_to="integrations/keys/",
        blank=True,
        help_text="I stedet for sertifikat: nøkkelen som er registrert på klienten (kid).",
    )
    key_id = models.CharField("nøkkel-ID (kid)", max_length=200, blank=True)
    secret_env_var = models.CharField(
        "miljøvariabel med passord",
        max_length=100,
        blank=True,
        validators=[env_var_name],
        help_text="NAVNET på miljøvariabelen som holder passordet til sertifikatet/nøkkelen. Navnet må "
        f"begynne med {SECRET_ENV_PREFIX}. Passordet lagres aldri i databasen.",
    )
    scope = models.CharField("scope (Maskinporten)", max_length=200, default=DEFAULT_SCOPE)
    consumer_org = models.CharField(
        "consumer_org (leverandørmodus)",
        max_length=9,
        blank=True,
        validators=[validate_orgno],
        help_text="Fylles bare når en leverandør henter på vegne av kommunen (delegering i Altinn): "
        "kommunens hovedorganisasjonsnummer.",
    )
    ssg_base_url = models.URLField(
        "Summert skattegrunnlag grunnadresse", blank=True, help_text="Med /v2. Tom: standard for miljøet."
    )
    active = models.BooleanField("aktiv", default=True)
    certificate_subject = models.CharField("sertifikatets subjekt", max_length=500, blank=True, editable=False)
    certificate_orgno = models.CharField("sertifikatets organisasjonsnummer", max_length=9, blank=True, editable=False)
    certificate_not_after = models.DateTimeField("sertifikatet utløper", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    updated_at = models.DateTimeField("endret", auto_now=True)

    class Meta:
        verbose_name = "kommuneintegrasjon"
        verbose_name_plural = "kommuneintegrasjoner"
        ordering = ["orgno"]

    def __str__(self) -> str:
        return f"{self.name or self.orgno} ({self.get_environment_display()})"

    @property
    def effective_issuer(self) -> str:
        return self.issuer or DEFAULT_ISSUERS.get(self.environment, "")

    @property
    def effective_ssg_base_url(self) -> str:
        return self.ssg_base_url or DEFAULT_SSG_URLS.get(self.environment, "")

    def password(self) -> str | None:
        """The password from a ``SKATTEDELING_SECRET_*`` variable (no other variable is ever read)."""
        return read_secret(self.secret_env_var)

    def clean(self) -> None:
        super().clean()
        if self.issuer and not self.issuer.endswith("/"):
            raise ValidationError({"issuer": "Issuer slutter med '/', f.eks. https://test.maskinporten.no/."})
        self._check_endpoints()
        has_cert, has_key = bool(self.certificate), bool(self.key_file)
        if has_cert == has_key:
            raise ValidationError(
                "Oppgi enten virksomhetssertifikat eller privat nøkkel med kid (ikke begge)."
            )
        if has_key and not self.key_id:
            raise ValidationError({"key_id": "Nøkkel-ID (kid) kreves sammen med privat nøkkel."})
        if has_cert and not self.secret_env_var:
            raise ValidationError({"secret_env_var": "Oppgi miljøvariabelen som holder sertifikatpassordet."})
        try:
            check_secret_env_var(self.secret_env_var)
        except ValueError as exc:
            raise ValidationError({"secret_env_var": str(exc)}) from None
        # Whether the variable is set is never said: an unset one reads as a wrong password below.
        self._check_credentials()

    def _check_endpoints(self) -> None:
        """Every URL this row makes the clients call, including the defaults (integrations.endpoints)."""
        errors = {}
        for field, url in (("issuer", self.effective_issuer), ("ssg_base_url", self.effective_ssg_base_url)):
            try:
                check_url(url)
            except EndpointNotAllowed as exc:
                errors[field] = str(exc)
        if errors:
            raise ValidationError(errors)

    def _check_credentials(self) -> None:
        field = "certificate" if self.certificate else "key_file"
        file = getattr(self, field)
        try:
            file.open("rb")
            data = file.read()
            file.seek(0)
        except OSError:
            raise ValidationError({field: "Filen kunne ikke leses."}) from None
        try:
            credentials = credentials_from_bytes(
                data,
                mode="x5c" if field == "certificate" else "kid",
                password=self.password(),
                kid=self.key_id,
            )
        except CredentialsError as exc:
            raise ValidationError({field: exc.message}) from None
        info = credentials.certificate
        if info:
            if self.consumer_org and info.orgno == self.consumer_org:
                raise ValidationError(
                    {
                        "consumer_org": "consumer_org kan ikke være sertifikatets eget "
                        "organisasjonsnummer (leverandøren bruker sitt eget)."
                    }
                )
            self.certificate_subject = info.subject[:500]
            self.certificate_orgno = info.orgno
            self.certificate_not_after = info.not_after
        else:
            self.certificate_subject, self.certificate_orgno, self.certificate_not_after = "", "", None


class Classification(models.TextChoices):
    PERSONINNTEKT = "personinntekt", "Personinntekt"
    KAPITALINNTEKT = "kapitalinntekt", "Kapitalinntekt"
    NOT_COUNTED = "not_counted", "Telles ikke"


class IncomeClassificationRuleQuerySet(models.QuerySet):
    """Bulk writes send no model signals; they invalidate the per-process tables themselves."""

    def update(self, **kwargs):
        count = super().update(**kwargs)
        classification_rules_changed.send(sender=self.model, using=self.db)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        classification_rules_changed.send(sender=self.model, using=self.db)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        classification_rules_changed.send(sender=self.model, using=self.db)
        return count


class IncomeClassificationRule(models.Model):
    teknisk_navn = models.CharField(
        "tekniskNavn",
        max_length=200,
        db_index=True,
        help_text="Eksakt navn, eller et mønster med * for en dokumentert familie (eksakt navn går foran).",
    )
    valid_from = models.PositiveSmallIntegerField("fra inntektsår", null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField("til og med inntektsår", null=True, blank=True)
    classification = models.CharField("klassifisering", max_length=20, choices=Classification.choices)
    note = models.TextField("merknad", blank=True)
    updated_at = models.DateTimeField("endret", auto_now=True)

    objects = IncomeClassificationRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "inntektsklassifisering"
        verbose_name_plural = "inntektsklassifiseringer"
        ordering = ["teknisk_navn", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_to")),
                name="integrations_rule_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        years = f"{self.valid_from or '…'}–{self.valid_to or '…'}"
        return f"{self.teknisk_navn} ({years}): {self.classification}"

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValidationError("Fra-år må være før eller lik til-år.")
        low, high = self.valid_from or 0, self.valid_to or 9999
        for other in IncomeClassificationRule.objects.filter(teknisk_navn=self.teknisk_navn).exclude(
            pk=self.pk
        ):
            if (other.valid_from or 0) <= high and low <= (other.valid_to or 9999):
                raise ValidationError(f"Overlapper med en annen rad for {self.teknisk_navn}: {other}.")
