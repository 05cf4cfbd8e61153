"""The panel's scores of an application, summed up for the chair. Pure: it takes rows already
fetched (funds4care.panel.queries fetches a whole round's in a fixed number of queries).

- A member's average is weighted by the criteria's weights, over the criteria they scored:
  "not applicable" is left out of that member's average, never counted as 0.
- The panel's average is the mean of the members' averages, each member counting once. Pooling
  every weighted score instead would give more say to a member who scored more criteria (the
  others marked some "not applicable"), and each member is one voice on the panel.
- The spread is the highest member's average less the lowest.
- A criterion is flagged when two members' scores of it differ by 2 points or more, for the
  panel to talk it through before the chair decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

DISAGREEMENT = 2  # points apart on one criterion, out of 5
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Disagreement:
    criterion: str
    lowest: int
    highest: int


@dataclass(frozen=True)
class Summary:
    """One application's submitted scores, summed up."""

    member_averages: tuple[Decimal, ...] = ()
    average: Decimal | None = None
    spread: Decimal | None = None
    flags: tuple[Disagreement, ...] = ()
    submitted: int = 0
    conflicted: int = 0
    # Submitted sheets with every criterion "not applicable": no average to count.
    all_not_applicable: int = 0

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


def member_average(scores: Mapping[int, int | None], weights: Mapping[int, int]) -> Decimal | None:
    """The weighted average of one member's scores (criterion id -> 0 to 5, or None for "not
    applicable"); None when they marked every criterion "not applicable"."""
    scored = [(weights[c], value) for c, value in scores.items() if value is not None]
    total_weight = sum(weight for weight, _ in scored)
    if not total_weight:
        return None
    return Decimal(sum(weight * value for weight, value in scored)) / Decimal(total_weight)


def disagreements(
    sheets: Iterable[Mapping[int, int | None]], names: Mapping[int, str]
) -> tuple[Disagreement, ...]:
    """The criteria (in the rubric's order, `names`) on which two members' scores are
    DISAGREEMENT points or more apart; "not applicable" takes no side."""
    values: dict[int, list[int]] = {}
    for scores in sheets:
        for criterion, value in scores.items():
            if value is not None:
                values.setdefault(criterion, []).append(value)
    return tuple(
        Disagreement(names[c], min(values[c]), max(values[c]))
        for c in names
        if c in values and max(values[c]) - min(values[c]) >= DISAGREEMENT
    )


def summarise(
    sheets: Iterable[Mapping[int, int | None]],
    criteria: Mapping[int, tuple[str, int]],
    conflicted: int = 0,
) -> Summary:
    """Sum up the submitted `sheets` of one application (each: criterion id -> value) against
    the rubric `criteria` (id -> (name, weight), in the rubric's order)."""
    sheets = list(sheets)
    weights = {c: weight for c, (_name, weight) in criteria.items()}
    names = {c: name for c, (name, _weight) in criteria.items()}
    averages = [member_average(scores, weights) for scores in sheets]
    counted = tuple(average for average in averages if average is not None)
    return Summary(
        member_averages=tuple(rounded(average) for average in counted),
        average=rounded(sum(counted) / len(counted)) if counted else None,
        spread=rounded(max(counted) - min(counted)) if counted else None,
        flags=disagreements(sheets, names),
        submitted=len(sheets),
        conflicted=conflicted,
        all_not_applicable=len(averages) - len(counted),
    )


def rounded(value: Decimal) -> Decimal:
    """Two decimal places, halves up, as a person rounds."""
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class SheetRows:
    """A round's submitted scores, gathered by application then member: the shape `summarise`
    reads, built from flat rows (application, member, criterion, value)."""

    by_application: dict[int, dict[int, dict[int, int | None]]] = field(default_factory=dict)

    def add(self, application: int, member: int, criterion: int, value: int | None) -> None:
        sheet = self.by_application.setdefault(application, {}).setdefault(member, {})
        sheet[criterion] = value

    def sheets_of(self, application: int) -> list[dict[int, int | None]]:
        return list(self.by_application.get(application, {}).values())
