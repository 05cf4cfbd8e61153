"""A contract's KPI figures for a year as a CSV "board report", for sharing beyond the
contract: pure.

`board_report_rows(figures, suppress_small_numbers=...)` takes already computed figures and
never queries. With suppression, counts (headlines, breakdown categories, a percentage's
numerator and denominator) are suppressed the DfE way (reports.suppression); hours and money
are not counts and are shown as they are.

The report's cells are tied together by linear relations that hold by the counting rules
(kpi-rules.md), which the suppression takes together: a breakdown whose categories partition
the headline adds up to it in every period; a count of dated events adds up across periods
(H1 = Q1 + Q2, the year to date = the quarters over...); two periods of the same days have the
same figures whatever is counted (the year to date is H1 once two quarters are over); some
figures are another indicator's. Each framework says which of its breakdowns partition, which
measures count events and which figures are another's (kpis.frameworks).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Hashable
from decimal import Decimal
from functools import lru_cache
from itertools import combinations

from kpis.engine.figures import IndicatorFigures, ReturnFigures
from kpis.engine.indicators import Indicator, Measure, Unit
from kpis.engine.periods import QUARTERS, YEAR_TO_DATE, FinancialYear, Period
from kpis.engine.rules import Figure, Number
from kpis.engine.text import target_text

from .board_categories import category_label, in_report_order, published_figures
from .formulas import csv_safe
from .suppression import SUPPRESSED, Relation, hidden_cells, percentage_hidden

NOTE = (
    "c: a count from 1 to 5, or a figure from which one could be worked out, is not shown "
    "(small-number suppression)."
)


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
# The relations among a return's figures, from kpi-rules.md
# ---------------------------------------------------------------------------------------------

# How the report names the unit of a breakdown's figures.
BREAKDOWN_UNITS = {Unit.COUNT: "count", Unit.HOURS: "hours", Unit.MONEY: "pounds"}


def report_periods(figures: ReturnFigures) -> list[str]:
    """The framework's columns, then the year to date if the return has it."""
    periods = [name for name, _heading in figures.framework.columns]
    if figures.rows and YEAR_TO_DATE in figures.rows[0].figures:
        periods.append(YEAR_TO_DATE)
    return periods


def _categories(
    figures: ReturnFigures, row: IndicatorFigures, name: str, periods: list[str]
) -> list[str]:
    return in_report_order(
        figures.framework.categories_present(
            name, [row.figures[period].breakdown for period in periods]
        )
    )


def _counted_measures(
    figures: ReturnFigures, row: IndicatorFigures, periods: list[str]
) -> list[Measure]:
    """The measures of a row that are counts, in the report's order: a count's headline and
    categories; a percentage's numerator and denominator (unless they are pounds)."""
    indicator = row.indicator
    if indicator.unit == Unit.COUNT:
        heads: list[Measure] = [("value",)]
    elif indicator.unit == Unit.PERCENT and indicator.parts_unit == Unit.COUNT:
        heads = [("numerator",), ("denominator",)]
    else:
        return []
    return heads + [
        (name, category)
        for name in indicator.breakdowns
        for category in _categories(figures, row, name, periods)
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


def count_cells(figures: ReturnFigures, periods: list[str]) -> dict[Hashable, Number | None]:
    """The report's counts, keyed (code, measure..., period), in the order the report reads."""
    counts: dict[Hashable, Number | None] = {}
    for row in figures.rows:
        for measure in _counted_measures(figures, row, periods):
            for period in periods:
                counts[(row.indicator.code, *measure, period)] = _value(
                    row.figures[period], measure
                )
    return counts


def _quarters_of(figures: ReturnFigures, periods: list[str]) -> dict[str, frozenset[int]]:
    """Each period as the quarters of the year it covers (the year to date: those over) that
    have started: a period counted so far has nothing after today, so H2 in Q3 is Q3's days
    and has Q3's figures. A period not started covers none and is in no relation (it has no
    figures)."""
    started = sum(1 for quarter in QUARTERS if figures.state_of(quarter).has_figures)
    return dict(_spans(figures.year, tuple(periods), figures.year_to_date, started))


@lru_cache(maxsize=64)
def _spans(
    year: FinancialYear, periods: tuple[str, ...], year_to_date: Period | None, started: int
) -> tuple[tuple[str, frozenset[int]], ...]:
    quarters = year.quarters()[:started]
    spans = []
    for name in periods:
        period = year_to_date if name == YEAR_TO_DATE else year.period(name)
        if period is not None:
            covered = frozenset(
                index
                for index, quarter in enumerate(quarters)
                if period.start <= quarter.start and quarter.end <= period.end
            )
            if covered:
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


def report_relations(figures: ReturnFigures, periods: list[str]) -> list[Relation]:
    """Every relation among the report's counts that holds by the counting rules."""
    spans = _quarters_of(figures, periods)
    same_days = [(a, b) for a, b in combinations(spans, 2) if spans[a] == spans[b]]
    tilings = _tilings(tuple(spans.items()))
    relations: list[Relation] = []
    for row in figures.rows:
        code = row.indicator.code
        events = row.indicator.events
        measures = _counted_measures(figures, row, periods)
        for measure in measures:
            for one, other in same_days:
                relations.append(Relation.same((code, *measure, one), (code, *measure, other)))
            if measure[0] in events:
                for total, parts in tilings:
                    cell = (code, *measure, total)
                    relations.append(Relation.total(cell, [(code, *measure, p) for p in parts]))
        if ("value",) in measures:
            for name in row.indicator.breakdowns:
                facts = figures.framework.breakdowns.get(name)
                if facts is not None and facts.partitions_headline:
                    categories = _categories(figures, row, name, periods)
                    for period in periods:
                        parts = [(code, name, category, period) for category in categories]
                        relations.append(Relation.total((code, "value", period), parts))
    codes = {row.indicator.code for row in figures.rows}
    for row in figures.rows:
        for measure, other in row.indicator.same_as:
            if other[0] in codes:
                for period in periods:
                    one = (row.indicator.code, *measure, period)
                    relations.append(Relation.same(one, (*other, period)))
    return relations


def suppressed_keys(figures: ReturnFigures, periods: list[str]) -> frozenset[Hashable]:
    """The cells to hide, keyed (code, measure, period) and (code, breakdown, category, period)."""
    counts = count_cells(figures, periods)
    return hidden_cells(counts, report_relations(figures, periods))


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


def board_report_rows(
    figures: ReturnFigures, *, suppress_small_numbers: bool, localities: Collection[str]
) -> list[list[str]]:
    """The report's rows, header first, every cell safe to open in a spreadsheet, and no
    word a person typed: localities not on the contract's list `localities` are counted as
    "Other or not recorded" (reports.board_categories)."""
    figures = published_figures(figures, localities=localities)
    periods = report_periods(figures)
    headings = [heading for _name, heading in figures.framework.columns]
    if YEAR_TO_DATE in periods:
        headings.append("Year to date")
    hidden = suppressed_keys(figures, periods) if suppress_small_numbers else frozenset()
    rows: list[list[str]] = [
        ["Code", "Indicator", "Measure", "Category", "Target", *headings, "Status (year to date)"]
    ]
    # Beneath the headings, the mark of each period not over ("so far, to 2 December 2025",
    # "not started"): the headings stay as they are for a spreadsheet that reads them.
    marks = [figures.state_of(period).mark for period in periods]
    if any(marks):
        rows.append(["", "", "Period not over", "", "", *marks, ""])
    # A period not started has no figures: its cells are left empty.
    blank = {i for i, period in enumerate(periods) if not figures.state_of(period).has_figures}

    def shown(cells: list[str]) -> list[str]:
        return ["" if i in blank else cell for i, cell in enumerate(cells)]

    for row in figures.rows:
        indicator = row.indicator
        target = target_text(indicator, row.target.value, row.target.label)
        status = row.status.label if row.status else ""
        by_period = [(period, row.figures[period]) for period in periods]
        for index, (measure, cells) in enumerate(_figure_cells(indicator, by_period, hidden)):
            cells = shown(cells)
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
        unit_of_breakdowns = BREAKDOWN_UNITS[indicator.parts_unit]
        for name in indicator.breakdowns:
            label = figures.framework.breakdown_label(name)
            for category in _categories(figures, row, name, periods):
                label_of_category = category_label(figures.framework, name, category)
                cells = []
                for period, figure in by_period:
                    value = figure.breakdown.get(name, {}).get(category, 0)
                    key = (indicator.code, name, category, period)
                    hours = indicator.unit == Unit.HOURS
                    cells.append(SUPPRESSED if key in hidden else plain(value, hours=hours))
                rows.append(
                    [
                        indicator.code,
                        indicator.title,
                        f"{label} ({unit_of_breakdowns})",
                        label_of_category,
                        "",
                        *shown(cells),
                        "",
                    ]
                )
    if suppress_small_numbers:
        rows.append([NOTE])
    return [[csv_safe(cell) for cell in line] for line in rows]


def board_report_csv(
    figures: ReturnFigures, *, suppress_small_numbers: bool, localities: Collection[str]
) -> str:
    """The report as CSV text (the caller encodes it; UTF-8 with a byte-order mark opens in
    Excel with its accents intact)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(
        board_report_rows(
            figures, suppress_small_numbers=suppress_small_numbers, localities=localities
        )
    )
    return buffer.getvalue()
