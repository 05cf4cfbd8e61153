"""What an indicator and a framework are: everything about one, as data.

A framework's own module (kpis.frameworks) fills these in: its indicators with their rules,
units, targets and words, the periods it reports on, the labels of its breakdowns, the
specification's own wording and the shape of the specification's table. Nothing outside a
framework's module asks which framework it is: it reads these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from contracts.models import Contract

from .periods import FinancialYear, Period
from .rules import Figure, Part, RecordList, Rule, Scope


class Unit(StrEnum):
    COUNT = "count"
    HOURS = "hours"
    PERCENT = "percent"
    MONEY = "money"  # pounds: only the parts of a figure (money over money), never a figure


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


# kpi-rules.md, "Targets and RAG": amber within 5 percentage points of a percent target; for a
# count or hours, amber at 90% or more of the pro-rata target (10% short). Settings of each
# indicator, so one can be given another.
PERCENT_AMBER_POINTS = Decimal(5)
COUNT_AMBER_SHORTFALL_PERCENT = Decimal(10)

# A measure of a figure: ("value",), ("numerator",), ("denominator",), or (breakdown, category).
Measure = tuple[str, ...]


@dataclass(frozen=True)
class Wording:
    """An indicator as its specification words it, word for word, for the exports a council
    compares line by line with its own template (slips included: an export is no place to
    correct a contract).

    Cornwall (6.1): `name` and `description`, the two halves of "1.2 Service participation:
    Number of ...". Wolverhampton (Appendix 2): `name` is the "Indicator/ Measure" cell, and
    the other columns of its row."""

    name: str
    description: str = ""
    indicator_type: str = ""
    data_source: str = ""
    monitoring: str = ""
    reporting: str = ""


RowKind = Literal["heading", "headline", "category", "categories"]


@dataclass(frozen=True)
class ListedRow:
    """A row a specification's table lists beneath an indicator (Cornwall's 6.1 under 1.2):

    - "heading": a group's name ("Demographics"), no figures;
    - "headline": the indicator's own figure under the specification's words;
    - "category": one category of one of the indicator's breakdowns;
    - "categories": a breakdown's name ("Age"), followed by a row for each of its categories
      (those someone is in)."""

    kind: RowKind
    label: str
    breakdown: str = ""
    category: str = ""


@dataclass(frozen=True)
class BreakdownFacts:
    """What a framework says about one of its breakdowns (by name): its label and its
    categories' labels on the screens, the specification's words for them where it has any,
    and how its categories relate to the headline."""

    label: str
    categories: Mapping[str, str] = field(default_factory=dict)
    # The specification's name for the breakdown, where it has one (the exports use it).
    specification_label: str = ""
    # The specification lists every category, so they are shown even when nobody is in them.
    listed_in_full: bool = False
    # Each record counted is in exactly one category, so the categories add up to the
    # headline in every period (a board report's suppression relies on it).
    partitions_headline: bool = False


@dataclass(frozen=True)
class TextColumn:
    """A column of words before the figures in the specification's table: its heading, the
    `Wording` attribute it shows ("heading": "code name: description"), its width."""

    heading: str
    shows: str
    width: float


@dataclass(frozen=True)
class SpecificationTable:
    """The specification's table of indicators, as a council's template lays it out: the
    exports draw it from this."""

    sheet_title: str  # the worksheet's name
    title: str  # the sheet's title, before the framework's
    text_columns: tuple[TextColumn, ...]
    target_heading: str  # "{year}" becomes the return's financial year ("2025/26")
    target_width: float
    figure_width: float
    comments_heading: str
    comments_width: float
    # The specification's headings for the framework's periods where they differ from the
    # screens' ("Annual Total").
    column_headings: Mapping[str, str] = field(default_factory=dict)
    # The columns kept in view when the sheet scrolls right (the first N).
    frozen_columns: int = 1


@dataclass(frozen=True, kw_only=True)
class Indicator:
    code: str
    title: str
    unit: Unit
    rule: Rule
    description: str = ""
    direction: Direction = Direction.HIGHER
    default_target: Decimal | None = None
    # What the specification says instead of a number ("Monitor only", "TBC", "To be agreed").
    target_note: str = ""
    # Percentage points for a percent indicator; percent short of the pro-rata target otherwise.
    amber_tolerance: Decimal | None = None
    # The unit of the figure's parts, a percentage's numerator and denominator and each
    # breakdown category, where it is not the usual (counts; hours for an hours figure).
    parts: Unit | None = None
    # What a specification's table says about the indicator besides its measure (Appendix 2).
    indicator_type: str = ""
    data_source: str = ""
    monitoring: str = ""
    reporting: str = ""
    # The specification's words, for the exports (the screens use the short ones above).
    wording: Wording | None = None
    # The rows the specification's table lists beneath the indicator.
    listed: tuple[ListedRow, ...] = ()
    # Measures that count dated events, each dated once and so in exactly one quarter: a
    # longer period's figure is the sum of its quarters'. Every other count is of people,
    # mentors or open cases, who can be counted in several quarters.
    events: frozenset[str] = frozenset()
    # Measures that are, by their rules, another indicator's: (own measure, (code, measure)).
    same_as: tuple[tuple[Measure, tuple[str, ...]], ...] = ()

    @property
    def tolerance(self) -> Decimal:
        if self.amber_tolerance is not None:
            return self.amber_tolerance
        if self.unit == Unit.PERCENT:
            return PERCENT_AMBER_POINTS
        return COUNT_AMBER_SHORTFALL_PERCENT

    @property
    def parts_unit(self) -> Unit:
        if self.parts is not None:
            return self.parts
        return Unit.HOURS if self.unit == Unit.HOURS else Unit.COUNT

    @property
    def words(self) -> Wording:
        """The specification's words, or the screens' where a framework gives none."""
        if self.wording is not None:
            return self.wording
        return Wording(
            self.title,
            self.description,
            self.indicator_type,
            self.data_source,
            self.monitoring,
            self.reporting,
        )

    @property
    def breakdowns(self) -> tuple[str, ...]:
        return self.rule.breakdown_names

    def compute(self, contract: Contract, period: Period, scope: Scope | None = None) -> Figure:
        """The figure for a period; give the return's `scope` for the period to share work."""
        return (scope or Scope(contract, period)).figure_of(self.rule)

    def records(
        self,
        contract: Contract,
        period: Period,
        part: Part = Part.COUNTED,
        breakdown: str | None = None,
        category: str | None = None,
    ) -> RecordList:
        return self.rule.records(Scope(contract, period), part, breakdown, category)


@dataclass(frozen=True, kw_only=True)
class Framework:
    code: str
    title: str
    indicators: tuple[Indicator, ...]
    # The periods the framework's table shows, with their column headings.
    columns: tuple[tuple[str, str], ...]
    # The periods a return is made for (each return shows its own columns and the year to date).
    return_periods: tuple[str, ...]
    # What one of those periods is called in a sentence ("a return for every quarter").
    return_period_noun: str
    breakdowns: Mapping[str, BreakdownFacts] = field(default_factory=dict)
    table: SpecificationTable
    # The kinds of record the framework counts from (Funds4 Care awards are part of the
    # financial return of a framework that uses "funds4care").
    records: frozenset[str] = frozenset()

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def find(self, code: str) -> Indicator | None:
        """The indicator of that code, or None (a code frozen into an old return)."""
        try:
            return self.indicator(code)
        except KeyError:
            return None

    def uses(self, records: str) -> bool:
        return records in self.records

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _heading in self.columns)

    def columns_of(self, period: str) -> tuple[str, ...]:
        """The columns a return for `period` shows of its own (besides the year to date): the
        framework's periods within it, in the table's order; a quarter alone, a half year with
        its two quarters."""
        year = FinancialYear(2000)  # any year: the periods' places in it are what matter
        span = year.period(period)
        return tuple(
            name
            for name in self.column_names
            if name != "FY"
            and span.start <= year.period(name).start
            and year.period(name).end <= span.end
        )

    def breakdown_label(self, name: str) -> str:
        facts = self.breakdowns.get(name)
        return facts.label if facts else name

    def category_label(self, breakdown: str, category: str) -> str:
        facts = self.breakdowns.get(breakdown)
        return facts.categories.get(category, category) if facts else category

    def specification_categories(self, breakdown: str) -> dict[str, str]:
        """A breakdown's categories in the specification's words and order, where its table
        lists them beneath an indicator (Cornwall's 6.1 under 1.2 and 1.3)."""
        named: dict[str, str] = {}
        for indicator in self.indicators:
            for row in indicator.listed:
                if row.kind == "category" and row.breakdown == breakdown:
                    named[row.category] = row.label
        return named

    def category_order(self, breakdown: str) -> list[str]:
        facts = self.breakdowns.get(breakdown)
        return list(facts.categories) if facts else []

    def categories_present(self, breakdown: str, figures: list[Mapping]) -> list[str]:
        """The categories of a breakdown that someone is in in any of `figures` (each a
        figure's breakdown mapping), in the framework's order, then the others by name."""
        present: list[str] = []
        for breakdowns in figures:
            for category in breakdowns.get(breakdown, {}):
                if category not in present:
                    present.append(category)
        known = self.category_order(breakdown)
        return sorted(present, key=lambda c: (known.index(c) if c in known else len(known), c))
