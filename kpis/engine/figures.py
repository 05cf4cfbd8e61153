"""A return's figures: one typed, immutable object, and the JSON it is frozen as.

`ReturnFigures` holds every indicator's figures (with their breakdowns, targets and statuses)
for the periods asked, and, for a contract's return, the earlier periods' columns of the
specification's table and the trend charts' quarters. The engine builds it
(kpis.engine.compute.compute_return for a year; kpis.returns.figures.figures_of for a return),
submission freezes its JSON into the return, and every page and export reads it: nothing parses
the JSON but `from_json`.

Numbers are exact: counts are ints, hours, pounds and percentages Decimals. The JSON writes the
Decimals as JSON numbers (floats, as it always has), and `from_json` reads each back as the
Decimal the JSON text says, so a frozen figure and a live one compare equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .indicators import Framework, Indicator, Unit
from .periods import YEAR_TO_DATE, FinancialYear, Period, PeriodState, period_state, today
from .rag import Status
from .rules import Figure, Number

# Where a frozen return keeps its earlier columns and trend (its first form had neither).
SNAPSHOT_KEY = "export"
SNAPSHOT_VERSION = 1
RAG = ("green", "amber", "red")


@dataclass(frozen=True)
class TargetSetting:
    """The target in force: a number, or None with what the specification says instead."""

    value: Decimal | None
    note: str = ""
    set_for_year: bool = False  # a commissioner set it for this year (else the default)

    @property
    def label(self) -> str:
        return self.note if self.value is None else ""


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator's figures, by column (period name, "YTD" for the year to date)."""

    indicator: Indicator
    target: TargetSetting
    figures: Mapping[str, Figure]
    status: Status | None = None
    # The title as frozen, where it is not the indicator's now.
    frozen_title: str | None = None

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def title(self) -> str:
        return self.indicator.title if self.frozen_title is None else self.frozen_title

    @property
    def unit(self) -> Unit:
        return self.indicator.unit


@dataclass(frozen=True)
class EarlierColumn:
    """A column of a return's table before its own period (Q1 and Q2 in a Q3 return): the
    figures an earlier return reported, and which return that was."""

    column: str
    source: str  # "The Q1 return (approved, figures frozen 10/10/2025)"
    figures: Mapping[str, Figure]  # indicator code -> figure


@dataclass(frozen=True)
class TrendQuarter:
    """One quarter of the trend charts: each indicator's figure (None: nothing to show)."""

    year: int
    quarter: str
    values: Mapping[str, Number | None]


@dataclass(frozen=True)
class Funds4CareAwards:
    """The Funds4 Care awards of a financial return: the applications approved with a decision
    dated in the period, and the pounds awarded (`without_amount`: approved, no amount yet)."""

    awards: int
    allocated: Decimal
    without_amount: int


@dataclass(frozen=True)
class ReturnFigures:
    """Every indicator's figures for `columns` of a financial year.

    For a return, `period` is its own and `columns` its own columns and the year to date;
    `earlier` and `trend` are its table's earlier columns and its charts' other quarters (None
    when not asked for, or frozen before they were kept)."""

    framework: Framework
    year: FinancialYear
    rows: tuple[IndicatorFigures, ...]
    columns: tuple[str, ...]
    quarters_elapsed: int = 0
    period: str | None = None
    funds4care: Funds4CareAwards | None = None
    earlier: tuple[EarlierColumn, ...] | None = None
    trend: tuple[TrendQuarter, ...] | None = None
    # The day the figures were computed on (compute_return), which says which periods were
    # over; not frozen, and not part of what makes two returns' figures the same.
    as_of: date | None = field(default=None, compare=False)

    @property
    def year_to_date(self) -> Period | None:
        """The span the statuses judge: 1 April to the end of the last quarter over."""
        if self.quarters_elapsed <= 0:
            return None
        end = self.year.quarters()[self.quarters_elapsed - 1].end
        return Period(self.year.start, end, YEAR_TO_DATE)

    def state_of(self, column: str) -> PeriodState:
        """A column's period's state on the day the figures were computed (today if not
        known): the year to date is quarters over, so always ended."""
        on = self.as_of or today()
        if column == YEAR_TO_DATE:
            span = self.year_to_date
            return (
                period_state(span, on)
                if span is not None
                else period_state(self.year.period("FY"), on)
            )
        return period_state(self.year.period(column), on)

    def row(self, code: str) -> IndicatorFigures | None:
        return next((row for row in self.rows if row.code == code), None)

    def rag_counts(self) -> dict[str, int]:
        """How many indicators are green, amber and red."""
        return _counted([row.status.value if row.status else None for row in self.rows])

    # --- JSON ------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The document a return freezes (and its approval's history row keeps); its earlier
        columns and trend go in together, as submission has them (SNAPSHOT_KEY)."""
        document: dict[str, Any] = {
            "financial_year": self.year.year,
            "period": self.period,
            "columns": list(self.columns),
            "quarters_elapsed": self.quarters_elapsed,
            "funds4care": None if self.funds4care is None else _awards_json(self.funds4care),
            "indicators": [
                {
                    "code": row.code,
                    "title": row.title,
                    "unit": str(row.unit),
                    "target": json_number(row.target.value),
                    "target_note": row.target.label,
                    "status": row.status.value if row.status else None,
                    "figures": {
                        name: figure_json(row.indicator, row.figures[name])
                        for name in self.columns
                        if name in row.figures
                    },
                }
                for row in self.rows
            ],
        }
        if self.earlier is not None and self.trend is not None:
            units = {row.code: row.indicator for row in self.rows}
            document[SNAPSHOT_KEY] = {
                "version": SNAPSHOT_VERSION,
                "columns": [
                    {
                        "column": column.column,
                        "source": column.source,
                        "indicators": {
                            code: figure_json(units[code], figure)
                            for code, figure in column.figures.items()
                            if code in units
                        },
                    }
                    for column in self.earlier
                ],
                "trend": [
                    {
                        "year": quarter.year,
                        "quarter": quarter.quarter,
                        "values": {code: _number(value) for code, value in quarter.values.items()},
                    }
                    for quarter in self.trend
                ],
            }
        return document

    @classmethod
    def from_json(cls, document: Mapping[str, Any], framework: Framework) -> ReturnFigures:
        """The figures of a frozen document; an indicator the framework no longer has is left
        out (it could be neither labelled nor judged)."""
        rows = []
        for row in document["indicators"]:
            indicator = framework.find(row["code"])
            if indicator is None:
                continue
            target = row.get("target")
            rows.append(
                IndicatorFigures(
                    indicator,
                    TargetSetting(_decimal(target), row.get("target_note") or ""),
                    {name: figure_from_json(f) for name, f in row["figures"].items()},
                    Status(row["status"]) if row.get("status") else None,
                    frozen_title=None if row["title"] == indicator.title else row["title"],
                )
            )
        funds = document.get("funds4care")
        snapshot = document.get(SNAPSHOT_KEY)
        if not (isinstance(snapshot, Mapping) and snapshot.get("version") == SNAPSHOT_VERSION):
            snapshot = None
        return cls(
            framework=framework,
            year=FinancialYear(int(document["financial_year"])),
            rows=tuple(rows),
            columns=tuple(document["columns"]),
            quarters_elapsed=int(document.get("quarters_elapsed") or 0),
            period=document.get("period"),
            funds4care=None if funds is None else _awards_from_json(funds),
            earlier=None
            if snapshot is None
            else tuple(
                EarlierColumn(
                    column["column"],
                    column["source"],
                    {code: figure_from_json(f) for code, f in column["indicators"].items()},
                )
                for column in snapshot["columns"]
            ),
            trend=None
            if snapshot is None
            else tuple(
                TrendQuarter(
                    item["year"],
                    item["quarter"],
                    {code: _from_number(value) for code, value in item["values"].items()},
                )
                for item in snapshot["trend"]
            ),
        )


def frozen_statuses(document: Mapping[str, Any]) -> list[str | None]:
    """Each frozen indicator's status ("green", "amber", "red" or None), read without its
    figures (a dashboard reads one return per contract), whatever the framework has now."""
    return [row.get("status") for row in document.get("indicators", [])]


def frozen_rag_counts(document: Mapping[str, Any]) -> dict[str, int]:
    return _counted(frozen_statuses(document))


def _counted(statuses: list[str | None]) -> dict[str, int]:
    counts = dict.fromkeys(RAG, 0)
    for status in statuses:
        if status in counts:
            counts[status] += 1
    return counts


# --- Numbers as JSON ---------------------------------------------------------------------------


def json_number(value: Number | None) -> int | float | None:
    """Whole numbers as integers, others (hours, pounds, percentages) as decimals."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def _number(value: Number | None) -> int | float | None:
    """A figure's number as JSON: a count as it is, any Decimal as a float."""
    if value is None:
        return None
    return value if isinstance(value, int) else float(value)


def _from_number(value: int | float | None) -> Number | None:
    """A JSON number back: an int as it is, a float as the Decimal its text says (85.3, not
    85.2999...)."""
    if value is None or isinstance(value, int):
        return value
    return Decimal(repr(value))


def as_frozen(value: Number | None) -> Number | None:
    """A number as freezing it keeps it (hours of 12.50 read back as 12.5): a figure computed
    now and one read from a frozen return are then the same to the digit."""
    return _from_number(_number(value))


def _decimal(value: int | float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value))


def figure_json(indicator: Indicator, figure: Figure) -> dict[str, Any]:
    is_percent = indicator.unit == Unit.PERCENT
    return {
        "value": _number(figure.value),
        "numerator": _number(figure.numerator) if is_percent else None,
        "denominator": _number(figure.denominator) if is_percent else None,
        "breakdown": {
            name: {category: _number(count) for category, count in categories.items()}
            for name, categories in figure.breakdown.items()
        },
    }


def figure_from_json(figure: Mapping[str, Any]) -> Figure:
    return Figure(
        value=_from_number(figure["value"]),
        numerator=_from_number(figure.get("numerator")),
        denominator=_from_number(figure.get("denominator")),
        breakdown={
            name: {category: _from_number(count) for category, count in categories.items()}
            for name, categories in (figure.get("breakdown") or {}).items()
        },
    )


def _awards_json(awards: Funds4CareAwards) -> dict[str, Any]:
    return {
        "awards": awards.awards,
        "allocated": json_number(awards.allocated),
        "without_amount": awards.without_amount,
    }


def _awards_from_json(funds: Mapping[str, Any]) -> Funds4CareAwards:
    return Funds4CareAwards(
        awards=funds["awards"],
        allocated=Decimal(repr(funds["allocated"])),
        without_amount=funds.get("without_amount", 0),
    )
