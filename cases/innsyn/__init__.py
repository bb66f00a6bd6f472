"""Innsyn (GDPR art. 15): everything stored about one person in one kommune, as JSON and PDF (docs/innsyn.md)."""
