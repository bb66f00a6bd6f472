"""Choices shared by models, forms and services."""
from django.db import models


class Service(models.TextChoices):
    BARNEHAGE = "barnehage", "Barnehage"
    SFO = "sfo", "SFO/AKS"


class Zone(models.TextChoices):
    STANDARD = "standard", "Ordinær makspris"
    SENTRALITET_5_6 = "sentralitet_5_6", "Sentralitetsklasse 5–6"
    TILTAKSSONE = "tiltakssone", "Tiltakssonen (Finnmark og Nord-Troms)"


class SiblingOrder(models.TextChoices):
    OLDEST_FIRST = "oldest_first", "Eldste barn er barn nr. 1"
    YOUNGEST_FIRST = "youngest_first", "Yngste barn er barn nr. 1"
    MOST_EXPENSIVE_FIRST = "most_expensive_first", "Dyreste plass er barn nr. 1"
    LEAST_EXPENSIVE_FIRST = "least_expensive_first", "Billigste plass er barn nr. 1 (størst rabatt på dyreste)"


class Malform(models.TextChoices):
    BOKMAL = "nb", "Bokmål"
    NYNORSK = "nn", "Nynorsk"


class Role(models.TextChoices):
    SAKSBEHANDLER = "saksbehandler", "Saksbehandler"
    GODKJENNER = "godkjenner", "Godkjenner"
    ADMINISTRATOR = "administrator", "Administrator"


class PartnerRelation(models.TextChoices):
    EKTEFELLE = "ektefelle", "Ektefelle"
    REGISTRERT_PARTNER = "registrert_partner", "Registrert partner"
    SAMBOER = "samboer", "Samboer"


class Channel(models.TextChoices):
    DIGITAL = "digital", "Digitalt skjema"
    PAPIR = "papir", "Papirskjema"
    IMPORT = "import", "Import fra fil"
    FORNYELSE = "fornyelse", "Automatisk fornyelse"


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "Mottatt"
    FETCHING_INCOME = "fetching_income", "Henter inntekt"
    READY_FOR_ASSESSMENT = "ready_for_assessment", "Klar for vurdering"
    PROPOSED = "proposed", "Forslag til vedtak"
    WAITING_FOR_RATES = "waiting_for_rates", "Venter på satser"
    APPROVED = "approved", "Godkjent"
    SENT = "sent", "Sendt"
    NEEDS_DOCUMENTATION = "needs_documentation", "Mangler dokumentasjon"
    REJECTED = "rejected", "Avslått"
    WITHDRAWN = "withdrawn", "Trukket"


class Attention(models.TextChoices):
    """Why a case stands still although its status would move on (``Case.attention``).

    Written only by ``cases.services.workflow.case_set_attention``; ``NONE`` means nothing stops it.
    """

    NONE = "", "Ingen"
    PARKED_FETCH = "parked_fetch", "Parkert"
    BLOCKED_PROPOSAL = "blocked_proposal", "Stanset"
    DELIVERY_PROBLEM = "delivery_problem", "Ikke levert"


class AttentionReason(models.TextChoices):
    """The reason code stored with an attention state (the text beside it gives the details)."""

    NONE = "", "Ingen"
    FETCH_RETRIES_EXHAUSTED = "fetch_retries_exhausted", "Skatteetaten svarte ikke etter gjentatte forsøk"
    FETCH_REFUSED = "fetch_refused", "Innhentingen ble avvist (konfigurasjon eller tilgang)"
    ASSESSMENT_BLOCKED = "assessment_blocked", "Forslaget kan ikke beregnes"
    LETTER_NOT_SENT = "letter_not_sent", "Vedtaksbrevet ble ikke sendt"
    LETTER_NOT_DELIVERED = "letter_not_delivered", "Vedtaksbrevet kom ikke fram"


class AdultRole(models.TextChoices):
    SOKER = "soker", "Søker"
    PARTNER = "partner", "Ektefelle/partner/samboer"


class DecisionKind(models.TextChoices):
    """What a vedtak is (``Decision.kind``): the first one of a case, or one replacing it from a date."""

    ORDINARY = "ordinary", "Vedtak"
    CHANGE = "change", "Endringsvedtak"
    OPPHOR = "opphor", "Vedtak om opphør"
    KLAGE = "klage", "Nytt vedtak etter klage"


class ChangeKind(models.TextChoices):
    """What changed during the year (``Change.kind``); docs/changes.md."""

    NEW_CHILD = "new_child", "Nytt barn"
    CHILD_LEFT = "child_left", "Barnet har sluttet"
    PLACE_CHANGED = "place_changed", "Barnet har byttet plass"
    HOURS_CHANGED = "hours_changed", "Endret oppholdstid"
    PARTNER_MOVED_IN = "partner_moved_in", "Ektefelle/partner/samboer har flyttet inn"
    PARTNER_MOVED_OUT = "partner_moved_out", "Ektefelle/partner/samboer har flyttet ut"
    INCOME_DROP = "income_drop", "Vesentlig og varig nedgang i inntekt"
    KLAGE_MEDHOLD = "klage_medhold", "Medhold i klage"
    KLAGE_OMGJORT = "klage_omgjort", "Omgjort av klageinstansen"


class ChangeSource(models.TextChoices):
    """Who reported the change (``Change.source``)."""

    CASEWORKER = "caseworker", "Saksbehandler"
    PARENT = "parent", "Forelder (Mine saker)"
    KLAGE = "klage", "Klage"
