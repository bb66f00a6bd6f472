"""Kroner as families and caseworkers read them, for the Django side of the project.

The one implementation is the rules engine's ``cases.rules.kroner`` (plain Python, so the engine's notes
and the pages format alike); this module re-exports it for the letter (cases.pdf), the case page
(``case_ui.kroner`` filter), the outcome labels and anything else outside the engine.
"""
from cases.rules.kroner import MINUS, NBSP, amount, group_thousands, kroner, to_decimal

__all__ = ["MINUS", "NBSP", "amount", "group_thousands", "kroner", "to_decimal"]
