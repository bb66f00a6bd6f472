"""A klage on a vedtak and the history of its states.

``Klage.status`` is written only by ``cases.klage.workflow.klage_set_status`` (checked against its own
``ALLOWED`` table, under a row lock, with a ``KlageTransition`` row per change). The case and the decision
are cascaded: the klage is part of the case and goes with it when retention deletes the case.
"""
from django.conf import settings
from django.core.files.storage import storages
from django.db import models

from cases.models import Case, Change, Decision, Person

from .choices import AvvisningReason, KlageChannel, KlageLetterKind, KlageOutcome, KlageStatus, UtsattIverksetting


def _private_storage():
    return storages["private"]


class Klage(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="klager", verbose_name="sak")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="klager",
                                 verbose_name="påklaget vedtak")
    received_date = models.DateField("klagen mottatt")
    channel = models.CharField("kanal", max_length=10, choices=KlageChannel.choices)
    filed_by_person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="klaget av (innbygger)", help_text="Forelderen som klaget i innbyggerportalen.")
    text = models.TextField("klagen")
    status = models.CharField("status", max_length=30, choices=KlageStatus.choices, default=KlageStatus.RECEIVED)
    # The klagefrist (fvl. § 29) as known when the klage was registered; None when the letter had not yet
    # reached the party (the deadline has then not started, so the klage is in time).
    klagefrist = models.DateField("klagefrist", null=True, blank=True)
    late = models.BooleanField("for sen", default=False)
    late_taken_up_reason = models.TextField("begrunnelse for å behandle en for sen klage (fvl. § 31)", blank=True)
    avvisning_reason = models.CharField("avvist fordi", max_length=20, choices=AvvisningReason.choices, blank=True)
    avvisning_text = models.TextField("begrunnelse for avvisningen", blank=True)
    # Utsatt iverksetting (fvl. § 42).
    utsatt_iverksetting = models.CharField("utsatt iverksetting (fvl. § 42)", max_length=10, blank=True,
                                           choices=UtsattIverksetting.choices, default=UtsattIverksetting.NOT_REQUESTED)
    utsatt_iverksetting_reason = models.TextField("begrunnelse for utsatt iverksetting", blank=True)
    utsatt_iverksetting_decided_at = models.DateTimeField("utsatt iverksetting avgjort", null=True, blank=True)
    utsatt_iverksetting_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="utsatt iverksetting avgjort av")
    # Forberedende klagebehandling (fvl. § 33): medhold from a date, or the assessment sent to the klageinstans.
    medhold_from = models.DateField("medhold fra og med", null=True, blank=True)
    assessment = models.TextField("kommunens vurdering", blank=True)
    oversendelse_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="oversendelse forberedt av")
    oversendelse_proposed_at = models.DateTimeField("oversendelse forberedt", null=True, blank=True)
    oversendelse_four_eyes = models.BooleanField("oversendelsen krever godkjenning av en annen", default=True)
    oversendelse_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="oversendelse godkjent av")
    oversendt_at = models.DateTimeField("oversendt", null=True, blank=True)
    # The klageinstans' result (fvl. § 34).
    outcome = models.CharField("klageinstansens resultat", max_length=12, choices=KlageOutcome.choices, blank=True)
    outcome_date = models.DateField("klageinstansens vedtak datert", null=True, blank=True)
    outcome_note = models.TextField("merknad fra klageinstansen", blank=True)
    omgjort_from = models.DateField("omgjort fra og med", null=True, blank=True)
    # The Core's endring that leads to the new vedtak (medhold, omgjort, opphevet): its proposal and approval.
    change = models.ForeignKey(Change, on_delete=models.SET_NULL, null=True, blank=True, related_name="klager",
                               verbose_name="endring (nytt vedtak)")
    outcome_registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="resultat registrert av")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="registrert av", help_text="Tom når forelderen klaget i innbyggerportalen.")
    registered_at = models.DateTimeField("registrert", auto_now_add=True)
    closed_at = models.DateTimeField("avsluttet", null=True, blank=True)
    updated_at = models.DateTimeField("endret", auto_now=True)

    class Meta:
        verbose_name = "klage"
        verbose_name_plural = "klager"
        ordering = ["-received_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=KlageStatus.values), name="klage_status_known"),
            models.CheckConstraint(condition=models.Q(outcome__in=["", *KlageOutcome.values]),
                                   name="klage_outcome_known"),
            models.CheckConstraint(
                condition=~models.Q(status="decided") | ~models.Q(outcome=""), name="klage_decided_has_outcome"),
            models.CheckConstraint(
                condition=models.Q(oversendelse_four_eyes=False) | models.Q(oversendelse_approved_by__isnull=True)
                | ~models.Q(oversendelse_approved_by=models.F("oversendelse_proposed_by")),
                name="klage_oversendelse_four_eyes"),
            models.CheckConstraint(
                condition=models.Q(late=False) | ~models.Q(status="in_progress")
                | ~models.Q(late_taken_up_reason=""), name="klage_late_taken_up_has_reason"),
        ]
        indexes = [models.Index(fields=["case", "-received_date"], name="klage_case_idx"),
                   models.Index(fields=["status", "received_date"], name="klage_status_idx")]

    def __str__(self) -> str:
        return f"Klage {self.case.saksnummer} ({self.get_status_display()})"


class KlageTransition(models.Model):
    klage = models.ForeignKey(Klage, on_delete=models.CASCADE, related_name="transitions", verbose_name="klage")
    from_status = models.CharField("fra status", max_length=30, choices=KlageStatus.choices, blank=True)
    to_status = models.CharField("til status", max_length=30, choices=KlageStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name="utført av")
    at = models.DateTimeField("tidspunkt", auto_now_add=True)
    reason = models.CharField("årsak", max_length=500, blank=True)

    class Meta:
        verbose_name = "statusendring for klage"
        verbose_name_plural = "statusendringer for klager"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"


class KlageLetter(models.Model):
    """A letter of the klage (avvisning, oversendelse, the klageinstans' outcome), rendered and stored once."""

    klage = models.ForeignKey(Klage, on_delete=models.CASCADE, related_name="letters", verbose_name="klage")
    kind = models.CharField("brev", max_length=20, choices=KlageLetterKind.choices)
    language = models.CharField("målform", max_length=2)
    pdf = models.FileField("PDF", storage=_private_storage, upload_to="klage/%Y/")
    created_at = models.DateTimeField("laget", auto_now_add=True)

    class Meta:
        verbose_name = "klagebrev"
        verbose_name_plural = "klagebrev"
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["klage", "kind"], name="klage_letter_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.klage_id})"
