"""Every write of the billing app: an export run with its lines, and the API tokens.

``export_run_create`` is the one way a run is made (the staff page and the API call it): it locks the
kommune's row so two exports never both bill the same month, resolves «since», computes the lines
(``cases.billing.months``) against what the chain of earlier runs billed, and stores run and lines in
one transaction. Bad input (an unknown run, a malformed date or month) raises ``ExportRefused`` with a
field key and a code, and nothing is written.
"""
import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases.models import AuditEvent, Child, Decision, Municipality
from cases.services.audit import audit_record

from . import formats, selectors
from .models import BillingToken, ExportLine, ExportRun
from .months import CORRECTION, compare, month_start

TOKEN_PREFIX = "sdb"
_TOKEN = re.compile(r"^sdb_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class ExportRefused(Exception):
    """Bad input for an export: ``field`` (since / through) and ``code`` say which and why."""

    def __init__(self, field: str, code: str, message: str):
        super().__init__(message)
        self.field, self.code, self.message = field, code, message


@dataclass(frozen=True)
class Since:
    """The export a new one follows (None: from the start), and what was asked for."""

    run: ExportRun | None
    requested: str


def parse_since(municipality_id: int, value: str | None) -> Since:
    """«since»: empty → the kommune's last export; an export id; a date (the last export on or before it);
    ``start`` → everything from the start."""
    value = (value or "").strip()
    if value == "":
        return Since(selectors.latest_run(municipality_id), "")
    if value == "start":
        return Since(None, value)
    if value.isdigit():
        run = selectors.run_for(municipality_id, int(value))
        if run is None:  # another kommune's run is as unknown as a run that never was
            raise ExportRefused("since", "unknown_export", "Ukjent eksport.")
        return Since(run, value)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ExportRefused("since", "invalid", "«since» må være et eksport-nummer, en dato (ÅÅÅÅ-MM-DD) eller "
                                                "«start».") from None
    return Since(selectors.latest_run_on(municipality_id, day), value)


def default_through(today: dt.date | None = None) -> dt.date:
    """The last month an export includes by default: this month plus ``BILLING_MONTHS_AHEAD``."""
    month = month_start(today or timezone.localdate())
    for _ in range(settings.BILLING_MONTHS_AHEAD):
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return month


def parse_through(value: str | None, *, today: dt.date | None = None) -> dt.date:
    """«through»: a month ``YYYY-MM`` (at most 12 months ahead), or empty for the default."""
    value = (value or "").strip()
    if not value:
        return default_through(today)
    match = _MONTH.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ExportRefused("through", "invalid", "«through» må være en måned på formen ÅÅÅÅ-MM.")
    month = dt.date(int(match.group(1)), int(match.group(2)), 1)
    limit = month_start(today or timezone.localdate()) + dt.timedelta(days=366)
    if month > limit:
        raise ExportRefused("through", "too_far_ahead", "Kan ikke eksportere mer enn 12 måneder fram i tid.")
    return month


def export_lines(*, municipality_id: int, since: ExportRun | None, through: dt.date):
    """The lines an export made now would give (nothing is stored)."""
    periods, latest = selectors.fee_periods(municipality_id)
    return compare(periods, selectors.billed_after(since), through, fallback=latest)


def _rows(lines, run: ExportRun | None = None) -> list[ExportLine]:
    return [
        ExportLine(run=run, child_id=line.period.child_id, decision_id=line.period.decision_id,
                   child_key=line.period.child_key, place=line.period.place, month=line.month, line_type=line.line_type,
                   change=line.change, change_date=line.change_date, period_from=line.period_from,
                   period_to=line.period_to, days=line.days, days_in_month=line.days_in_month,
                   ordinary_price=line.period.ordinary, reduced_price=line.period.reduced,
                   ordinary_amount=line.ordinary_amount, reduced_amount=line.reduced_amount,
                   outcome=line.period.outcome, price_rule=line.period.price_rule,
                   reasons=list(line.period.reasons))
        for line in lines
    ]


def preview_lines(*, municipality_id: int, since: ExportRun | None, through: dt.date) -> list[dict]:
    """The lines an export made now would give, as the API shows them (nothing is stored)."""
    rows = _rows(export_lines(municipality_id=municipality_id, since=since, through=through))
    children = Child.objects.select_related("person").in_bulk({row.child_id for row in rows})
    decisions = Decision.objects.select_related("case").in_bulk({row.decision_id for row in rows})
    for row in rows:
        row.child, row.decision = children[row.child_id], decisions[row.decision_id]
    return [formats.line_dict(row) for row in rows]


def export_run_create(*, municipality_id: int, actor=None, token: BillingToken | None = None,
                      since: str | None = None, through: str | None = None) -> ExportRun:
    """Make and store an export for the kommune (see the module docstring). ``actor`` is the staff user,
    ``token`` the API key that asked; one of them is set."""
    with transaction.atomic():
        municipality = Municipality.objects.select_for_update().get(pk=municipality_id)
        chosen = parse_since(municipality_id, since)
        through_month = parse_through(through)
        lines = export_lines(municipality_id=municipality_id, since=chosen.run, through=through_month)
        run = ExportRun.objects.create(
            municipality=municipality, created_by=actor if getattr(actor, "is_authenticated", False) else None,
            token=token, channel=ExportRun.Channel.API if token else ExportRun.Channel.PAGE,
            since_run=chosen.run, since_requested=chosen.requested, through_month=through_month,
            line_count=len(lines), correction_count=sum(1 for line in lines if line.line_type == CORRECTION),
            total_reduced_amount=sum(line.reduced_amount for line in lines),
        )
        ExportLine.objects.bulk_create(_rows(lines, run))
        who = f"API-nøkkel {token.prefix}" if token else "nettsiden"
        audit_record(action=AuditEvent.Action.EXPORT, actor=run.created_by, municipality=municipality,
                     detail=f"Faktureringsgrunnlag: eksport {run.pk} til og med {through_month:%Y-%m} "
                            f"({run.line_count} linjer, via {who})")
    return run


# --- API tokens ---------------------------------------------------------------------------------------

def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_DUMMY_HASH = _hash("sdb_000000000000_" + "0" * 43)


def billing_token_create(*, municipality_id: int, name: str, actor) -> tuple[BillingToken, str]:
    """A new API key for the kommune; returns the row and the key itself, which is shown once and never stored."""
    if not name.strip():
        raise ExportRefused("name", "required", "Gi nøkkelen et navn.")
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    row = BillingToken.objects.create(municipality_id=municipality_id, name=name.strip(), prefix=prefix,
                                      token_hash=_hash(token), created_by=actor)
    return row, token


def billing_token_revoke(*, token_id: int, actor) -> BillingToken:
    with transaction.atomic():
        row = BillingToken.objects.select_for_update().get(pk=token_id)
        if row.revoked_at is None:
            row.revoked_at, row.revoked_by = timezone.now(), actor
            row.save(update_fields=["revoked_at", "revoked_by"])
    return row


def billing_token_authenticate(presented: str) -> BillingToken | None:
    """The active token ``presented`` is, or None. Compared in constant time against the stored hash (a
    malformed or unknown key is compared against a dummy hash, so timing tells nothing)."""
    match = _TOKEN.match(presented or "")
    row = BillingToken.objects.select_related("municipality").filter(prefix=match.group(1)).first() if match else None
    expected = row.token_hash if row is not None else _DUMMY_HASH
    if not hmac.compare_digest(_hash(presented or ""), expected) or row is None or row.revoked_at is not None:
        return None
    BillingToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row
