"""An indicator as a return's exports show it: its figure in each column of the specification's
table, its breakdowns and the rows the specification lists beneath it, in the framework's own
words (kpis.frameworks). Built from a return's figures by reports.document; pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kpis.engine.figures import IndicatorFigures
from kpis.engine.indicators import Framework, Indicator, Unit
from kpis.engine.rules import Figure

Number = int | float | Decimal


@dataclass(frozen=True)
class PeriodFigure:
    """One indicator's figure for one column; numerator and denominator for a percentage."""

    value: Number | None
    numerator: Number | None = None
    denominator: Number | None = None


@dataclass(frozen=True)
class BreakdownRow:
    """One category of one breakdown of an indicator, with its count per column."""

    breakdown: str
    breakdown_label: str
    category: str
    label: str
    values: Mapping[str, Number | None]  # column code -> count (None: no figures)


@dataclass(frozen=True)
class ListedLine:
    """A row the specification lists beneath an indicator on its own table (Cornwall 6.1, 1.2
    and 1.3), in its order and words: a group heading (no values), or figures per column."""

    label: str
    level: int  # 0: a group's heading; 1: a row of the group; 2: a category under a name
    is_heading: bool
    values: Mapping[str, Number | None]


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    title: str  # the specification's name (Cornwall) or measure (Wolverhampton)
    description: str  # the specification's words after the name (Cornwall; else "")
    unit: str  # "count", "hours" or "percent"
    is_money: bool  # numerator and denominator (and the breakdown) in pounds
    target_value: Number | None
    target_label: str  # as the page shows it: "85%", "160", "Monitor only"
    status: str | None  # "green", "amber", "red" or None (no target, nothing to judge)
    figures: Mapping[str, PeriodFigure | None]  # column code -> figure (None: not reported)
    breakdowns: tuple[BreakdownRow, ...]
    comment: str
    explanation: str
    # Appendix 2's columns (empty for Cornwall).
    indicator_type: str = ""
    data_source: str = ""
    monitoring: str = ""
    reporting: str = ""
    # The rows the specification lists beneath the indicator (Cornwall's 1.2 and 1.3).
    listed: tuple[ListedLine, ...] = ()

    @property
    def parts_unit(self) -> Unit:
        """The unit of a percentage's numerator and denominator and of each breakdown's figures."""
        if self.is_money:
            return Unit.MONEY
        return Unit.HOURS if self.unit == Unit.HOURS else Unit.COUNT

    @property
    def heading(self) -> str:
        """ "1.2 Service participation: Number of ...", as the specification's table has it."""
        if self.description:
            return f"{self.code} {self.title}: {self.description}"
        return f"{self.code} {self.title}"


def breakdown_label(framework: Framework, name: str) -> str:
    """The specification's name for a breakdown where it has one, else the screens'."""
    facts = framework.breakdowns.get(name)
    return (facts.specification_label or facts.label) if facts else name


def category_label(framework: Framework, name: str, category: str) -> str:
    named = framework.specification_categories(name).get(category)
    return named or framework.category_label(name, category)


def _categories(framework: Framework, name: str, breakdowns: list[Mapping[str, Any]]) -> list[str]:
    """A breakdown's categories: every one where the specification lists them all (6.1 under
    1.2 and 1.3), else those someone is in; in the specification's order, then the screens'."""
    facts = framework.breakdowns.get(name)
    known = framework.category_order(name)
    present: list[str] = list(known) if facts and facts.listed_in_full else []
    for breakdown in breakdowns:
        for category in breakdown.get(name, {}):
            if category not in present:
                present.append(category)
    order = [*framework.specification_categories(name), *known]
    return sorted(present, key=lambda c: (order.index(c) if c in order else len(order), c))


def _listed_lines(
    framework: Framework,
    indicator: Indicator,
    columns: list[str],
    figures: Mapping[str, PeriodFigure | None],
    breakdown_of: Mapping[str, Mapping[str, Any]],
) -> tuple[ListedLine, ...]:
    """The specification's rows beneath the indicator, each with the engine's figures."""

    def count(column: str, name: str, category: str) -> Number | None:
        if column not in breakdown_of:
            return None
        return breakdown_of[column].get(name, {}).get(category, 0)

    lines: list[ListedLine] = []
    for row in indicator.listed:
        if row.kind == "heading":
            lines.append(ListedLine(row.label, 0, True, {}))
        elif row.kind == "headline":
            values = {c: (f.value if (f := figures.get(c)) else None) for c in columns}
            lines.append(ListedLine(row.label, 1, False, values))
        elif row.kind == "category":
            values = {c: count(c, row.breakdown, row.category) for c in columns}
            lines.append(ListedLine(row.label, 1, False, values))
        else:  # "categories": the breakdown's name, then each of its categories
            lines.append(ListedLine(row.label, 1, True, {}))
            for category in _categories(framework, row.breakdown, list(breakdown_of.values())):
                values = {c: count(c, row.breakdown, category) for c in columns}
                label = category_label(framework, row.breakdown, category)
                lines.append(ListedLine(label, 2, False, values))
    return tuple(lines)


def indicator_line(
    framework: Framework,
    row: IndicatorFigures,
    columns: list[str],
    by_column: Mapping[str, Mapping[str, Figure]],
    notes: Mapping[str, Any],
) -> IndicatorLine:
    """`by_column`: column code -> indicator code -> that column's figure."""
    indicator = row.indicator
    figures: dict[str, PeriodFigure | None] = {}
    breakdown_of: dict[str, Mapping[str, Any]] = {}
    for column in columns:
        figure = by_column.get(column, {}).get(indicator.code)
        if figure is None:
            figures[column] = None
            continue
        figures[column] = PeriodFigure(figure.value, figure.numerator, figure.denominator)
        breakdown_of[column] = figure.breakdown
    names: list[str] = list(indicator.breakdowns)
    for breakdown in breakdown_of.values():
        names.extend(name for name in breakdown if name not in names)
    breakdowns = [
        BreakdownRow(
            name,
            breakdown_label(framework, name),
            category,
            category_label(framework, name, category),
            {
                column: (
                    breakdown_of[column].get(name, {}).get(category, 0)
                    if column in breakdown_of
                    else None
                )
                for column in columns
            },
        )
        for name in names
        for category in _categories(framework, name, list(breakdown_of.values()))
    ]
    target = row.target.value
    target_label = row.target.note if target is None else f"{target}"
    if target is not None and row.unit == Unit.PERCENT:
        target_label += "%"
    note = notes.get(indicator.code) or {}
    words = indicator.words
    return IndicatorLine(
        code=indicator.code,
        title=words.name,
        description=words.description,
        unit=str(row.unit),
        is_money=indicator.parts_unit == Unit.MONEY,
        target_value=target,
        target_label=target_label,
        status=row.status.value if row.status else None,
        figures=figures,
        breakdowns=tuple(breakdowns),
        comment=note.get("comment", ""),
        explanation=note.get("explanation", ""),
        indicator_type=words.indicator_type,
        data_source=words.data_source,
        monitoring=words.monitoring,
        reporting=words.reporting,
        listed=_listed_lines(framework, indicator, columns, figures, breakdown_of),
    )
