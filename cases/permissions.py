"""Who may do what in which municipality: membership + role, checked in one place."""
from cases.constants import Role
from cases.models import Membership


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
