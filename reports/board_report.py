"""A contract's KPI return as a CSV "board report", for sharing beyond the contract: pure.

`board_report_rows(kpi_return, suppress_small_numbers=...)` takes an already computed return
and never queries. With suppression, counts of young people (headlines, breakdown categories,
a percentage's numerator and denominator) follow reports.suppression; hours and money are not
counts of people and are shown as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable
from decimal import Decimal

from kpis.indicators import Figure, Indicator, Number, Unit
from kpis.periods import YEAR_TO_DATE
from kpis.returns import IndicatorRow, KpiReturn
from kpis.table import BREAKDOWN_LABELS, CATEGORY_LABELS, target_text

from .suppression import SUPPRESSED, Sum, percentage_hidden, suppressed_cells

# Breakdowns whose categories together make up the headline (each young person is in exactly
# one category), so a hidden category could be worked out from the others. "service_type" is
# not one: a young person counts in every type they used.
ADDITIVE_BREAKDOWNS = frozenset(
    {"age_band", "gender", "disability", "ethnicity", "locality", "care_status"}
)

# Indicators that count events (each dated once, so in exactly one quarter): their quarters add
# up to their half years and year, and a hidden quarter could be worked out from the year.
# Counts of distinct young people, mentors or open cases do not add up (one person can be in
# every quarter), so no period sum is declared for them.
EVENT_KINDS = frozenset({"initiatives", "assessments", "activities", "performance_reviews"})
PERIOD_SUMS = (
    ("FY", ("Q1", "Q2", "Q3", "Q4")),
    ("H1", ("Q1", "Q2")),
    ("H2", ("Q3", "Q4")),
    ("FY", ("H1", "H2")),
)

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


def _categories(row: IndicatorRow, name: str, periods: list[str]) -> list[str]:
    present: list[str] = []
    for period in periods:
        for category in row.figures[period].breakdown.get(name, {}):
            if category not in present:
                present.append(category)
    known = list(CATEGORY_LABELS.get(name, {}))
    return sorted(present, key=lambda c: (known.index(c) if c in known else len(known), c))


def _suppression(kpi_return: KpiReturn, periods: list[str]) -> frozenset[Hashable]:
    """The cells to hide, keyed (code, measure, period) and (code, breakdown, category, period)."""
    counts: dict[Hashable, Number | None] = {}
    sums: list[Sum] = []
    for row in kpi_return.rows:
        indicator = row.indicator
        code = indicator.code
        for period in periods:
            figure = row.figures[period]
            if indicator.unit == Unit.COUNT:
                counts[(code, "value", period)] = figure.value
                for name in indicator.breakdowns:
                    parts = []
                    for category in _categories(row, name, periods):
                        key = (code, name, category, period)
                        counts[key] = figure.breakdown.get(name, {}).get(category, 0)
                        parts.append(key)
                    if name in ADDITIVE_BREAKDOWNS:
                        sums.append(Sum((code, "value", period), tuple(parts)))
            elif indicator.unit == Unit.PERCENT and not is_money(indicator):
                counts[(code, "numerator", period)] = figure.numerator
                counts[(code, "denominator", period)] = figure.denominator
                # Not parts of the percentage: counted, so hidden when small.
                for name in indicator.breakdowns:
                    for category in _categories(row, name, periods):
                        value = figure.breakdown.get(name, {}).get(category, 0)
                        counts[(code, name, category, period)] = value
    for row in kpi_return.rows:
        if row.indicator.unit == Unit.COUNT and row.indicator.rule.kind in EVENT_KINDS:
            sums.extend(_period_sums(row, periods, kpi_return.quarters_elapsed))
    return suppressed_cells(counts, sums)


def _period_sums(row: IndicatorRow, periods: list[str], quarters_elapsed: int) -> list[Sum]:
    """The sums across periods of an event count, its headline and each breakdown category."""
    code = row.indicator.code
    measures: list[tuple] = [("value",)] + [
        (name, category)
        for name in row.indicator.breakdowns
        for category in _categories(row, name, periods)
    ]
    relations = list(PERIOD_SUMS)
    if YEAR_TO_DATE in periods and quarters_elapsed:
        relations.append((YEAR_TO_DATE, ("Q1", "Q2", "Q3", "Q4")[:quarters_elapsed]))
    sums = []
    for measure in measures:
        for total, parts in relations:
            if total in periods and all(part in periods for part in parts):
                sums.append(
                    Sum((code, *measure, total), tuple((code, *measure, part) for part in parts))
                )
    return sums


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
    framework = kpi_return.framework
    periods = [name for name, _heading in framework.columns]
    headings = [heading for _name, heading in framework.columns]
    with_year_to_date = bool(kpi_return.rows) and YEAR_TO_DATE in kpi_return.rows[0].figures
    if with_year_to_date:
        periods.append(YEAR_TO_DATE)
        headings.append("Year to date")
    hidden = _suppression(kpi_return, periods) if suppress_small_numbers else frozenset()
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
