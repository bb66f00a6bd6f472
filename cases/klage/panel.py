"""The klage section on the caseworker's case page (registered in ``cases.hooks`` by the app)."""
from cases.permissions import can_work_cases

from .forms import KlageRegisterForm
from .selectors import klager_for_case, sent_decision


def case_panel(case, user) -> dict | None:
    """The case page's «Klage» section: the klager, and the registration form when a vedtak was sent."""
    klager = list(klager_for_case(case))
    decision = sent_decision(case)
    if not klager and decision is None:
        return None
    return {"template": "klage/_panel.html", "klager": klager, "sent_decision": decision,
            "can_register": decision is not None and can_work_cases(user, case.municipality_id),
            "register_form": KlageRegisterForm(prefix="klage")}
