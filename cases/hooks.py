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
