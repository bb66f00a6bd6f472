"""Caseworker forms: registration, case actions, queue filters and CSV upload (bokmål labels)."""
from .actions import DocumentedIncomeForm, ReasonForm, SendForm
from .application import ApplicationForm, ChildFormSet, build_application_input, map_service_errors
from .change import ChangeForm
from .common import MunicipalityField
from .queue import CsvImportForm, QueueFilterForm

__all__ = [
    "ApplicationForm",
    "ChangeForm",
    "ChildFormSet",
    "CsvImportForm",
    "DocumentedIncomeForm",
    "MunicipalityField",
    "QueueFilterForm",
    "ReasonForm",
    "SendForm",
    "build_application_input",
    "map_service_errors",
]
