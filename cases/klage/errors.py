"""Why a klage action is refused: codes (structure), with the bokmål text for staff rendered from them.
The parents' portal renders its own translated text from the same codes (portal/views_klage.py)."""
from enum import StrEnum

from django.core.exceptions import ValidationError

from cases.services.intake import FieldErrors


class KlageError(StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    IN_FUTURE = "in_future"
    BEFORE_VEDTAK = "before_vedtak"
    NO_SENT_VEDTAK = "no_sent_vedtak"
    ALREADY_OPEN = "already_open"
    UNKNOWN_CHANNEL = "unknown_channel"
    NOT_A_PARTY = "not_a_party"
    NOT_LATE = "not_late"
    WRONG_STATE = "wrong_state"
    UNKNOWN_CHOICE = "unknown_choice"
    BEFORE_PERIOD = "before_period"
    FOUR_EYES = "four_eyes"


TEXT = {
    KlageError.REQUIRED: "Feltet må fylles ut.",
    KlageError.TOO_LONG: "Teksten er for lang.",
    KlageError.IN_FUTURE: "Datoen kan ikke være fram i tid.",
    KlageError.BEFORE_VEDTAK: "Datoen kan ikke være før vedtaket ble godkjent.",
    KlageError.NO_SENT_VEDTAK: "Saken har ikke et sendt vedtak det kan klages på.",
    KlageError.ALREADY_OPEN: "Det er allerede registrert en klage på dette vedtaket som ikke er ferdig behandlet.",
    KlageError.UNKNOWN_CHANNEL: "Ukjent kanal.",
    KlageError.NOT_A_PARTY: "Bare en part i saken kan klage her.",
    KlageError.NOT_LATE: "Klagen kom inn i tide; den skal ikke vurderes etter § 31.",
    KlageError.WRONG_STATE: "Klagen er ikke i en tilstand der dette kan gjøres.",
    KlageError.UNKNOWN_CHOICE: "Ugyldig valg.",
    KlageError.BEFORE_PERIOD: "Datoen må ligge innenfor vedtaksperioden.",
    KlageError.FOUR_EYES: "Kommunen krever at en annen enn den som forberedte oversendelsen godkjenner den.",
}


def refuse(field: str, code: KlageError) -> FieldErrors:
    """A FieldErrors with one problem on ``field`` (raise it)."""
    return FieldErrors({field: [ValidationError(TEXT[code], code=code.value)]})
