"""Who may see statistics: kommune administrators and godkjennere (leaders), not plain saksbehandlere."""
from cases.constants import Role
from cases.permissions import municipality_ids

STATS_ROLES = (Role.ADMINISTRATOR, Role.GODKJENNER)


def stats_municipality_ids(user) -> list[int]:
    """The municipalities whose statistics ``user`` may see (empty for anonymous users)."""
    return municipality_ids(user, *STATS_ROLES)
