"""Virus scanning of uploaded files, behind one small pluggable interface.

``SKATTEDELING_UPLOAD_SCANNER`` names the scanner: ``none`` (the default) does **not** scan — it records
that no scan was made and accepts the file; ``eicar-test`` refuses files carrying the EICAR test
signature (for tests and for checking an installation's wiring); any other value is the dotted path of a
class with a ``name`` and a ``scan(content: bytes) -> Verdict`` method (for example a client of the
kommune's ClamAV). A scanner that raises is treated as a refusal: an upload is never stored unscanned
because the scanner failed.
"""
from __future__ import annotations

import enum
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

# The standard anti-virus test file (https://www.eicar.org): harmless, recognised by every scanner.
EICAR_SIGNATURE = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class Verdict(enum.StrEnum):
    CLEAN = "clean"
    NOT_SCANNED = "not_scanned"
    INFECTED = "infected"


class Scanner(Protocol):
    name: str

    def scan(self, content: bytes) -> Verdict: ...


class NoScanner:
    """Does not scan. Every file is accepted as ``NOT_SCANNED``; the upload records ``none``."""

    name = "none"

    def scan(self, content: bytes) -> Verdict:
        return Verdict.NOT_SCANNED


class EicarTestScanner:
    """Refuses the EICAR test signature anywhere in the file; everything else is clean. Not a virus scanner."""

    name = "eicar-test"

    def scan(self, content: bytes) -> Verdict:
        return Verdict.INFECTED if EICAR_SIGNATURE in content else Verdict.CLEAN


SCANNERS: dict[str, type] = {NoScanner.name: NoScanner, EicarTestScanner.name: EicarTestScanner}


def configured_scanner() -> Scanner:
    """The scanner ``SKATTEDELING_UPLOAD_SCANNER`` names (a short name above, or a dotted class path)."""
    name = settings.UPLOAD_SCANNER
    return (SCANNERS[name] if name in SCANNERS else import_string(name))()
