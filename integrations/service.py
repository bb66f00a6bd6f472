"""The one public face of the integrations app — the only module the cases app imports.

- :func:`get_tax_basis` fetches and classifies one person's Summert skattegrunnlag for a kommune.
- :func:`get_tax_bases` does the same for many persons at once, on the process's asynchronous fetcher
  (``integrations/fetcher.py``: one event loop, 5 calls in flight per organisation across all processes).
- :func:`classify_tax_basis_body` classifies a raw V2 body without HTTP (used by ``calculate_fee``).
- :func:`integration_status` tells the admin/UI whether a kommune is configured and how.
- :func:`send_letter`, :func:`letter_status`, :func:`letter_statuses`, :func:`svarut_setup`: letters
  through KS Fiks SvarUt (``integrations/svarut/``), idempotent by the letter's reference.
- :func:`tax_post_label` gives a readable name for a tekniskNavn (the classification table's note).

Errors: :class:`TransientIntegrationError` (retry later) and :class:`PermanentIntegrationError`
(configuration or access; the message is safe to show a caseworker). A fødselsnummer never appears
in a log line or an exception message; every fetch writes one audit line with the masked id.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.utils import timezone

from integrations.conf import IntegrationSettings, load_credentials, resolve, setting
from integrations.errors import (
    IntegrationError,
    NotConfiguredError,
    PermanentIntegrationError,
    TransientIntegrationError,
    mask_person_id,
)
from integrations.factory import default_cache, ssg_client, token_source
from integrations.fetcher import Job, run_lookups
from integrations.http import build_http_client
from integrations.skatteetaten.classification import classify_body
from integrations.skatteetaten.client import check_person_id
from integrations.skatteetaten.policy import candidate_years, fetch_tax_basis, tax_basis_steps
from integrations.skatteetaten.result import Classification, Outcome, TaxBasisItem, TaxBasisResult
from integrations.svarut.config import resolve_svarut
from integrations.svarut.wiring import svarut_client
from integrations.tables import classification_table

__all__ = [
    "ArchiveMetadata",
    "ArchiveTarget",
    "Classification",
    "Document",
    "Letter",
    "LetterError",
    "LetterStatus",
    "NotConfiguredError",
    "Recipient",
    "SendReceipt",
    "SvarUtError",
    "SvarUtSendUncertain",
    "SvarUtUnavailable",
    "is_valid_person_id",
    "letter_status",
    "letter_statuses",
    "send_letter",
    "svarut_archive_target",
    "SvarUtSetup",
    "svarut_setup",
    "IntegrationStatus",
    "Outcome",
    "PermanentIntegrationError",
    "TaxBasisItem",
    "TaxBasisResult",
    "TransientIntegrationError",
    "check_letter",
    "classify_tax_basis_body",
    "get_tax_basis",
    "get_tax_bases",
    "TaxBasisRequest",
    "integration_status",
    "tax_post_label",
    "mask_person_id",
]

audit = logging.getLogger("integrations.audit")


def _years(income_year: int | None, max_years_back: int | None) -> list[int]:
    return candidate_years(
        income_year,
        max_years_back,
        today=timezone.localdate(),
        default_lookback=int(setting("SKATTEETATEN_INCOME_YEAR_LOOKBACK", 2)),
    )


def _audit_failed(orgno: str, person_id: str, purpose: str, exc: IntegrationError) -> None:
    audit.warning(
        "tax basis fetch failed: orgno=%s person=%s purpose=%r error=%s code=%s trace_id=%s korrelasjonsid=%s",
        orgno, mask_person_id(person_id), purpose, type(exc).__name__, exc.code or "-", exc.trace_id or "-",
        exc.korrelasjonsid or "-",
    )


def _audit_fetched(orgno: str, person_id: str, purpose: str, source: str, result: TaxBasisResult) -> None:
    audit.info(
        "tax basis fetched: orgno=%s person=%s purpose=%r source=%s outcome=%s inntektsaar=%s stadie=%s "
        "korrelasjonsid=%s tried=%s",
        orgno, mask_person_id(person_id), purpose, source, result.outcome, result.inntektsaar, result.stadie,
        result.korrelasjonsid or "-", ",".join(result.tried),
    )


def get_tax_basis(
    *,
    orgno: str,
    person_id: str,
    income_year: int | None = None,
    purpose: str = "",
    max_years_back: int | None = None,
) -> TaxBasisResult:
    """Fetch and classify the person's tax basis for the kommune ``orgno`` (synchronously).

    ``income_year`` given: that year only (or walk back ``max_years_back`` years on no data).
    ``income_year`` None: last year first, walking back ``SKATTEETATEN_INCOME_YEAR_LOOKBACK`` (2)
    years. Within a year: ``oppgjoer``, then ``utkast`` on SSG-008.
    Raises ValueError for a person id that is not 11 digits (nothing is sent).
    """
    person_id = check_person_id(person_id)
    years = _years(income_year, max_years_back)
    try:
        config = resolve(orgno)
        with ssg_client(config) as client:
            result = fetch_tax_basis(
                client, person_id=person_id, years=years, table=classification_table, now=timezone.now
            )
    except IntegrationError as exc:
        _audit_failed(orgno, person_id, purpose, exc)
        raise
    _audit_fetched(orgno, person_id, purpose, config.source, result)
    return result


@dataclass(frozen=True)
class TaxBasisRequest:
    """One lookup for :func:`get_tax_bases` (the arguments of :func:`get_tax_basis`)."""

    orgno: str
    person_id: str
    income_year: int | None = None
    max_years_back: int | None = None
    purpose: str = ""


def get_tax_bases(requests: list[TaxBasisRequest]) -> list[TaxBasisResult | Exception]:
    """Fetch many tax bases concurrently on the process's asynchronous fetcher; same rules as
    :func:`get_tax_basis`, same audit line per lookup.

    Returns, in order, each request's :class:`TaxBasisResult` or its exception (a
    :class:`TransientIntegrationError`, a :class:`PermanentIntegrationError`, or ValueError for a
    person id that is not 11 digits, which is never sent). Blocks until all are done. Not for use from
    a running event loop.
    """
    table = classification_table()  # read here: the ORM and the cache are not used on the loop
    configs: dict[str, IntegrationSettings | IntegrationError] = {}
    outcomes: list[TaxBasisResult | Exception | None] = [None] * len(requests)
    jobs, positions = [], []
    for index, request in enumerate(requests):
        try:
            person_id = check_person_id(request.person_id)
        except ValueError as exc:
            outcomes[index] = exc
            continue
        if request.orgno not in configs:
            try:
                configs[request.orgno] = resolve(request.orgno)
            except IntegrationError as exc:
                configs[request.orgno] = exc
        config = configs[request.orgno]
        if isinstance(config, IntegrationError):
            outcomes[index] = config
            continue
        years = _years(request.income_year, request.max_years_back)
        jobs.append(Job(config, lambda wire, p=person_id, y=years: tax_basis_steps(
            wire, person_id=p, years=y, table=lambda: table, now=timezone.now)))
        positions.append(index)
    for index, outcome in zip(positions, run_lookups(jobs), strict=True):
        outcomes[index] = outcome
    for request, outcome in zip(requests, outcomes, strict=True):
        if isinstance(outcome, IntegrationError):
            _audit_failed(request.orgno, request.person_id, request.purpose, outcome)
        elif isinstance(outcome, TaxBasisResult):
            _audit_fetched(request.orgno, request.person_id, request.purpose,
                           configs[request.orgno].source, outcome)
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, IntegrationError | ValueError):
            raise outcome  # a bug, not an answer: fail the task like the sync path would
    return outcomes


def classify_tax_basis_body(body: dict) -> TaxBasisResult:
    """Classify a raw V2 response body with the project's table (no HTTP). Raises ValueError if not a dict."""
    return classify_body(body, classification_table())


@dataclass(frozen=True)
class IntegrationStatus:
    orgno: str
    configured: bool
    source: str = ""  # "database" or "environment"
    environment: str = ""  # "test", "prod" or "custom"
    vendor_mode: bool = False
    client_id: str = ""
    issuer: str = ""
    ssg_base_url: str = ""
    credential_mode: str = ""  # "x5c" or "kid"
    certificate_subject: str = ""
    certificate_orgno: str = ""
    certificate_expires: dt.datetime | None = None
    certificate_days_left: int | None = None
    token_ok: bool | None = None  # only when check_token=True
    problem: str = ""  # a caseworker-safe message, empty when all is well


def _status(config: IntegrationSettings, orgno: str) -> dict:
    return {
        "orgno": orgno,
        "configured": True,
        "source": config.source,
        "environment": config.environment,
        "vendor_mode": config.vendor_mode,
        "client_id": config.client_id,
        "issuer": config.issuer,
        "ssg_base_url": config.ssg_base_url,
        "credential_mode": config.mode,
    }


def integration_status(orgno: str, *, check_token: bool = False) -> IntegrationStatus:
    """Is the kommune configured, which route and environment, when does the certificate expire?

    No network unless ``check_token`` (then one token is fetched through the shared cache).
    """
    try:
        config = resolve(orgno)
    except NotConfiguredError as exc:
        return IntegrationStatus(orgno=orgno, configured=False, problem=str(exc))
    fields = _status(config, orgno)
    try:
        credentials = load_credentials(config)
    except PermanentIntegrationError as exc:
        return IntegrationStatus(**fields, problem=str(exc))
    info = credentials.certificate
    if info:
        fields.update(
            certificate_subject=info.subject,
            certificate_orgno=info.orgno,
            certificate_expires=info.not_after,
            certificate_days_left=info.days_left(),
        )
    if not check_token:
        return IntegrationStatus(**fields)
    try:
        with build_http_client(timeout_s=config.timeout_s) as http:
            token_source(config, http, default_cache()).token()
    except IntegrationError as exc:
        return IntegrationStatus(**fields, token_ok=False, problem=str(exc))
    return IntegrationStatus(**fields, token_ok=True)


# --- KS Fiks SvarUt -------------------------------------------------------------------------------
from integrations.svarut.errors import SvarUtError, SvarUtSendUncertain, SvarUtUnavailable  # noqa: E402
from integrations.svarut.letter import (  # noqa: E402
    ArchiveMetadata,
    Document,
    Letter,
    LetterError,
    LetterStatus,
    Recipient,
    SendReceipt,
    check_letter,
    is_valid_person_id,
)


@dataclass(frozen=True)
class ArchiveTarget:
    """Where the archive copy goes: the kommune's own organisasjonsnummer (its SvarInn) and, when the
    kommune named one, the archive case (saksaar, sakssekvensnummer) it is filed in."""

    orgno: str
    case: tuple[int, int] | None = None


@dataclass(frozen=True)
class SvarUtSetup:
    """What planning a delivery needs to know of a kommune's SvarUt, from one read of its configuration:
    whether letters can go through SvarUt (else the caseworker-safe problem), and the archive copy's target
    (None when archive copies are off or SvarUt is not configured). No network."""

    configured: bool
    problem: str = ""
    archive: ArchiveTarget | None = None


def svarut_setup(orgno: str) -> SvarUtSetup:
    """The kommune's :class:`SvarUtSetup` (one read of its SvarUt configuration)."""
    try:
        config = resolve_svarut(orgno)
    except PermanentIntegrationError as exc:
        return SvarUtSetup(False, str(exc))
    return SvarUtSetup(True, "", ArchiveTarget(config.archive_orgno, config.archive_case)
                       if config.archive_copy else None)


def svarut_archive_target(orgno: str) -> ArchiveTarget | None:
    """The archive copy's target, or None when archive copies are off or SvarUt is not configured."""
    return svarut_setup(orgno).archive


def send_letter(*, orgno: str, letter: Letter, purpose: str = "") -> SendReceipt:
    """Send ``letter`` from the kommune's SvarUt konto, once per ``letter.reference``.

    Raises LetterError (nothing sent), NotConfiguredError, SvarUtError (refused: permanent),
    SvarUtUnavailable / SvarUtSendUncertain (try again later; the retry finds a forsendelse whose
    answer was lost). Writes one audit line with the masked recipient.
    """
    check_letter(letter)
    try:
        receipt = svarut_client(resolve_svarut(orgno)).send_once(letter)
    except IntegrationError as exc:
        audit.warning("svarut send failed: orgno=%s recipient=%s reference=%s purpose=%r error=%s code=%s "
                      "errorId=%s", orgno, mask_person_id(letter.recipient.digital_id), letter.reference,
                      purpose, type(exc).__name__, exc.code or "-", exc.trace_id or "-")
        raise
    audit.info("svarut letter %s: orgno=%s recipient=%s reference=%s forsendelse=%s purpose=%r",
               "found" if receipt.existed else "sent", orgno, mask_person_id(letter.recipient.digital_id),
               letter.reference, receipt.forsendelse_id, purpose)
    return receipt


def letter_statuses(*, orgno: str, forsendelse_ids: list[str]) -> dict[str, LetterStatus]:
    """status-sok for many ids of one kommune's konto; ids SvarUt does not know are left out."""
    return svarut_client(resolve_svarut(orgno)).status(list(forsendelse_ids))


def letter_status(*, orgno: str, forsendelse_id: str) -> LetterStatus:
    """The status of one forsendelse; SvarUtError when the id is unknown on the konto."""
    return svarut_client(resolve_svarut(orgno)).status_of(forsendelse_id)


def tax_post_label(teknisk_navn: str, year: int | None = None) -> str:
    """A readable name for a summed tax post: the classification table's note for the income year
    (e.g. «Lønn (skatteloven § 12-2)»); an empty string when the table has none."""
    rule = classification_table().lookup(teknisk_navn or "", year)
    return rule.note if rule is not None else ""
