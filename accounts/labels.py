"""What a person reads when a login is refused (bokmål), one text per accounts.policy.Refusal."""
from accounts.policy import Refusal

REFUSAL_TEXT = {
    Refusal.STATE_MISMATCH: "Innloggingen kunne ikke fullføres fordi svaret ikke hørte til denne nettleserøkten. "
                            "Start innloggingen på nytt.",
    Refusal.CANCELLED: "Innloggingen ble avbrutt.",
    Refusal.IDP_ERROR: "Identitetsleverandøren avviste innloggingen. Prøv igjen, eller kontakt kommunens "
                       "IT-brukerstøtte.",
    Refusal.PROVIDER_UNAVAILABLE: "Vi fikk ikke kontakt med identitetsleverandøren. Prøv igjen om litt.",
    Refusal.TOKEN_INVALID: "Svaret fra identitetsleverandøren kunne ikke godtas (ugyldig eller utløpt). "
                           "Start innloggingen på nytt.",
    Refusal.SUBJECT_MISSING: "Identitetsleverandøren sendte ikke brukerens identifikator. "
                             "Kontakt kommunens administrator.",
    Refusal.UNKNOWN_SUBJECT: "Du er logget inn hos identitetsleverandøren, men har ikke tilgang til Skattedeling. "
                             "Be kommunens administrator om tilgang, og oppgi identifikatoren nedenfor.",
    Refusal.INACTIVE_USER: "Brukeren din er deaktivert. Kontakt kommunens administrator.",
    Refusal.NOT_SERVED: "Denne identitetsleverandøren gir ikke tilgang til kommunen du arbeider for. "
                        "Velg kommunens egen innlogging.",
    Refusal.ACR_TOO_LOW: "Innloggingen hadde for lavt sikkerhetsnivå. Logg inn på nytt med et høyere nivå.",
    Refusal.MFA_REQUIRED: "Kommunen krever tofaktorinnlogging. Logg inn på nytt og bruk tofaktor (for eksempel "
                          "Microsoft Authenticator eller kode på SMS).",
    Refusal.PASSWORD_LOGIN_NOT_ALLOWED: "Innlogging med passord er bare for systemadministrator. "
                                        "Bruk kommunens innlogging.",
}
