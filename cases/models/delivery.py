"""``Forsendelse``: one approved vedtak on its way to one recipient (an adult party, or the kommune's archive).

One row per (decision, role), with a stable ``ekstern_referanse``
(``skattedeling-<decision>-<role>-<random>``, made once when the row is created) that is also SvarUt's
``eksternReferanse``, so a resend after a timeout or a killed worker finds the forsendelse instead of
sending a second letter. ``state`` is our lifecycle; ``status`` is SvarUt's own v2 value and
``status_history`` every value seen with its time. ``klagefrist`` is computed from the time the letter
reached the party (cases/services/klagefrist.py, fvl. § 29).
"""
from django.db import models

from .case import Case
from .decision import Decision
from .household import Person


class Forsendelse(models.Model):
    class Role(models.TextChoices):
        SOKER = "soker", "Søker"
        PARTNER = "partner", "Ektefelle/samboer"
        ARCHIVE = "arkiv", "Arkivkopi"

    class Channel(models.TextChoices):
        SVARUT = "svarut", "SvarUt"
        PRINT = "print", "Utskrift"

    class State(models.TextChoices):
        PENDING = "pending", "Venter på sending"
        SENT = "sent", "Sendt"
        DONE = "done", "Levert"
        NOT_DELIVERED = "not_delivered", "Ikke levert"
        FAILED = "failed", "Feilet"
        PARKED = "parked", "Parkert"
        PRINT = "print", "Til utskrift"

    OPEN_STATES = (State.PENDING, State.SENT)

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="forsendelser")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="forsendelser")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    role = models.CharField("mottaker", max_length=10, choices=Role.choices)
    # Empty for the vedtak letter itself. Another letter about the same vedtak (e.g. a klage letter from
    # cases.klage) has its own key and its own stored PDF, and goes the same way (forsendelse_send_document).
    letter_key = models.CharField("brev", max_length=60, blank=True, default="")
    document_name = models.CharField("brevets fil", max_length=300, blank=True)
    document_title = models.CharField("brevets tittel", max_length=200, blank=True)
    document_filename = models.CharField("filnavn", max_length=100, blank=True)
    document_type = models.CharField("dokumenttype", max_length=40, blank=True)
    recipient_name = models.CharField("mottakers navn", max_length=200)
    channel = models.CharField("kanal", max_length=10, choices=Channel.choices)
    state = models.CharField("tilstand", max_length=16, choices=State.choices, default=State.PENDING)
    ekstern_referanse = models.CharField("eksternReferanse", max_length=100, unique=True)
    svarut_id = models.CharField("forsendelse-id i SvarUt", max_length=64, blank=True, db_index=True)
    status = models.CharField("SvarUt-status", max_length=20, blank=True)
    status_history = models.JSONField("statushistorikk", default=list, blank=True)
    print_reason = models.CharField("hvorfor utskrift", max_length=300, blank=True)
    sent_at = models.DateTimeField("sendt", null=True, blank=True)
    sent_to_print = models.BooleanField("sendt til print av SvarUt", default=False)
    delivered_at = models.DateTimeField("kommet fram", null=True, blank=True)
    read_at = models.DateTimeField("lest", null=True, blank=True)
    klagefrist = models.DateField("klagefrist", null=True, blank=True)
    archive_reference = models.CharField("arkivreferanse", max_length=200, blank=True)
    attempts = models.PositiveIntegerField("sendeforsøk", default=0)
    lease_until = models.DateTimeField(null=True, blank=True, help_text="En arbeider sender nå (til da).")
    last_error = models.TextField("siste feil", blank=True)
    polls = models.PositiveIntegerField(default=0)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "forsendelse"
        verbose_name_plural = "forsendelser"
        ordering = ["decision_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "role", "letter_key"],
                                    name="forsendelse_one_per_decision_role_letter"),
        ]
        indexes = [models.Index(fields=["state", "next_poll_at"], name="forsendelse_poll_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.recipient_name} ({self.get_state_display()})"

    @property
    def needs_attention(self) -> bool:
        return self.state in (self.State.NOT_DELIVERED, self.State.FAILED, self.State.PARKED)
