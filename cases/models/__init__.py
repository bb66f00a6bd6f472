"""The domain models, one module per aggregate; import them from here."""
from .audit import AuditEvent
from .case import Case, CaseNumberSequence, CaseTransition
from .decision import ChildFee, Decision
from .delivery import Forsendelse
from .household import Application, Child, Household, Person
from .municipality import Membership, Municipality, MunicipalityZone, User
from .parameters import LegalParameter
from .preparer import CasePreparer
from .renewal import RenewalItem, RenewalRun
from .tax import DocumentedIncome, TaxBasis

__all__ = [
    "Application",
    "AuditEvent",
    "Case",
    "CaseNumberSequence",
    "CasePreparer",
    "CaseTransition",
    "Child",
    "ChildFee",
    "Decision",
    "DocumentedIncome",
    "Forsendelse",
    "Household",
    "LegalParameter",
    "Membership",
    "Municipality",
    "MunicipalityZone",
    "Person",
    "RenewalItem",
    "RenewalRun",
    "TaxBasis",
    "User",
]
