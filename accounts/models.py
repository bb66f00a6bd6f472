"""Identity providers for staff login, the mapping of an IdP subject to a user, and a kommune's login policy.

A user is found by (issuer, subject), where the subject is the provider's configured stable claim
(``sub`` by default; ``oid`` for Microsoft Entra ID), never by e-mail. Nobody is created at login: a
kommune administrator (or the operator) registers the identity in advance; roles still come from
``cases.Membership``.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

SECRET_ENV_PREFIX = "SKATTEDELING_SECRET_"


def _split(value: str) -> list[str]:
    return [part for part in value.replace(",", " ").split() if part]


class IdentityProvider(models.Model):
    """An OpenID Connect provider staff log in with (Entra ID tenant, Ansattporten, a kommune's own IdP)."""

    slug = models.SlugField("kortnavn", unique=True, help_text="Brukes i adressen: /logg-inn/oidc/<kortnavn>/.")
    name = models.CharField("navn på knappen", max_length=100, help_text="Vises som «Logg inn med <navn>».")
    enabled = models.BooleanField("i bruk", default=True)
    issuer = models.URLField(
        "utsteder (issuer)", max_length=300,
        help_text="Nøyaktig som i ID-tokenet, f.eks. https://login.microsoftonline.com/<tenant-id>/v2.0. "
                  "Endepunktene hentes fra <issuer>/.well-known/openid-configuration.",
    )
    client_id = models.CharField("klient-ID", max_length=200)
    client_secret_env_var = models.CharField(
        "miljøvariabel med klienthemmelighet", max_length=100,
        validators=[RegexValidator(rf"^{SECRET_ENV_PREFIX}[A-Z0-9_]+$",
                                   f"Navnet må starte med {SECRET_ENV_PREFIX} og bare ha A–Z, 0–9 og _.")],
        help_text=f"Hemmeligheten lagres aldri i databasen. Navnet må starte med {SECRET_ENV_PREFIX}.",
    )
    scopes = models.CharField("scopes", max_length=200, default="openid profile")
    subject_claim = models.CharField(
        "claim som identifiserer brukeren", max_length=50, default="sub",
        help_text="Et stabilt claim: «sub», eller «oid» for Microsoft Entra ID. Aldri e-post.",
    )
    acr_values = models.CharField(
        "krevde acr-verdier", max_length=200, blank=True,
        help_text="Sendes som acr_values; tokenets acr må være en av dem (mellomrom eller komma mellom).",
    )
    require_mfa = models.BooleanField("krev tofaktor for alle", default=False)
    mfa_amr_values = models.CharField(
        "amr-verdier som betyr tofaktor", max_length=200, default="mfa",
        help_text="Tofaktor er brukt når tokenets amr har en av disse (Entra ID: mfa).",
    )
    mfa_acr_values = models.CharField(
        "acr-verdier som betyr tofaktor", max_length=200, blank=True,
        help_text="Eller når tokenets acr er en av disse (f.eks. idporten-loa-high).",
    )
    municipalities = models.ManyToManyField(
        "cases.Municipality", blank=True, related_name="+", verbose_name="kommuner",
        help_text="Kommunene leverandøren logger inn ansatte for. Tom: alle kommuner i installasjonen.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "identitetsleverandør"
        verbose_name_plural = "identitetsleverandører"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(client_secret_env_var__startswith=SECRET_ENV_PREFIX),
                name="idp_secret_env_prefix",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if settings.PRODUCTION and not self.issuer.startswith("https://"):
            raise ValidationError({"issuer": "I produksjon må utstederen bruke https."})
        if self.subject_claim.strip().lower() in {"email", "preferred_username", "upn", "unique_name"}:
            raise ValidationError(
                {"subject_claim": "E-post og brukernavn kan endres eller gjenbrukes; velg sub eller oid."}
            )

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def acr_list(self) -> list[str]:
        return _split(self.acr_values)

    @property
    def mfa_amr_list(self) -> list[str]:
        return _split(self.mfa_amr_values)

    @property
    def mfa_acr_list(self) -> list[str]:
        return _split(self.mfa_acr_values)


class StaffIdentity(models.Model):
    """«This person at this IdP is this user»: (issuer, subject) → user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_identities",
                             verbose_name="bruker")
    issuer = models.URLField("utsteder (issuer)", max_length=300)
    subject = models.CharField("identifikator (subject)", max_length=255,
                               help_text="Verdien av leverandørens identifiserende claim (sub eller oid).")
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField("sist innlogget", null=True, blank=True)

    class Meta:
        verbose_name = "innloggingsidentitet"
        verbose_name_plural = "innloggingsidentiteter"
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="staff_identity_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"


class MunicipalityLoginPolicy(models.Model):
    """A kommune's own login requirements (in addition to its identity provider's)."""

    municipality = models.OneToOneField("cases.Municipality", on_delete=models.CASCADE, related_name="login_policy",
                                        verbose_name="kommune")
    require_mfa = models.BooleanField(
        "krev tofaktor", default=True,
        help_text="Ansatte i kommunen slipper bare inn når identitetsleverandøren bekrefter tofaktor (amr/acr).",
    )

    class Meta:
        verbose_name = "innloggingskrav"
        verbose_name_plural = "innloggingskrav"

    def __str__(self) -> str:
        return f"Innloggingskrav for {self.municipality}"
