"""Load the income classification table: the admin-edited database rows, or the seed data file.

The database (``IncomeClassificationRule``, seeded by migration 0002) is the source of truth. The CSV
data file is used only when the table is unavailable or empty (e.g. ``fetch_tax_basis`` against a
database that was never migrated), and that is logged.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError

from integrations.skatteetaten.classification import ClassificationTable, Rule, read_rules_file
from integrations.skatteetaten.result import Classification

logger = logging.getLogger(__name__)


def load_classification_table() -> ClassificationTable:
    from integrations.models import IncomeClassificationRule

    try:
        rows = list(IncomeClassificationRule.objects.all())
    except DatabaseError:
        rows = []
    if not rows:
        logger.warning("income classification table empty or unavailable; using the seed data file")
        return ClassificationTable(read_rules_file())
    return ClassificationTable(
        Rule(
            teknisk_navn=row.teknisk_navn,
            classification=Classification(row.classification),
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            note=row.note,
        )
        for row in rows
    )
