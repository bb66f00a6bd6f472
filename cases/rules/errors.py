"""Exceptions raised by the rules engine.

Every error the engine raises derives from ``RulesError`` so a caller (the ``calculate_fee`` command,
the case services) can turn any of them into one clear line for the user. Each carries a ``code``
(``InputProblem``) and, where one child is at fault, that child's ``child_id``: callers decide and render by
those (Norwegian texts: ``cases.refusal_labels``), never by the message. Messages are English, developer and
audit facing (the ``calculate_fee`` contract prints them), and never contain a fødselsnummer or other
personal identifier.
"""
from enum import StrEnum


class InputProblem(StrEnum):
    """Why the engine refused its input (one code per kind of bad input)."""

    MALFORMED = "malformed"  # a wrong type or shape: a programming error of the caller, not the case's data
    NOT_A_NUMBER = "not_a_number"
    UNKNOWN_SERVICE = "unknown_service"
    UNKNOWN_ZONE = "unknown_zone"
    UNKNOWN_SIBLING_ORDER = "unknown_sibling_order"
    FULL_TIME_HOURS_OUT_OF_RANGE = "full_time_hours_out_of_range"
    WEEKLY_HOURS_OUT_OF_RANGE = "weekly_hours_out_of_range"
    NEGATIVE_PRICE = "negative_price"
    PRICE_ABOVE_MAKSPRIS = "price_above_makspris"
    BIRTH_DATE_AFTER_CALCULATION = "birth_date_after_calculation"
    GRADE_OUT_OF_RANGE = "grade_out_of_range"
    NEGATIVE_INCOME = "negative_income"
    NO_CHILDREN = "no_children"
    DUPLICATE_CHILD = "duplicate_child"
    UNKNOWN_INCOME_OWNER = "unknown_income_owner"
    UNKNOWN_INCOME_CLASS = "unknown_income_class"
    NEGATIVE_INCOME_ITEM = "negative_income_item"
    DOCUMENTED_INCOME_NEGATIVE = "documented_income_negative"
    DOCUMENTED_INCOME_WITHOUT_REASON = "documented_income_without_reason"
    DOCUMENTED_INCOME_TWICE = "documented_income_twice"
    INVALID_PERIOD = "invalid_period"
    UNKNOWN_SFO_ORDER = "unknown_sfo_order"
    PERCENT_OUT_OF_RANGE = "percent_out_of_range"
    MODERATION_BAND_NEGATIVE = "moderation_band_negative"
    MODERATION_BAND_INVERTED = "moderation_band_inverted"
    OVERLAPPING_PARAMETERS = "overlapping_parameters"
    NO_STATUTE = "no_statute"


class RulesError(Exception):
    """Base class of everything the rules engine raises on purpose."""

    code: InputProblem = InputProblem.MALFORMED
    child_id: str | None = None


class InvalidInput(RulesError, ValueError):
    """The input cannot be computed: a missing or malformed field, an impossible value."""

    def __init__(self, message: str, *, code: InputProblem = InputProblem.MALFORMED,
                 child_id: str | None = None) -> None:
        super().__init__(message)
        self.code = InputProblem(code)
        self.child_id = child_id


class PriceAboveMakspris(InvalidInput):
    """The price of a barnehage place is above the makspris of the zone on that date."""

    def __init__(self, message: str, *, child_id: str | None = None) -> None:
        super().__init__(message, code=InputProblem.PRICE_ABOVE_MAKSPRIS, child_id=child_id)


class NoStatute(RulesError, LookupError):
    """No statutory basis of the service's fee rules is in force on the date (before the dated table starts)."""

    code = InputProblem.NO_STATUTE


class MissingParameter(RulesError, LookupError):
    """No sourced parameter row covers the key, qualifier and date asked for. The engine never guesses.

    A row without a source (URL or legal reference) counts as missing (``unsourced`` is then True): an
    unsourced value must not decide a case (docs/rules.md § 6).
    """

    def __init__(self, key: str, qualifier: str, on, *, unsourced: bool = False) -> None:
        self.key = key
        self.qualifier = qualifier
        self.on = on
        self.unsourced = unsourced
        shown = qualifier if qualifier else "(none)"
        what = "only an unsourced row (no source) for" if unsourced else "no row for"
        super().__init__(
            f"missing parameter: {what} key '{key}', qualifier {shown} on {on.isoformat()}"
        )


class OverlappingParameters(RulesError, ValueError):
    """Two parameter rows for the same key and qualifier cover the same date, or a row is inverted."""

    code = InputProblem.OVERLAPPING_PARAMETERS
