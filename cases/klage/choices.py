"""The klage's states, channels, outcomes and reasons: enums, never prose (labels are bokmål for staff)."""
from django.db import models


class KlageStatus(models.TextChoices):
    RECEIVED = "received", "Mottatt, for sen – må vurderes (§ 31)"
    IN_PROGRESS = "in_progress", "Forberedende klagebehandling (§ 33)"
    OVERSENDELSE_PROPOSED = "oversendelse_proposed", "Oversendelse til godkjenning"
    OVERSENDT = "oversendt", "Oversendt klageinstansen"
    MEDHOLD = "medhold", "Medhold – nytt vedtak"
    DECIDED = "decided", "Avgjort av klageinstansen"
    AVVIST = "avvist", "Avvist"
    WITHDRAWN = "withdrawn", "Trukket"


class KlageChannel(models.TextChoices):
    LETTER = "letter", "Brev"
    EMAIL = "email", "E-post"
    PORTAL = "portal", "Innbyggerportalen"


class KlageOutcome(models.TextChoices):
    """The klageinstans' result (fvl. § 34 fjerde ledd)."""

    STADFESTET = "stadfestet", "Stadfestet"
    OMGJORT = "omgjort", "Omgjort"
    OPPHEVET = "opphevet", "Opphevet"


class AvvisningReason(models.TextChoices):
    """Why a klage is not taken up (fvl. § 33 annet ledd, § 31, § 28)."""

    TOO_LATE = "too_late", "Klagen kom for sent (fvl. § 31)"
    NO_STANDING = "no_standing", "Klageren er ikke part og har ikke rettslig klageinteresse (fvl. § 28)"
    NOT_A_DECISION = "not_a_decision", "Det er ikke klaget på et enkeltvedtak (fvl. § 28)"


class UtsattIverksetting(models.TextChoices):
    """Utsatt iverksetting (fvl. § 42): asked for by the parent and/or decided by the kommune."""

    NOT_REQUESTED = "", "Ikke bedt om"
    REQUESTED = "requested", "Bedt om – ikke avgjort"
    GRANTED = "granted", "Innvilget"
    REFUSED = "refused", "Avslått"


class KlageLetterKind(models.TextChoices):
    """The letters of a klage (each goes to the parties through the delivery channel)."""

    AVVISNING = "avvisning", "Vedtak om avvisning"
    OVERSENDELSE = "oversendelse", "Oversendelsesbrev"
    OUTCOME = "outcome", "Klageinstansens avgjørelse"
