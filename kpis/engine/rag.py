"""Red, amber, green against a target (kpi-rules.md, "Targets and RAG"): pure, no database."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from .indicators import Direction, Indicator, Unit
from .rules import Number


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def badge(self) -> str:
        """Bootstrap's badge for the status (the word is shown too: colour is never alone)."""
        return {"green": "text-bg-success", "amber": "text-bg-warning", "red": "text-bg-danger"}[
            self.value
        ]


def pro_rata(target: Decimal, quarters_elapsed: int) -> Decimal:
    """An annual target's share for the quarters elapsed: target x quarters / 4."""
    return Decimal(target) * quarters_elapsed / 4


def _better_or_equal(value: Decimal, bar: Decimal, direction: Direction) -> bool:
    return value >= bar if direction == Direction.HIGHER else value <= bar


def status_of(
    indicator: Indicator,
    target: Decimal | None,
    year_to_date: Number | None,
    quarters_elapsed: int,
) -> Status | None:
    """The status of a year-to-date figure against its target; None when there is no target
    (monitor only, to be agreed), no figure (nothing to divide) or no quarter over yet."""
    if target is None or year_to_date is None or quarters_elapsed <= 0:
        return None
    value = Decimal(year_to_date)
    target = Decimal(target)
    tolerance = indicator.tolerance
    direction = indicator.direction
    if indicator.unit == Unit.PERCENT:
        # Within `tolerance` percentage points of the target, on the side that falls short.
        bar = target
        near = target - tolerance if direction == Direction.HIGHER else target + tolerance
    else:
        bar = pro_rata(target, quarters_elapsed)
        share = (100 - tolerance) if direction == Direction.HIGHER else (100 + tolerance)
        near = bar * share / 100
    if _better_or_equal(value, bar, direction):
        return Status.GREEN
    if _better_or_equal(value, near, direction):
        return Status.AMBER
    return Status.RED
