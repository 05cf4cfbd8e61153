"""Turn a computed return into the rows of a contract's KPI page: text, links, statuses.

Pure: it takes computed `ReturnFigures` and a function that names each figure's records page,
and never queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine.figures import IndicatorFigures, ReturnFigures
from ..engine.indicators import Framework, Indicator, Unit
from ..engine.periods import YEAR_TO_DATE
from ..engine.rag import Status, pro_rata
from ..engine.rules import Figure, Part
from ..engine.text import number_text, target_text

RecordsUrl = Callable[..., str]


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    detail: str = ""  # numerator of denominator, as text
    numerator_url: str = ""
    denominator_url: str = ""


@dataclass(frozen=True)
class BreakdownTable:
    name: str
    label: str
    rows: list[tuple[str, list[Cell]]]


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    target: str
    cells: list[Cell]
    year_to_date: Cell | None
    status: Status | None
    status_basis: str
    breakdowns: list[BreakdownTable] = field(default_factory=list)


def figure_cell(indicator: Indicator, figure: Figure, url: RecordsUrl, period: str) -> Cell:
    if indicator.unit != Unit.PERCENT:
        return Cell(number_text(indicator.unit, figure.value), url(period, indicator.code))
    numerator = number_text(indicator.parts_unit, figure.numerator)
    denominator = number_text(indicator.parts_unit, figure.denominator)
    return Cell(
        number_text(indicator.unit, figure.value),
        url(period, indicator.code, part=Part.DENOMINATOR),
        detail=f"{numerator} of {denominator}",
        numerator_url=url(period, indicator.code, part=Part.NUMERATOR),
        denominator_url=url(period, indicator.code, part=Part.DENOMINATOR),
    )


def breakdown_tables(
    framework: Framework, row: IndicatorFigures, periods: list[str], url: RecordsUrl
) -> list[BreakdownTable]:
    indicator = row.indicator
    tables = []
    for name in indicator.breakdowns:
        figures = [row.figures[p] for p in periods]
        rows = []
        for category in framework.categories_present(name, [f.breakdown for f in figures]):
            cells = [
                Cell(
                    number_text(indicator.parts_unit, f.breakdown.get(name, {}).get(category, 0)),
                    url(p, indicator.code, breakdown=name, category=category),
                )
                for p, f in zip(periods, figures, strict=True)
            ]
            rows.append((framework.category_label(name, category), cells))
        tables.append(BreakdownTable(name, framework.breakdown_label(name), rows))
    return tables


def build_rows(figures: ReturnFigures, url: RecordsUrl) -> list[Row]:
    """One row per indicator: the framework's columns, the year to date and its status."""
    framework = figures.framework
    periods = list(framework.column_names)
    rows = []
    for row in figures.rows:
        indicator = row.indicator
        cells = [figure_cell(indicator, row.figures[p], url, p) for p in periods]
        year_to_date = None
        if YEAR_TO_DATE in row.figures:
            year_to_date = figure_cell(indicator, row.figures[YEAR_TO_DATE], url, YEAR_TO_DATE)
        rows.append(
            Row(
                indicator=indicator,
                target=target_text(indicator, row.target.value, row.target.label),
                cells=cells,
                year_to_date=year_to_date,
                status=row.status,
                status_basis=status_basis(row, figures.quarters_elapsed),
                breakdowns=breakdown_tables(framework, row, periods, url),
            )
        )
    return rows


def status_basis(row: IndicatorFigures, quarters_elapsed: int) -> str:
    """What the status compares, in words."""
    target = row.target.value
    if target is None or quarters_elapsed == 0:
        return ""
    if row.indicator.unit == Unit.PERCENT:
        return f"against {target.normalize():f}%"
    share = pro_rata(target, quarters_elapsed).normalize()
    return f"against {share:f}, the target for {quarters_elapsed} quarter(s)"
