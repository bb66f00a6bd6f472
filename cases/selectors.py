"""Read queries used by views, always scoped to the user's municipalities (one place to make them fast)."""
from django.db.models import QuerySet

from cases.models import Case
from cases.permissions import municipality_ids


def cases_for_user(user) -> QuerySet[Case]:
    """Every case the user may see: only those of municipalities where the user has a role."""
    return Case.objects.filter(municipality_id__in=municipality_ids(user)).select_related(
        "municipality", "application", "application__household", "application__household__applicant",
        "assigned_to",
    )
