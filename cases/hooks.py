"""Explicit extension points of the case pipeline. Feature packages (the annual renewal) register a
function here from their ``AppConfig.ready``; the core calls every registered function by the hook's
name. The core never imports a feature package, and nothing matches task names or messages.
"""
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

_AFTER_PROPOSE: list[Callable[[int], None]] = []


def register_after_propose(function: Callable[[int], None]) -> Callable[[int], None]:
    """Call ``function(case_id)`` after every run of the proposal task (also a redelivered one)."""
    if function not in _AFTER_PROPOSE:
        _AFTER_PROPOSE.append(function)
    return function


def after_propose(case_id: int) -> None:
    """Run the registered functions; one that fails is logged and never breaks the pipeline."""
    for function in list(_AFTER_PROPOSE):
        try:
            function(case_id)
        except Exception:
            logger.exception("after-propose hook %s failed for case %s", function.__qualname__, case_id)


# --- State diagrams of feature packages (drawn in docs/architecture.md by draw_state_machines) ---------
_STATE_DIAGRAMS: dict[str, Callable[[], str]] = {}


def register_state_diagram(name: str, draw: Callable[[], str]) -> None:
    """Add the Mermaid diagram ``draw()`` under the marker ``<!-- state-diagram:NAME -->``."""
    _STATE_DIAGRAMS[name] = draw


def feature_state_diagrams() -> dict[str, str]:
    """The registered feature packages' diagrams, by marker name."""
    return {name: draw() for name, draw in _STATE_DIAGRAMS.items()}


# --- Panels of feature packages on the caseworker's case page ------------------------------------------
_CASE_PANELS: list[Callable] = []


def register_case_panel(function: Callable) -> Callable:
    """``function(case, user)`` returns a dict with ``template`` (and its context) or None for no panel."""
    if function not in _CASE_PANELS:
        _CASE_PANELS.append(function)
    return function


def case_panels(case, user) -> list[dict]:
    """The panels the registered feature packages show on this case page, in registration order."""
    panels = []
    for function in list(_CASE_PANELS):
        panel = function(case, user)
        if panel:
            panels.append(panel)
    return panels
