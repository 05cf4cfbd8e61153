"""Small-number suppression for figures shared beyond the contract (a board report): pure.

The DfE convention for published statistics about children:

- Primary suppression: a count from 1 to 5 is shown as ``c``; 0 stays 0 (nobody is identified
  by nobody).
- Secondary suppression: no hidden cell may be worked out from the published ones through the
  relations the counting rules give (a headline and the categories that make it up; quarters
  of dated events that make up a half, the year and the year to date; periods of the same
  days). Those relations are taken together, not one sum at a time (`hidden_cells`).
- A percentage is hidden when its numerator or denominator is hidden: from a published
  percentage and one of the two, the other follows.

A hidden cell is disclosed when the published cells and the relations leave it one value. A
reader also knows a hidden cell is at least 1 (a 0 is never hidden), so a cell is disclosed too
when that bound pins it: six hidden categories of a published headline of 6 are 1 each.
`disclosed_cells` decides this exactly, in rational arithmetic; `hidden_cells` hides one more
published, non-zero cell while any hidden cell is disclosed. Which relations hold among a
report's cells is the report's to say (reports.board_report.report_relations).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from math import gcd
from typing import TypeVar

from kpis.engine.rules import Number

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


# ---------------------------------------------------------------------------------------------
# Disclosure: which hidden cells the published ones give away
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """sum(coefficient * cell) = 0: true of the figures by the counting rules."""

    terms: tuple[tuple[Hashable, int], ...]

    @classmethod
    def total(cls, total: Hashable, parts: Iterable[Hashable]) -> Relation:
        """`total` is the sum of `parts`."""
        return cls(((total, 1), *((part, -1) for part in parts)))

    @classmethod
    def same(cls, one: Hashable, other: Hashable) -> Relation:
        return cls(((one, 1), (other, -1)))

    @property
    def cells(self) -> tuple[Hashable, ...]:
        return tuple(key for key, _coefficient in self.terms)

    def holds(self, counts: Mapping[Hashable, Number | None]) -> bool:
        """Whether the figures satisfy it (a cell not in `counts` reads as 0)."""
        values = [counts.get(key, 0) for key in self.cells]
        if any(value is None for value in values):
            return False
        return sum(c * v for (_key, c), v in zip(self.terms, values, strict=True)) == 0


# A relation as the disclosure test takes it: its non-zero cells only, coefficients merged (a
# 0, published as 0, adds nothing to either side).
Terms = tuple[tuple[Hashable, int], ...]


def _reduced(matrix: list[list[int]]) -> list[list[int]]:
    """Gauss-Jordan elimination in whole numbers: the non-zero rows of a reduced row echelon
    form (each pivot column is 0 but in its own row; a row's leading entry is its pivot)."""
    rows = [row[:] for row in matrix if any(row)]
    width = len(rows[0]) if rows else 0
    top = 0
    for column in range(width):
        found = next((r for r in range(top, len(rows)) if rows[r][column]), None)
        if found is None:
            continue
        rows[top], rows[found] = rows[found], rows[top]
        pivot = rows[top]
        lead = pivot[column]
        for r, row in enumerate(rows):
            if r != top and row[column]:
                factor = row[column]
                row = [lead * a - factor * b for a, b in zip(row, pivot, strict=True)]
                common = gcd(*row)
                rows[r] = [a // common for a in row] if common > 1 else row
        top += 1
    return rows[:top]


def _freedom(relations: tuple[Terms, ...], unknown: list[Hashable]) -> dict[Hashable, tuple]:
    """How each unknown cell can change with every relation still true: the changes d with
    A d = 0 are d = N t, t free, and this is each cell's row of N, times a positive whole
    number (which changes neither what is free nor which way). All 0: the cell is fixed."""
    matrix = [[dict(terms).get(key, 0) for key in unknown] for terms in relations]
    pivots = {next(i for i, a in enumerate(row) if a): row for row in _reduced(matrix)}
    free = [i for i in range(len(unknown)) if i not in pivots]
    rows = {}
    for i, key in enumerate(unknown):
        if i in pivots:
            # row[i] * d_i + sum(row[f] * t_f) = 0 (every other pivot column is 0 in this row).
            sign = 1 if pivots[i][i] > 0 else -1
            rows[key] = tuple(-sign * pivots[i][f] for f in free)
        else:
            rows[key] = tuple(int(f == i) for f in free)
    return rows


def _has_nonnegative_solution(matrix: list[list[Fraction]], rhs: list[Fraction]) -> bool:
    """Whether matrix @ z = rhs has a solution with every z >= 0: phase one of the simplex
    method (an artificial variable per row, their sum minimised), Bland's rule so it ends."""
    height = len(matrix)
    width = len(matrix[0]) if matrix else 0
    tableau = []
    for i, (row, value) in enumerate(zip(matrix, rhs, strict=True)):
        sign = -1 if value < 0 else 1
        artificial = [Fraction(int(j == i)) for j in range(height)]
        tableau.append([sign * a for a in row] + artificial + [sign * value])
    basis = [width + i for i in range(height)]
    # Reduced costs of the artificials' sum; the last entry is minus its current value.
    cost = [-sum(row[j] for row in tableau) for j in range(width)]
    cost += [Fraction(0)] * height + [-sum(row[-1] for row in tableau)]
    while True:
        entering = next((j for j in range(width + height) if cost[j] < 0), None)
        if entering is None:
            return cost[-1] == 0
        leaving = None
        for i, row in enumerate(tableau):
            if row[entering] > 0:
                ratio = row[-1] / row[entering]
                if leaving is None or (ratio, basis[i]) < (leaving[0], basis[leaving[1]]):
                    leaving = (ratio, i)
        if leaving is None:  # unbounded: not possible, the sum is at least 0
            return cost[-1] == 0
        i = leaving[1]
        pivot = tableau[i][entering]
        tableau[i] = [value / pivot for value in tableau[i]]
        for r, row in enumerate(tableau):
            if r != i and row[entering]:
                factor = row[entering]
                tableau[r] = [a - factor * b for a, b in zip(row, tableau[i], strict=True)]
        factor = cost[entering]
        cost = [a - factor * b for a, b in zip(cost, tableau[i], strict=True)]
        basis[i] = entering


def _can_move(own: tuple, floors: list[tuple], others: list[tuple]) -> bool:
    """Whether some change t of the free directions moves the cell (own . t = 1 or -1) while
    no hidden 1 goes down (floor . t >= 0 for each of `floors`, the cell's own row among them
    if it is a 1; `others` are the other floors). The values a reader allows are convex, so
    a small enough step along such a change stays among them; and with coefficients 1 and -1
    in the shapes of period sums and partitions, whole numbers are just as free."""
    if not floors:
        return True
    # One direction alone that no floor forbids, either way round.
    for f, a in enumerate(own):
        if a and (all(floor[f] >= 0 for floor in floors) or all(floor[f] <= 0 for floor in floors)):
            return True
    # Every other hidden 1 held still: free if the cell's row is not a combination of theirs
    # (then it can move either way, so up if it is a 1 itself).
    if len(_reduced([*map(list, others), list(own)])) > len(_reduced(list(map(list, others)))):
        return True
    used = [f for f, a in enumerate(own) if a or any(floor[f] for floor in floors)]
    # t = plus - minus, and a slack for each floor: floor . t - slack = 0.
    rows = []
    for n, floor in enumerate(floors):
        slack = [Fraction(-int(m == n)) for m in range(len(floors))]
        plus = [Fraction(floor[f]) for f in used]
        rows.append(plus + [-a for a in plus] + slack)
    plus = [Fraction(own[f]) for f in used]
    rows.append(plus + [-a for a in plus] + [Fraction(0)] * len(floors))
    zeros = [Fraction(0)] * len(floors)
    return any(_has_nonnegative_solution(rows, [*zeros, Fraction(step)]) for step in (1, -1))


@lru_cache(maxsize=4096)
def disclosed_cells(
    relations: tuple[Terms, ...], hidden: frozenset, ones: frozenset = frozenset()
) -> frozenset:
    """The hidden cells whose value the published ones and the relations give away.

    Every cell of `relations` not in `hidden` is published. `ones` are the hidden cells whose
    value is 1: a reader knows that a hidden cell is at least 1 (a 0 is never hidden), so
    those cannot go lower. A cell is disclosed when the relations fix it (the rank test:
    every solution of the relations with the published cells held has 0 there), or when they
    leave it free only in directions that would take a hidden 1 below 1.
    """
    unknown = list(dict.fromkeys(key for terms in relations for key, _ in terms if key in hidden))
    rows = _freedom(relations, unknown)
    floors = {key: rows[key] for key in unknown if key in ones}
    disclosed = set()
    for key in unknown:
        others = [row for other, row in floors.items() if other != key]
        if not any(rows[key]) or not _can_move(rows[key], list(floors.values()), others):
            disclosed.add(key)
    return frozenset(disclosed)


class _Cells:
    """Cells that are the same figure (a relation a = b), taken as one: the first of them in
    the report's order stands for the others, and they are hidden together (one published
    would give the others away)."""

    def __init__(self, order: Mapping[Hashable, int]) -> None:
        self.order = order
        self.parent: dict[Hashable, Hashable] = {}

    def first(self, key: Hashable) -> Hashable:
        while self.parent.get(key, key) != key:
            key = self.parent[key]
        return key

    def join(self, one: Hashable, other: Hashable) -> None:
        one, other = sorted((self.first(one), self.first(other)), key=self.order.__getitem__)
        if one != other:
            self.parent[other] = one

    def with_members(self, keys: Iterable[Hashable]) -> set[Hashable]:
        """The keys and every cell that is the same figure as one of them."""
        firsts = {self.first(key) for key in keys}
        return {key for key in self.order if self.first(key) in firsts}


def _merged(terms: Iterable[tuple[Hashable, int]]) -> Terms:
    """The terms with each cell once (its coefficients added), none with a 0 coefficient."""
    merged: dict[Hashable, int] = {}
    for key, coefficient in terms:
        merged[key] = merged.get(key, 0) + coefficient
    return tuple(item for item in merged.items() if item[1])


def _is_same(terms: Terms) -> bool:
    """Whether the relation says one cell is the same figure as another: a = b."""
    return len(terms) == 2 and terms[0][1] == -terms[1][1]


def _components(relations: list[Terms]) -> list[tuple[Terms, ...]]:
    """The relations grouped so that no two groups share a cell: each is suppressed alone."""
    parent: dict[Hashable, Hashable] = {}

    def root(key: Hashable) -> Hashable:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for terms in relations:
        for key, _ in terms[1:]:
            parent[root(key)] = root(terms[0][0])
    groups: dict[Hashable, list[Terms]] = {}
    for terms in relations:
        groups.setdefault(root(terms[0][0]), []).append(terms)
    return [tuple(group) for group in groups.values()]


def _next_to_hide(
    group: tuple[Terms, ...],
    cost: Mapping[Hashable, Number],
    hidden: frozenset,
    ones: frozenset,
    disclosed: frozenset,
    order: Mapping[Hashable, int],
) -> Hashable | None:
    """See `hidden_cells`."""
    cells = list(dict.fromkeys(key for terms in group for key, _ in terms))
    beside = {key for terms in group if disclosed & set(dict(terms)) for key, _ in terms}
    near = [key for key in cells if key not in hidden and key in beside]
    far = [key for key in cells if key not in hidden and key not in beside]
    for pool in (near, far):
        left = {key: len(disclosed_cells(group, hidden | {key}, ones)) for key in pool}
        helping = [key for key in pool if left[key] < len(disclosed)]
        if helping:
            return min(
                helping,
                key=lambda key: (
                    Fraction(cost[key]) / (len(disclosed) - left[key]),
                    left[key],
                    order[key],
                ),
            )
    pool = near or far
    return min(pool, key=lambda key: (cost[key], order[key])) if pool else None


def hidden_cells(
    counts: Mapping[Hashable, Number | None], relations: Iterable[Relation] = ()
) -> frozenset:
    """The keys of `counts` to show as ``c``: primary suppression, then secondary until no
    hidden cell is disclosed.

    Cells that are the same figure (a relation a = b: the year to date and H1 once two
    quarters are over, 1.13's denominator and 1.2's headline) are hidden together. The next
    cell hidden is a published, non-zero one that shares a relation with a disclosed cell and
    leaves fewer cells disclosed (if none does, any other cell of the relations that does; if
    none does either, the smallest one sharing a relation). Of those, the one that costs
    least per disclosed cell it protects, a cell's cost being its figure (times the cells
    that are the same figure): DfE practice, lose as little as possible, but one cell that
    protects two (the year to date, say) before two cells that protect one each. Ties: fewer
    cells left disclosed, then the first in `counts`' order (the report's, line by line).

    A cell of a relation missing from `counts` reads as 0; a relation the figures do not
    satisfy is left out (it tells a reader nothing). A cell in no relation is hidden only if
    it is small.
    """
    order = {key: index for index, key in enumerate(counts)}
    cells = _Cells(order)
    usable = []
    for relation in relations:
        if relation.holds(counts):
            terms = _merged((key, c) for key, c in relation.terms if counts.get(key))
            if terms:
                usable.append(terms)
    while pairs := [terms for terms in usable if _is_same(terms)]:
        for (one, _), (other, _) in pairs:
            cells.join(one, other)
        # On the cells standing for the others; which can turn another relation into a = b.
        usable = [
            rewritten
            for terms in usable
            if not _is_same(terms)
            and (rewritten := _merged((cells.first(key), c) for key, c in terms))
        ]
    hidden = {cells.first(key) for key in primary(counts)}
    # What hiding a cell loses: its figure, for it and each cell that is the same figure.
    cost: dict[Hashable, Number] = {}
    for key in order:
        if counts[key]:
            cost[cells.first(key)] = cost.get(cells.first(key), 0) + counts[key]
    for group in _components(usable):
        in_group = {key for terms in group for key, _ in terms}
        ones = frozenset(key for key in in_group if counts[key] == 1)
        while disclosed := disclosed_cells(group, frozenset(hidden & in_group), ones):
            extra = _next_to_hide(group, cost, frozenset(hidden & in_group), ones, disclosed, order)
            if extra is None:  # every cell hidden already
                break
            hidden.add(extra)
    return frozenset(cells.with_members(hidden))
