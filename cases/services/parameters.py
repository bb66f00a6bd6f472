"""Legal parameters in the database: loading the seed and building the rules engine's table."""
from django.db import transaction

from cases.models import LegalParameter
from cases.rules.parameters import ParameterRow, ParameterTable
from cases.rules.seed import SEED_ROWS


@transaction.atomic
def legal_parameters_load_seed() -> int:
    """Insert the seed rows that are missing; return how many were added."""
    existing = set(LegalParameter.objects.values_list("key", "qualifier", "valid_from"))
    new = [
        LegalParameter(key=row.key, qualifier=row.qualifier, valid_from=row.valid_from, valid_to=row.valid_to,
                       value=row.value, source=row.source[:500], verified=row.verified, note=row.note)
        for row in SEED_ROWS
        if (row.key, row.qualifier, row.valid_from) not in existing
    ]
    LegalParameter.objects.bulk_create(new)
    return len(new)


def parameter_table() -> ParameterTable:
    """The engine's table from the current database rows (raises OverlappingParameters on bad data)."""
    return ParameterTable(
        ParameterRow(key=p.key, qualifier=p.qualifier, valid_from=p.valid_from, valid_to=p.valid_to,
                     value=p.value, source=p.source, verified=p.verified, note=p.note)
        for p in LegalParameter.objects.all()
    )
