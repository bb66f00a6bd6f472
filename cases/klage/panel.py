"""The klage section on the caseworker's case page (registered in ``cases.hooks`` by the app)."""
from cases.permissions import can_work_cases
from cases.selectors import sent_decision

from .forms import KlageRegisterForm
from .selectors import klager_for_case
from .workflow import OPEN


def case_panel(case, user) -> dict | None:
    """The case page's «Klage» section: the klager, and the registration form when a vedtak was sent."""
    klager = list(klager_for_case(case))
    decision = sent_decision(case.pk)
    if not klager and decision is None:
        return None
    return {"template": "klage/_panel.html", "anchor": "klage", "title": "Klage", "klager": klager,
            "sent_decision": decision,
            # One open klage per vedtak (klage_register refuses a second one): no form while one is open.
            "can_register": decision is not None and can_work_cases(user, case.municipality_id)
            and not any(k.status in OPEN and k.decision_id == decision.pk for k in klager),
            "register_form": KlageRegisterForm(prefix="klage")}
