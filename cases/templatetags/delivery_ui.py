"""Labels and colours for the delivery section: one label table per SvarUt status (bokmål)."""
from django import template

register = template.Library()

STATUS_LABELS = {
    "MOTTATT": "Mottatt av SvarUt",
    "AKSEPTERT": "Akseptert",
    "AVVIST": "Avvist av SvarUt",
    "VARSLET": "Varslet i Altinn",
    "LEST": "Lest",
    "SENDT_PRINT": "Sendt til utskrift",
    "PRINTET": "Skrevet ut og postlagt",
    "MANUELT_HANDTERT": "Manuelt håndtert (returnert)",
    "SENDT_DIGITALT": "Sendt digitalt",
    "SENDT_SDP": "Sendt til digital postkasse",
    "LEVERT_SDP": "Levert i digital postkasse",
    "KLAR_FOR_MOTTAK": "Klar for mottak",
    "IKKE_LEVERT": "Ikke levert",
}
STATE_COLORS = {"pending": "info", "sent": "info", "done": "success", "not_delivered": "danger",
                "failed": "danger", "parked": "danger", "print": "warning"}


@register.filter
def svarut_status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status or "–")


@register.filter
def delivery_color(state: str) -> str:
    return STATE_COLORS.get(state, "neutral")
