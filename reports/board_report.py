"""A contract's KPI return as a CSV "board report", for sharing beyond the contract: pure.

`board_report_rows(kpi_return, suppress_small_numbers=...)` takes an already computed return
and never queries. With suppression, counts (headlines, breakdown categories, a percentage's
numerator and denominator) are suppressed the DfE way; hours and money are not counts and are
shown as they are.

Suppression works on the whole report at once:

- Primary: a count from 1 to 5 is hidden (``c``); a 0 stays 0.
- The report's cells are tied together by linear relations that hold by the counting rules
  (kpi-rules.md): a breakdown whose categories partition the headline adds up to it in every
  period; a count of dated events adds up across periods (H1 = Q1 + Q2, the year to date =
  the quarters over...); two periods of the same days have the same figures whatever is
  counted (the year to date is H1 once two quarters are over); some figures are another
  indicator's (1.13's denominator is 1.2's participants).
- A hidden cell is disclosed when the published cells and the relations leave it one value.
  A reader also knows a hidden cell is at least 1 (a 0 is never hidden), so a cell is
  disclosed too when that bound pins it: six hidden categories of a published headline of 6
  are 1 each. `disclosed_cells` decides this exactly, in rational arithmetic.
- Secondary: while any hidden cell is disclosed, one more published, non-zero cell is hidden
  (see `hidden_cells` for which one), and the test is made again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from math import gcd

from kpis.indicators import Figure, Indicator, Number, Unit
from kpis.periods import YEAR_TO_DATE, FinancialYear, Period
from kpis.returns import IndicatorRow, KpiReturn
from kpis.table import BREAKDOWN_LABELS, CATEGORY_LABELS, target_text

from .suppression import SUPPRESSED, percentage_hidden, primary

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

NOTE = (
    "c: a count from 1 to 5, or a figure from which one could be worked out, is not shown "
    "(small-number suppression)."
)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run the text as a formula (the CSV and Excel exports' rule)."""
    return text.startswith(FORMULA_STARTS)


def csv_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets an apostrophe."""
    return f"'{text}" if looks_like_formula(text) else text


def is_money(indicator: Indicator) -> bool:
    # 1.16's numerator and denominator are pounds (kpis.table makes the same exception).
    return indicator.code == "1.16"


def plain(value: Number | None, *, hours: bool = False) -> str:
    """A number as a spreadsheet reads it: no thousands separator, no unit; hours to 2 places."""
    if value is None:
        return ""
    if hours:
        return f"{Decimal(value):.2f}"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


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


# ---------------------------------------------------------------------------------------------
# The relations among a return's figures, from kpi-rules.md
# ---------------------------------------------------------------------------------------------

# Breakdowns whose categories partition the headline: each young person is in exactly one
# (age band and care status on the period's last day, the recorded gender, disability,
# ethnicity and locality), so in every period the categories add up to the headline. Not
# "service_type" (a young person counts in every type they used), 1.11's appointment types
# or 1.12's routes (distinct people per category, one person in several), 1.9's
# "applications" (applications, not applicants). 1.3's hours categories and 1.16's pounds
# also add up, but hours and money are shown as they are.
PARTITIONS = frozenset({"age_band", "gender", "disability", "ethnicity", "locality", "care_status"})

# Measures that count dated events, each dated once and so in exactly one quarter: a longer
# period's count is the sum of its quarters' (and of any periods that tile it). A measure is
# "value", "numerator", "denominator" or a breakdown's name (each of its categories). Every
# other count is of distinct people, mentors or open cases, who can be counted in several
# quarters, so it does not add up.
EVENT_MEASURES: dict[str, frozenset[str]] = {
    "1.5": frozenset({"value"}),  # initiatives dated in P
    "1.6": frozenset({"value"}),  # mentors whose trained date (one each) is in P
    "1.9": frozenset({"applications"}),  # applications submitted in P; the headline: applicants
    "A2.5": frozenset({"value"}),  # assessments dated in P
    "A2.6": frozenset({"value"}),
    "A2.7": frozenset({"numerator", "denominator"}),  # contacts by contact date
    "A2.8": frozenset({"value"}),  # activities dated in P
    "A2.9": frozenset({"value"}),
    "A2.10": frozenset({"numerator", "denominator"}),  # performance reviews dated in P
}

# Figures that are by their rules another indicator's, in every period: (code, measure...).
SAME_FIGURES = (
    (("1.13", "denominator"), ("1.2", "value")),  # participants in P
    (("1.15", "value"), ("1.2", "service_type", "psd_and_participation")),
    (("A2.1", "denominator"), ("A2.4", "value")),  # young people with a case open in P
)


def report_periods(kpi_return: KpiReturn) -> list[str]:
    """The framework's columns, then the year to date if the return has it."""
    periods = [name for name, _heading in kpi_return.framework.columns]
    if kpi_return.rows and YEAR_TO_DATE in kpi_return.rows[0].figures:
        periods.append(YEAR_TO_DATE)
    return periods


def _categories(row: IndicatorRow, name: str, periods: list[str]) -> list[str]:
    present: list[str] = []
    for period in periods:
        for category in row.figures[period].breakdown.get(name, {}):
            if category not in present:
                present.append(category)
    known = list(CATEGORY_LABELS.get(name, {}))
    return sorted(present, key=lambda c: (known.index(c) if c in known else len(known), c))


def _counted_measures(row: IndicatorRow, periods: list[str]) -> list[tuple[str, ...]]:
    """The measures of a row that are counts, in the report's order: a count's headline and
    categories; a percentage's numerator and denominator (not 1.16's, pounds)."""
    indicator = row.indicator
    if indicator.unit == Unit.COUNT:
        heads = [("value",)]
    elif indicator.unit == Unit.PERCENT and not is_money(indicator):
        heads = [("numerator",), ("denominator",)]
    else:
        return []
    return heads + [
        (name, category)
        for name in indicator.breakdowns
        for category in _categories(row, name, periods)
    ]


def _value(figure: Figure, measure: tuple[str, ...]) -> Number | None:
    if measure == ("value",):
        return figure.value
    if measure == ("numerator",):
        return figure.numerator
    if measure == ("denominator",):
        return figure.denominator
    name, category = measure
    return figure.breakdown.get(name, {}).get(category, 0)


def count_cells(kpi_return: KpiReturn, periods: list[str]) -> dict[Hashable, Number | None]:
    """The report's counts, keyed (code, measure..., period), in the order the report reads."""
    counts: dict[Hashable, Number | None] = {}
    for row in kpi_return.rows:
        for measure in _counted_measures(row, periods):
            for period in periods:
                counts[(row.indicator.code, *measure, period)] = _value(
                    row.figures[period], measure
                )
    return counts


def _quarters_of(kpi_return: KpiReturn, periods: list[str]) -> dict[str, frozenset[int]]:
    """Each period as the quarters of the year it covers (the year to date: those over)."""
    return dict(_spans(kpi_return.year, tuple(periods), kpi_return.year_to_date))


@lru_cache(maxsize=64)
def _spans(
    year: FinancialYear, periods: tuple[str, ...], year_to_date: Period | None
) -> tuple[tuple[str, frozenset[int]], ...]:
    quarters = year.quarters()
    spans = []
    for name in periods:
        period = year_to_date if name == YEAR_TO_DATE else year.period(name)
        if period is not None:
            covered = frozenset(
                index
                for index, quarter in enumerate(quarters)
                if period.start <= quarter.start and quarter.end <= period.end
            )
            spans.append((name, covered))
    return tuple(spans)


@lru_cache(maxsize=64)
def _tilings(
    spans: tuple[tuple[str, frozenset[int]], ...],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every way the report's periods, given with their quarters, tile a longer one: (FY, (Q1,
    Q2, Q3, Q4)), (FY, (H1, H2)), (YTD, (H1, Q3))..., never with a period of the same days
    (those are equal)."""
    quarters = dict(spans)
    tilings = []
    for total, span in spans:
        smaller = [name for name, part in spans if part < span]
        for size in range(2, len(span) + 1):
            for parts in combinations(smaller, size):
                covered = [quarters[part] for part in parts]
                if (
                    sum(len(c) for c in covered) == len(span)
                    and frozenset().union(*covered) == span
                ):
                    tilings.append((total, parts))
    return tuple(tilings)


def report_relations(kpi_return: KpiReturn, periods: list[str]) -> list[Relation]:
    """Every relation among the report's counts that holds by the counting rules."""
    spans = _quarters_of(kpi_return, periods)
    same_days = [(a, b) for a, b in combinations(spans, 2) if spans[a] == spans[b]]
    tilings = _tilings(tuple(spans.items()))
    relations: list[Relation] = []
    for row in kpi_return.rows:
        code = row.indicator.code
        events = EVENT_MEASURES.get(code, frozenset())
        measures = _counted_measures(row, periods)
        for measure in measures:
            for one, other in same_days:
                relations.append(Relation.same((code, *measure, one), (code, *measure, other)))
            if measure[0] in events:
                for total, parts in tilings:
                    cell = (code, *measure, total)
                    relations.append(Relation.total(cell, [(code, *measure, p) for p in parts]))
        if ("value",) in measures:
            for name in row.indicator.breakdowns:
                if name in PARTITIONS:
                    categories = _categories(row, name, periods)
                    for period in periods:
                        parts = [(code, name, category, period) for category in categories]
                        relations.append(Relation.total((code, "value", period), parts))
    codes = {row.indicator.code for row in kpi_return.rows}
    for one, other in SAME_FIGURES:
        if one[0] in codes and other[0] in codes:
            for period in periods:
                relations.append(Relation.same((*one, period), (*other, period)))
    return relations


def suppressed_keys(kpi_return: KpiReturn, periods: list[str]) -> frozenset[Hashable]:
    """The cells to hide, keyed (code, measure, period) and (code, breakdown, category, period)."""
    counts = count_cells(kpi_return, periods)
    return hidden_cells(counts, report_relations(kpi_return, periods))


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------


def _figure_cells(
    indicator: Indicator, figures: list[tuple[str, Figure]], hidden: frozenset[Hashable]
) -> list[tuple[str, list[str]]]:
    """The indicator's lines: (measure, one cell per period)."""
    code = indicator.code

    def cell(value: Number | None, key: Hashable) -> str:
        return SUPPRESSED if key in hidden else plain(value)

    if indicator.unit == Unit.PERCENT:
        lines = [("percentage", [])] + [("numerator", []), ("denominator", [])]
        for period, figure in figures:
            percent_hidden = percentage_hidden(
                None,
                None,
                numerator_hidden=(code, "numerator", period) in hidden,
                denominator_hidden=(code, "denominator", period) in hidden,
            )
            lines[0][1].append(SUPPRESSED if percent_hidden else plain(figure.value))
            lines[1][1].append(cell(figure.numerator, (code, "numerator", period)))
            lines[2][1].append(cell(figure.denominator, (code, "denominator", period)))
        return lines
    if indicator.unit == Unit.HOURS:
        return [("hours", [plain(figure.value, hours=True) for _period, figure in figures])]
    return [("count", [cell(figure.value, (code, "value", period)) for period, figure in figures])]


def board_report_rows(kpi_return: KpiReturn, *, suppress_small_numbers: bool) -> list[list[str]]:
    """The report's rows, header first, every cell safe to open in a spreadsheet."""
    periods = report_periods(kpi_return)
    headings = [heading for _name, heading in kpi_return.framework.columns]
    if YEAR_TO_DATE in periods:
        headings.append("Year to date")
    hidden = suppressed_keys(kpi_return, periods) if suppress_small_numbers else frozenset()
    rows: list[list[str]] = [
        ["Code", "Indicator", "Measure", "Category", "Target", *headings, "Status (year to date)"]
    ]
    for row in kpi_return.rows:
        indicator = row.indicator
        target = target_text(indicator, row.target.value, row.target.label)
        status = row.status.label if row.status else ""
        figures = [(period, row.figures[period]) for period in periods]
        for index, (measure, cells) in enumerate(_figure_cells(indicator, figures, hidden)):
            first = index == 0
            rows.append(
                [
                    indicator.code,
                    indicator.title,
                    measure,
                    "",
                    target if first else "",
                    *cells,
                    status if first else "",
                ]
            )
        unit_of_breakdowns = (
            "pounds"
            if is_money(indicator)
            else "hours"
            if indicator.unit == Unit.HOURS
            else "count"
        )
        for name in indicator.breakdowns:
            label = BREAKDOWN_LABELS.get(name, name)
            for category in _categories(row, name, periods):
                category_label = CATEGORY_LABELS.get(name, {}).get(category, category)
                cells = []
                for period, figure in figures:
                    value = figure.breakdown.get(name, {}).get(category, 0)
                    key = (indicator.code, name, category, period)
                    hours = indicator.unit == Unit.HOURS
                    cells.append(SUPPRESSED if key in hidden else plain(value, hours=hours))
                rows.append(
                    [
                        indicator.code,
                        indicator.title,
                        f"{label} ({unit_of_breakdowns})",
                        category_label,
                        "",
                        *cells,
                        "",
                    ]
                )
    if suppress_small_numbers:
        rows.append([NOTE])
    return [[csv_safe(cell) for cell in line] for line in rows]


def board_report_csv(kpi_return: KpiReturn, *, suppress_small_numbers: bool) -> str:
    """The report as CSV text (the caller encodes it; UTF-8 with a byte-order mark opens in
    Excel with its accents intact)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(board_report_rows(kpi_return, suppress_small_numbers=suppress_small_numbers))
    return buffer.getvalue()
