"""Who may log in, as data: the refusal reasons (an enum) and the checks applied to validated ID-token claims.

The signature, ``iss``, ``aud``, ``exp``, ``iat``, ``nonce`` and ``at_hash`` are checked by Authlib before
this module sees the claims (accounts/oidc.py); here: the subject, the identity mapping, the kommuner the
provider serves, ``acr`` and MFA. Labels in Norwegian live in accounts/labels.py.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from django.conf import settings

from accounts.models import IdentityProvider, MunicipalityLoginPolicy, StaffIdentity


class Refusal(enum.Enum):
    STATE_MISMATCH = "state_mismatch"
    CANCELLED = "cancelled"
    IDP_ERROR = "idp_error"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    TOKEN_INVALID = "token_invalid"
    SUBJECT_MISSING = "subject_missing"
    UNKNOWN_SUBJECT = "unknown_subject"
    INACTIVE_USER = "inactive_user"
    NOT_SERVED = "not_served"
    ACR_TOO_LOW = "acr_too_low"
    MFA_REQUIRED = "mfa_required"
    PASSWORD_LOGIN_NOT_ALLOWED = "password_login_not_allowed"


class LoginRefused(Exception):
    def __init__(self, reason: Refusal, subject: str = "") -> None:
        super().__init__(reason.value)
        self.reason, self.subject = reason, subject


@dataclass(frozen=True)
class Outcome:
    identity: StaffIdentity
    mfa: bool


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def mfa_used(provider: IdentityProvider, claims: dict) -> bool:
    amr = set(_as_list(claims.get("amr")))
    acr = str(claims.get("acr") or "")
    return bool(amr & set(provider.mfa_amr_list)) or (bool(acr) and acr in provider.mfa_acr_list)


def mfa_required(provider: IdentityProvider, municipality_ids: set[int]) -> bool:
    if provider.require_mfa:
        return True
    return MunicipalityLoginPolicy.objects.filter(municipality_id__in=municipality_ids, require_mfa=True).exists()


def check_claims(provider: IdentityProvider, claims: dict) -> Outcome:
    """Map validated claims to a staff identity, or raise LoginRefused with the reason."""
    subject = claims.get(provider.subject_claim)
    if not isinstance(subject, str) or not subject:
        raise LoginRefused(Refusal.SUBJECT_MISSING)
    identity = (StaffIdentity.objects.select_related("user")
                .filter(issuer=provider.issuer, subject=subject).first())
    if identity is None:
        raise LoginRefused(Refusal.UNKNOWN_SUBJECT, subject=subject)
    user = identity.user
    if not user.is_active:
        raise LoginRefused(Refusal.INACTIVE_USER)
    kommuner = set(user.memberships.values_list("municipality_id", flat=True))
    served = set(provider.municipalities.values_list("pk", flat=True))
    if served and not (kommuner & served) and not user.is_superuser:
        raise LoginRefused(Refusal.NOT_SERVED)
    if provider.acr_list and str(claims.get("acr") or "") not in provider.acr_list:
        raise LoginRefused(Refusal.ACR_TOO_LOW)
    used = mfa_used(provider, claims)
    if not used and mfa_required(provider, kommuner & served if served else kommuner):
        raise LoginRefused(Refusal.MFA_REQUIRED)
    return Outcome(identity=identity, mfa=used)


def password_login_allowed(user) -> bool:
    """Password login for everyone, or (``superusers``) only for the break-glass operator while an
    identity provider is in use."""
    if settings.PASSWORD_LOGIN == "all" or user.is_superuser:
        return True
    return not IdentityProvider.objects.filter(enabled=True).exists()
