"""Small-number suppression for figures shared beyond the contract (a board report): pure.

The DfE convention for published statistics about children:

- Primary suppression: a count from 1 to 5 is shown as ``c``; 0 stays 0 (nobody is identified
  by nobody).
- Secondary suppression: no hidden cell may be worked out from the published ones through the
  relations the counting rules give (a headline and the categories that make it up; quarters
  of dated events that make up a half, the year and the year to date; periods of the same
  days). Those relations are taken together, not one sum at a time: see
  `reports.board_report.hidden_cells`.
- A percentage is hidden when its numerator or denominator is hidden: from a published
  percentage and one of the two, the other follows.

This module holds the cell-by-cell rules; the relations and the disclosure test are the
board report's.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal
from typing import TypeVar

SUPPRESSED = "c"
SMALLEST_SHOWN = 6  # counts below this (and above 0) are hidden

Key = TypeVar("Key", bound=Hashable)


def is_small(value: int | Decimal | None) -> bool:
    """A count that would identify someone: 1 to 5."""
    return value is not None and 0 < value < SMALLEST_SHOWN


def primary(counts: Mapping[Key, int | None]) -> set[Key]:
    return {key for key, value in counts.items() if is_small(value)}


def percentage_hidden(
    numerator: int | Decimal | None,
    denominator: int | Decimal | None,
    *,
    numerator_hidden: bool = False,
    denominator_hidden: bool = False,
) -> bool:
    """Whether a percentage must be hidden: its numerator or denominator is small or hidden."""
    return numerator_hidden or denominator_hidden or is_small(numerator) or is_small(denominator)


def shown(value: object, hidden: bool) -> object:
    """The value as published: ``c`` if hidden."""
    return SUPPRESSED if hidden else value
