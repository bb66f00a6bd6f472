"""Load the income classification table: the admin-edited database rows, or the seed data file.

The database (``IncomeClassificationRule``, seeded by migration 0002) is the source of truth. The CSV
data file is used only when the table is unavailable or empty (e.g. ``fetch_tax_basis`` against a
database that was never migrated), and that is logged.

:func:`classification_table` keeps the table per process (reading its ≈ 115 rows for every person cost
1.4–2.7 ms CPU). Invalidation (docs/integrations.md § "Income classification"): a version token in the
Django cache (Redis, shared by every process), replaced whenever a rule is saved or deleted — by the
model's signals, at once and again when the transaction commits, and by the rule queryset's bulk
``update``/``bulk_create``/``bulk_update`` — and read with one cache get per lookup. A process reloads
when the token differs from the one its copy was loaded under, and in any case after
``INTEGRATIONS_CLASSIFICATION_MAX_AGE_S`` (60 s), which bounds edits that bypass the model (raw SQL,
a migration's historical model) or a per-process cache backend.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import post_delete, post_save

from integrations.conf import setting
from integrations.models import IncomeClassificationRule, classification_rules_changed
from integrations.skatteetaten.classification import ClassificationTable, Rule, read_rules_file
from integrations.skatteetaten.result import Classification

logger = logging.getLogger(__name__)

VERSION_KEY = "integrations:classification:version"
DEFAULT_MAX_AGE_S = 60.0


def load_classification_table() -> ClassificationTable:
    """Read the table now (no cache)."""
    try:
        rows = list(IncomeClassificationRule.objects.all())
    except DatabaseError:
        if connection.in_atomic_block:  # PostgreSQL has aborted the caller's transaction: say so, do not go on
            raise
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


@dataclass(frozen=True)
class _Loaded:
    version: str
    loaded_at: float  # time.monotonic()
    table: ClassificationTable


_loaded: _Loaded | None = None  # replaced as a whole, so a reader never sees half an update
_reload_lock = threading.Lock()


def _cache():
    return cache


def _max_age_s() -> float:
    value = setting("INTEGRATIONS_CLASSIFICATION_MAX_AGE_S", DEFAULT_MAX_AGE_S)
    return float(DEFAULT_MAX_AGE_S if value in ("", None) else value)


def current_version() -> str | None:
    """The shared version token (created if missing), or None when the cache cannot be reached."""
    cache = _cache()
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            fresh = uuid.uuid4().hex
            version = fresh if cache.add(VERSION_KEY, fresh, timeout=None) else cache.get(VERSION_KEY)
    except Exception:  # the cache is down: still classify, from the database every time
        logger.warning("cache unavailable; reading the income classification table without caching")
        return None
    return version


def _usable(loaded: _Loaded | None, version: str | None) -> bool:
    """This process's copy is current: loaded under the same version token, and young enough."""
    return (
        loaded is not None
        and version is not None
        and loaded.version == version
        and time.monotonic() - loaded.loaded_at < _max_age_s()
    )


def classification_table() -> ClassificationTable:
    """The table, from this process's copy while the shared version token is unchanged and it is young."""
    global _loaded
    version = current_version()  # read before the rows: an edit after this point changes the token
    loaded = _loaded
    if _usable(loaded, version):
        return loaded.table
    with _reload_lock:  # one reload at a time per process; a waiting thread may then use its result
        loaded = _loaded
        if _usable(loaded, version):
            return loaded.table
        table = load_classification_table()
        if version is not None:
            _loaded = _Loaded(version, time.monotonic(), table)
        return table


def forget_local_copy() -> None:
    """Drop this process's copy (the next lookup reads the database)."""
    global _loaded
    _loaded = None


def invalidate_classification_table() -> None:
    """Make every process reload: a new version token in the shared cache, and drop the local copy."""
    forget_local_copy()
    try:
        _cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the cache is down; processes read the database while it is (current_version)
        logger.warning("cache unavailable; could not publish the income classification change")


def rules_changed(*, using: str | None = None) -> None:
    """A rule was written: invalidate now (this transaction may read it) and again after the commit.

    The second token matters: a process that reloaded between the first token and the commit read the
    old rows; the token published on commit makes it read again.
    """
    invalidate_classification_table()
    transaction.on_commit(invalidate_classification_table, using=using)


def _on_rule_signal(sender, using=None, **kwargs) -> None:
    rules_changed(using=using)


def connect_signals() -> None:
    post_save.connect(_on_rule_signal, sender=IncomeClassificationRule, dispatch_uid="classification-saved")
    post_delete.connect(_on_rule_signal, sender=IncomeClassificationRule, dispatch_uid="classification-deleted")
    classification_rules_changed.connect(_on_rule_signal, sender=IncomeClassificationRule,
                                         dispatch_uid="classification-bulk-changed")
