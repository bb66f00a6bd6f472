"""Exceptions raised by the rules engine.

Every error the engine raises derives from ``RulesError`` so a caller (the ``calculate_fee`` command,
the case services) can turn any of them into one clear line for the user. Messages are English,
developer and audit facing, and never contain a fødselsnummer or other personal identifier.
"""


class RulesError(Exception):
    """Base class of everything the rules engine raises on purpose."""


class InvalidInput(RulesError, ValueError):
    """The input cannot be computed: a missing or malformed field, an impossible value."""


class PriceAboveMakspris(InvalidInput):
    """The price of a barnehage place is above the makspris of the zone on that date."""


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
