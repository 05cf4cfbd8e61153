"""Turn a computed return into the rows of a contract's KPI page: text, links, statuses.

Pure: it takes computed `ReturnFigures` and a function that names each figure's records page,
and never queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine.figures import IndicatorFigures, ReturnFigures
from ..engine.indicators import Framework, Indicator, Unit
from ..engine.periods import YEAR_TO_DATE, PeriodState
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
    state: PeriodState | None = None  # its period's, marked beside it when not over


@dataclass(frozen=True)
class Column:
    """A column of the page's table: a period, its heading and its state today."""

    name: str
    heading: str
    state: PeriodState


def not_started(state: PeriodState) -> Cell:
    """A period not started has no figures: a dash, marked "not started", linking nowhere."""
    return Cell("–", state=state)


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


def figure_cell(
    indicator: Indicator, figure: Figure, url: RecordsUrl, period: str, state: PeriodState
) -> Cell:
    if not state.has_figures:
        return not_started(state)
    if indicator.unit != Unit.PERCENT:
        return Cell(
            number_text(indicator.unit, figure.value), url(period, indicator.code), state=state
        )
    numerator = number_text(indicator.parts_unit, figure.numerator)
    denominator = number_text(indicator.parts_unit, figure.denominator)
    return Cell(
        number_text(indicator.unit, figure.value),
        url(period, indicator.code, part=Part.DENOMINATOR),
        detail=f"{numerator} of {denominator}",
        numerator_url=url(period, indicator.code, part=Part.NUMERATOR),
        denominator_url=url(period, indicator.code, part=Part.DENOMINATOR),
        state=state,
    )


def table_columns(figures: ReturnFigures) -> list[Column]:
    """The framework's columns, each with its period's state on the day of the figures."""
    return [
        Column(name, heading, figures.state_of(name)) for name, heading in figures.framework.columns
    ]


def breakdown_tables(
    framework: Framework, row: IndicatorFigures, columns: list[Column], url: RecordsUrl
) -> list[BreakdownTable]:
    indicator = row.indicator
    shown = [column for column in columns if column.state.has_figures]
    tables = []
    for name in indicator.breakdowns:
        figures = {column.name: row.figures[column.name] for column in shown}
        rows = []
        present = framework.categories_present(name, [f.breakdown for f in figures.values()])
        for category in present:
            cells = [
                Cell(
                    number_text(
                        indicator.parts_unit,
                        figures[c.name].breakdown.get(name, {}).get(category, 0),
                    ),
                    url(c.name, indicator.code, breakdown=name, category=category),
                    state=c.state,
                )
                if c.state.has_figures
                else not_started(c.state)
                for c in columns
            ]
            rows.append((framework.category_label(name, category), cells))
        tables.append(BreakdownTable(name, framework.breakdown_label(name), rows))
    return tables


def build_rows(figures: ReturnFigures, url: RecordsUrl) -> list[Row]:
    """One row per indicator: the framework's columns (a period not started without figures),
    the year to date and its status."""
    framework = figures.framework
    columns = table_columns(figures)
    rows = []
    for row in figures.rows:
        indicator = row.indicator
        cells = [figure_cell(indicator, row.figures[c.name], url, c.name, c.state) for c in columns]
        year_to_date = None
        if YEAR_TO_DATE in row.figures:
            year_to_date = figure_cell(
                indicator,
                row.figures[YEAR_TO_DATE],
                url,
                YEAR_TO_DATE,
                figures.state_of(YEAR_TO_DATE),
            )
        rows.append(
            Row(
                indicator=indicator,
                target=target_text(indicator, row.target.value, row.target.label),
                cells=cells,
                year_to_date=year_to_date,
                status=row.status,
                status_basis=status_basis(row, figures.quarters_elapsed),
                breakdowns=breakdown_tables(framework, row, columns, url),
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
