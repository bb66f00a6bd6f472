"""Texts parents read, rendered from structure (states, refusals, error codes) — one table, translated
through Django's i18n (msgids in bokmål; catalogues in locale/nn and locale/en)."""
from django.utils.translation import gettext_lazy as _

from accounts.policy import Refusal
from cases.constants import CaseStatus as S
from cases.models import CaseDocument
from cases.services.documents import UploadProblem
from cases.services.intake import ErrorCode
from portal.idporten import ParentRefusal

# The four plain-word steps of «Mine saker» (the caseworker's finer states map onto them), plus the
# state where the kommune waits for the parent's documentation (shown on the «Til behandling» step).
RECEIVED, FETCHING, IN_PROGRESS, SENT, WITHDRAWN, REJECTED, NEEDS_DOCUMENTATION = (
    "received", "fetching", "in_progress", "sent", "withdrawn", "rejected", "needs_documentation")
PARENT_STATE = {
    S.RECEIVED: RECEIVED, S.FETCHING_INCOME: FETCHING, S.READY_FOR_ASSESSMENT: IN_PROGRESS,
    S.PROPOSED: IN_PROGRESS, S.APPROVED: IN_PROGRESS, S.NEEDS_DOCUMENTATION: NEEDS_DOCUMENTATION,
    S.SENT: SENT, S.WITHDRAWN: WITHDRAWN, S.REJECTED: REJECTED,
}
STEP_OF = {NEEDS_DOCUMENTATION: IN_PROGRESS}  # the step a state is shown on, when not its own
STATE_TEXT = {
    RECEIVED: _("Mottatt"),
    FETCHING: _("Henter inntekt"),
    IN_PROGRESS: _("Til behandling"),
    SENT: _("Vedtak sendt"),
    WITHDRAWN: _("Trukket"),
    REJECTED: _("Avslått"),
    NEEDS_DOCUMENTATION: _("Venter på dokumentasjon"),
}
STATE_HELP = {
    RECEIVED: _("Vi har fått søknaden din."),
    FETCHING: _("Vi henter inntekten deres fra Skatteetaten. Du trenger ikke gjøre noe."),
    IN_PROGRESS: _("En saksbehandler i kommunen går gjennom søknaden."),
    SENT: _("Vedtaket er sendt. Du kan lese det her."),
    WITHDRAWN: _("Du har trukket søknaden."),
    REJECTED: _("Søknaden er avslått. Se vedtaket eller kontakt kommunen."),
    NEEDS_DOCUMENTATION: _("Kommunen trenger dokumentasjon av inntekten før saken kan behandles videre. "
                           "Last opp dokumentasjonen her, eller kontakt kommunen."),
}

REASON_TEXT = {
    CaseDocument.Reason.JOB_LOSS: _("Jeg har mistet jobben"),
    CaseDocument.Reason.REDUCED_POSITION: _("Jeg har gått ned i stilling"),
    CaseDocument.Reason.NAV_BENEFIT: _("Jeg får nå ytelse fra NAV (for eksempel dagpenger, AAP eller uføretrygd)"),
    CaseDocument.Reason.STUDIES: _("Jeg har begynt å studere"),
    CaseDocument.Reason.SEPARATION: _("Vi har flyttet fra hverandre"),
    CaseDocument.Reason.RETIREMENT: _("Jeg har gått av med pensjon"),
    CaseDocument.Reason.OTHER: _("Annen grunn"),
}

UPLOAD_ERROR_TEXT = {
    UploadProblem.NOT_WAITING: _("Saken venter ikke på dokumentasjon nå."),
    UploadProblem.NOT_AN_ADULT: _("Bare de voksne i husstanden kan laste opp dokumentasjon."),
    UploadProblem.UNKNOWN_REASON: _("Velg hvorfor inntekten har gått ned."),
    UploadProblem.EMPTY: _("Filen er tom."),
    UploadProblem.TOO_LARGE: _("Filen er for stor."),
    UploadProblem.WRONG_TYPE: _("Filen må være en PDF, JPEG eller PNG."),
    UploadProblem.INFECTED: _("Filen ble stoppet av virussjekken og er ikke lagret."),
    UploadProblem.SCAN_FAILED: _("Filen kunne ikke sjekkes for virus nå. Prøv igjen senere."),
}

SERVICE_TEXT = {"barnehage": _("Barnehage"), "sfo": _("SFO/AKS")}
RELATION_TEXT = {"": _("Ingen (jeg bor alene med barna)"), "ektefelle": _("Ektefelle"),
                 "registrert_partner": _("Registrert partner"), "samboer": _("Samboer")}

REFUSAL_TEXT = {  # keyed by the refusal's value (accounts.policy.Refusal or portal.idporten.ParentRefusal)
    Refusal.STATE_MISMATCH: _("Innloggingen kunne ikke fullføres. Start på nytt."),
    Refusal.CANCELLED: _("Du avbrøt innloggingen."),
    Refusal.IDP_ERROR: _("ID-porten svarte med en feil. Prøv igjen."),
    Refusal.PROVIDER_UNAVAILABLE: _("Vi får ikke kontakt med ID-porten nå. Prøv igjen senere."),
    Refusal.TOKEN_INVALID: _("Svaret fra ID-porten kunne ikke godkjennes. Start på nytt."),
    ParentRefusal.ACR_TOO_LOW: _("Kommunen krever et høyere sikkerhetsnivå. Logg inn med BankID, Buypass "
                                 "eller Commfides."),
    ParentRefusal.PID_MISSING: _("Innloggingen ga ikke et norsk fødselsnummer eller D-nummer. Kontakt "
                                 "kommunen for å søke på papir."),
    ParentRefusal.WRONG_ONBEHALFOF: _("Innloggingen gjaldt en annen kommune. Start på nytt."),
}
REFUSAL_TEXT = {getattr(key, "value", key): text for key, text in REFUSAL_TEXT.items()}

ERROR_TEXT = {
    ErrorCode.REQUIRED: _("Må fylles ut."),
    ErrorCode.INVALID: _("Ugyldig verdi."),
    ErrorCode.TOO_LONG: _("Teksten er for lang."),
    ErrorCode.NUL_CHARACTER: _("Teksten inneholder et ugyldig tegn."),
    ErrorCode.UNKNOWN_SERVICE: _("Velg barnehage eller SFO."),
    ErrorCode.PERIOD_FORMAT: _("Velg et barnehageår eller skoleår."),
    ErrorCode.PERIOD_OUT_OF_RANGE: _("Du kan ikke søke for dette året."),
    ErrorCode.INVALID_PERSON_ID: _("Fødselsnummeret er ikke gyldig (11 siffer)."),
    ErrorCode.SAME_PERSON_TWICE: _("Samme person er oppgitt to ganger."),
    ErrorCode.RELATION_MISSING: _("Velg om dere er ektefeller, registrerte partnere eller samboere."),
    ErrorCode.RELATION_WITHOUT_PARTNER: _("Fyll ut den andre voksne, eller velg «Ingen»."),
    ErrorCode.NO_CHILDREN: _("Søknaden må gjelde minst ett barn."),
    ErrorCode.HOURS_OUT_OF_RANGE: _("Oppholdstid må være mellom 0 og 60 timer i uken."),
    ErrorCode.PRICE_OUT_OF_RANGE: _("Skriv månedsprisen i hele kroner."),
    ErrorCode.TRINN_REQUIRED: _("Velg trinn (1–7) for SFO."),
    ErrorCode.TRINN_ONLY_SFO: _("Trinn gjelder bare SFO."),
    ErrorCode.DUPLICATE_CHILD: _("Barnet har allerede en søknad for dette året."),
    ErrorCode.RECEIVED_IN_FUTURE: _("Ugyldig dato."),
    ErrorCode.RECEIVED_TOO_EARLY: _("Ugyldig dato."),
}


def state_of(case) -> str:
    return PARENT_STATE[case.status]


def step_of(state: str) -> str:
    return STEP_OF.get(state, state)
