"""Copy one kommune's synthetic cases into other kommuner inside PostgreSQL (``INSERT … SELECT``).

A vendor's million cases in 100 kommuner cannot be written through Python in reasonable time on a
small machine (the rules engine and Django's model layer cost a few ms per case); the database copies
its own rows at hundreds of thousands per second. ``replicate_kommune`` copies every case of the
template kommune — household, application, children, case, history, tax bases, vedtak and prices per
child — into each target kommune with new ids (a fixed offset per table and copy, so every foreign key
between copied rows points into the same copy). Persons are shared (``Person`` is one identity across
kommuner: the same synthetic families apply in every copy), users are kept. Dev-only.
"""
from django.db import connection, transaction

from cases.models import (
    Application,
    Case,
    CaseNumberSequence,
    CaseTransition,
    Child,
    ChildFee,
    Decision,
    Household,
    TaxBasis,
)

# Copied in this order (every foreign key to a copied model points to one earlier in the list), with the
# rows of the template kommune chosen by a filter on the kommune or on a copied parent.
MODELS = (
    (Household, "municipality_id = %(template)s"),
    (Application, "municipality_id = %(template)s"),
    (Child, "municipality_id = %(template)s"),
    (Case, "municipality_id = %(template)s"),
    (CaseNumberSequence, "municipality_id = %(template)s"),
    (CaseTransition, "case_id IN (SELECT id FROM cases_case WHERE municipality_id = %(template)s)"),
    (TaxBasis, "case_id IN (SELECT id FROM cases_case WHERE municipality_id = %(template)s)"),
    (Decision, "case_id IN (SELECT id FROM cases_case WHERE municipality_id = %(template)s)"),
    (ChildFee, "decision_id IN (SELECT d.id FROM cases_decision d JOIN cases_case c ON c.id = d.case_id "
               "WHERE c.municipality_id = %(template)s)"),
)


def _span(cursor, model, where: str, template: int) -> tuple[int, int, int]:
    """(lowest template id, number of ids the template's rows span, the table's highest id)."""
    table = model._meta.db_table
    cursor.execute(f"SELECT min(id), max(id) FROM {table} WHERE {where}", {"template": template})  # noqa: S608
    low, high = cursor.fetchone()
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
    return low or 0, (high - low + 1) if low is not None else 0, cursor.fetchone()[0]


def replicate_kommune(*, template_id: int, target_ids: list[int], on_copy=None) -> None:
    """Copy the template kommune's cases into each of ``target_ids`` (one transaction per target)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        spans = {model: _span(cursor, model, where, template_id) for model, where in MODELS}
    copied = {model for model, _where in MODELS}
    for number, target in enumerate(target_ids):
        # id in copy number n: old id − lowest + table max + 1 + n × span (no overlap with any row)
        delta = {model: top - low + 1 + number * span for model, (low, span, top) in spans.items()}
        with transaction.atomic(), connection.cursor() as cursor:
            for model, where in MODELS:
                if not spans[model][1]:
                    continue
                columns, values = [], []
                for field in model._meta.concrete_fields:
                    columns.append(qn(field.column))
                    if field.primary_key:
                        values.append(f"{qn(field.column)} + {delta[model]}")
                    elif field.column == "municipality_id":
                        values.append(str(int(target)))
                    elif field.is_relation and field.related_model in copied:
                        values.append(f"{qn(field.column)} + {delta[field.related_model]}")
                    else:
                        values.append(qn(field.column))
                cursor.execute(
                    f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
                    f"SELECT {', '.join(values)} FROM {model._meta.db_table} WHERE {where}", {"template": template_id})
        if on_copy:
            on_copy(number + 1, target)
    with connection.cursor() as cursor:
        for model, _where in MODELS:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {table}))",  # noqa: S608
                           [table])
