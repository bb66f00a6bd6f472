"""Who may do what in which municipality: membership + role, checked in one place."""
from cases.constants import Role
from cases.models import Membership, Municipality, User


def actor_or_none(user):
    """The user to record as the actor of a write, or None for the system (a task) and anonymous users."""
    return user if getattr(user, "is_authenticated", False) else None


def municipality_ids(user, *roles: str) -> list[int]:
    """The municipalities where the user has any of ``roles`` (any role when none is given)."""
    if not user.is_authenticated:
        return []
    qs = Membership.objects.filter(user=user)
    if roles:
        qs = qs.filter(role__in=roles)
    return list(qs.values_list("municipality_id", flat=True).distinct())


def has_role(user, municipality_id: int, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, municipality_id=municipality_id, role__in=roles).exists()


def can_work_cases(user, municipality_id: int) -> bool:
    return has_role(user, municipality_id, Role.SAKSBEHANDLER, Role.GODKJENNER, Role.ADMINISTRATOR)


def can_approve(user, municipality_id: int) -> bool:
    return has_role(user, municipality_id, Role.GODKJENNER)


def can_administer(user, municipality_id: int) -> bool:
    return has_role(user, municipality_id, Role.ADMINISTRATOR)


# --- The Django admin (cases/admin/scoping.py and docs/security.md § Roles) --------------------------

def administered_municipality_ids(user) -> list[int]:
    """Municipalities the user administers in the Django admin: staff with the administrator role."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return []
    return municipality_ids(user, Role.ADMINISTRATOR)


def administered_orgnos(user) -> list[str]:
    """The organisasjonsnumre of those municipalities (the integrations admin's scope; see settings)."""
    ids = administered_municipality_ids(user)
    return list(Municipality.objects.filter(pk__in=ids).values_list("organisasjonsnummer", flat=True))


def users_visible_to(municipality_ids_: list[int]):
    """Users a kommune administrator may see: non-superusers with a membership in one of ``municipality_ids_``."""
    return User.objects.filter(is_superuser=False, memberships__municipality_id__in=municipality_ids_).distinct()


def user_is_managed_by(target, municipality_ids_: list[int]) -> bool:
    """May a kommune administrator of ``municipality_ids_`` change ``target`` (name, password, active)?

    Only when every membership of ``target`` lies in those municipalities: a user who also works for
    another kommune (or has no membership, or is a superuser) belongs to someone else as well, and
    setting their password would open that other kommune's cases.
    """
    if target.is_superuser:
        return False
    kommuner = set(Membership.objects.filter(user=target).values_list("municipality_id", flat=True))
    return bool(kommuner) and kommuner <= set(municipality_ids_)
