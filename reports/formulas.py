"""Text a spreadsheet would run as a formula (OWASP "CSV injection"): the CSV and Excel exports
write the provider's words as text, whatever they start with."""

from __future__ import annotations

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run the text as a formula (the CSV and Excel exports' rule)."""
    return text.startswith(FORMULA_STARTS)


def csv_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets an apostrophe."""
    return f"'{text}" if looks_like_formula(text) else text
