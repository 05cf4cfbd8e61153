"""Small-number suppression for figures shared beyond the contract (a board report): pure.

The DfE convention for published statistics about children:

- Primary suppression: a count from 1 to 5 is shown as ``c``; 0 stays 0 (nobody is identified
  by nobody).
- Secondary suppression: where a published total is the sum of its parts (a headline and the
  categories of an additive breakdown), a single hidden member could be worked out by
  subtraction. So in any such sum with exactly one hidden member, the next smallest published
  member is hidden too, and this repeats until nothing changes, because hiding a cell in one
  sum can leave another sum with exactly one hidden member (a cascade).
- A percentage is hidden when its numerator or denominator is hidden: from a published
  percentage and one of the two, the other follows.

Only sums that really hold may be declared: a year's count of distinct young people is not
the sum of its quarters' counts, so quarters and year are not a sum; the categories of 1.2's
gender breakdown are. Declaring a sum that does not hold only hides more than needed;
leaving out one that does hold can disclose, so when in doubt, declare it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

SUPPRESSED = "c"
SMALLEST_SHOWN = 6  # counts below this (and above 0) are hidden

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Sum:
    """`total` is the sum of `parts` (keys of the counts being suppressed)."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def members(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


def is_small(value: int | Decimal | None) -> bool:
    """A count that would identify someone: 1 to 5."""
    return value is not None and 0 < value < SMALLEST_SHOWN


def primary(counts: Mapping[Key, int | None]) -> set[Key]:
    return {key for key, value in counts.items() if is_small(value)}


def _next_to_hide(sum_: Sum, counts: Mapping, hidden: set) -> Hashable | None:
    """The smallest published member that hides something: a part before the total (hiding
    the headline loses the most), never a 0 (a hidden 0 beside shown parts still reads 0)."""
    candidates = [
        key
        for key in sum_.parts
        if key not in hidden and counts.get(key) is not None and counts[key] > 0
    ]
    if candidates:
        # Ties broken by position, so the result does not depend on hashing order.
        return min(candidates, key=lambda key: (counts[key], sum_.parts.index(key)))
    total = sum_.total
    if total not in hidden and counts.get(total):
        return total
    return None


def suppressed_cells(counts: Mapping[Key, int | None], sums: Iterable[Sum] = ()) -> frozenset[Key]:
    """The keys of `counts` to show as ``c``: primary suppression, then secondary across
    `sums` until stable. A key of a sum missing from `counts` is taken as 0 (an empty category
    is read as 0, and a 0 cannot hide anything)."""
    sums = tuple(sums)
    hidden: set = primary(counts)
    changed = True
    while changed:
        changed = False
        for sum_ in sums:
            hidden_members = [key for key in sum_.members if key in hidden]
            if len(hidden_members) != 1:
                continue
            # One hidden member: it equals the total less the others (or the parts' sum).
            # Only worth hiding more if that member is not 0 itself.
            if not counts.get(hidden_members[0]):
                continue
            extra = _next_to_hide(sum_, counts, hidden)
            if extra is not None:
                hidden.add(extra)
                changed = True
    return frozenset(hidden)


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
