"""The domain models, one module per aggregate; import them from here."""
from .audit import AuditEvent
from .case import Case, CaseNumberSequence, CaseTransition
from .change import Change
from .decision import ChildFee, Decision
from .delivery import Forsendelse
from .document import CaseDocument
from .household import Application, Child, Household, Person
from .kommune_rules import KommunalModeration, KommunalModerationBand, KommuneRuleChoice, SfoOrder
from .municipality import Membership, Municipality, MunicipalityZone, User
from .parameters import LegalParameter
from .preparer import CasePreparer
from .renewal import RenewalItem, RenewalRun
from .stats import StatsFigure, StatsState
from .tax import DocumentedIncome, TaxBasis

__all__ = [
    "Application",
    "AuditEvent",
    "Case",
    "CaseDocument",
    "CaseNumberSequence",
    "CasePreparer",
    "CaseTransition",
    "Change",
    "Child",
    "ChildFee",
    "Decision",
    "DocumentedIncome",
    "Forsendelse",
    "Household",
    "KommunalModeration",
    "KommunalModerationBand",
    "KommuneRuleChoice",
    "LegalParameter",
    "Membership",
    "Municipality",
    "MunicipalityZone",
    "Person",
    "RenewalItem",
    "RenewalRun",
    "SfoOrder",
    "StatsFigure",
    "StatsState",
    "TaxBasis",
    "User",
]
