"""The SvarUt forsendelse's title names the kind of vedtak in the kommune's målform (an endringsvedtak or an
opphør must not arrive in the mailbox titled as a first vedtak)."""
import pytest

from cases.constants import DecisionKind
from cases.models import Application, Case, Decision, Municipality
from cases.services.forsendelse import title


def _decision(kind: str, malform: str, service: str = "barnehage") -> Decision:
    case = Case(municipality=Municipality(malform=malform), application=Application(service=service),
                saksnummer="2026/00042")
    return Decision(case=case, kind=kind)


@pytest.mark.parametrize(("kind", "malform", "service", "expected"), [
    (DecisionKind.ORDINARY, "nb", "barnehage",
     "Vedtak om redusert foreldrebetaling og gratis kjernetid i barnehage, sak 2026/00042"),
    (DecisionKind.ORDINARY, "nb", "sfo", "Vedtak om redusert foreldrebetaling i SFO, sak 2026/00042"),
    (DecisionKind.CHANGE, "nb", "barnehage",
     "Endringsvedtak om redusert foreldrebetaling og gratis kjernetid i barnehage, sak 2026/00042"),
    (DecisionKind.OPPHOR, "nb", "barnehage", "Vedtak om opphør av redusert foreldrebetaling, sak 2026/00042"),
    (DecisionKind.KLAGE, "nb", "sfo", "Nytt vedtak etter klage om redusert foreldrebetaling, sak 2026/00042"),
])
def test_title_names_the_kind_of_vedtak(kind, malform, service, expected):
    assert title(_decision(kind, malform, service)) == expected


def test_title_follows_nynorsk():
    expected = "Vedtak om opphøyr av redusert foreldrebetaling, sak 2026/00042"
    assert title(_decision(DecisionKind.OPPHOR, "nn")) == expected
