"""What a computed figure is, and the shapes of rule figures are counted by.

A rule answers two questions with the same querysets: what is the figure for a period
(`compute`), and which records stand behind it (`records`). The figure is an aggregate of
exactly the records the drill-down lists, and a breakdown is aggregated by the same query as
its headline, so the page, the JSON and the lists cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.db.models import BooleanField, Case, Count, Expression, Q, QuerySet, Value, When

from contracts.models import Contract

from .periods import Period

Number = int | Decimal


class Part(StrEnum):
    """Which records of a figure a list shows."""

    COUNTED = "counted"  # a count or hours figure: the records counted
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"


@dataclass(frozen=True)
class Scope:
    """One contract and one period: everything a figure depends on.

    A return shares one scope per period between its indicators, so a figure one indicator
    takes from another's (1.15 is 1.2's `psd_and_participation`) is computed once. The scopes
    of one return also know every period the return counts (`periods`) and share what was
    fetched for all of them at once (`facts_of`).
    """

    contract: Contract
    period: Period
    periods: tuple[Period, ...] = field(default=(), compare=False, repr=False)
    _figures: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    _facts: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def for_periods(cls, contract: Contract, periods: Sequence[Period]) -> list[Scope]:
        """One scope per period, sharing the facts fetched for all of them."""
        shared: dict = {}
        return [cls(contract, period, tuple(periods), _facts=shared) for period in periods]

    @property
    def last_day(self):
        return self.period.end

    @property
    def all_periods(self) -> tuple[Period, ...]:
        return self.periods or (self.period,)

    def figure_of(self, rule: Rule) -> Figure:
        if id(rule) not in self._figures:
            self._figures[id(rule)] = rule.compute(self)
        return self._figures[id(rule)]

    def facts_of(self, fetch: Callable[[Scope], Any]) -> Any:
        """What `fetch` reads for every period of the return, fetched once for them all."""
        if fetch not in self._facts:
            self._facts[fetch] = fetch(self)
        return self._facts[fetch]


@dataclass(frozen=True)
class Figure:
    value: Number | None
    numerator: Number | None = None
    denominator: Number | None = None
    breakdown: dict[str, dict[str, Number]] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordList:
    """The records behind a figure. `kind` names the columns a page shows for them; on a
    denominator list `in_numerator` is annotated on each row."""

    queryset: QuerySet
    kind: str
    marks_numerator: bool = False


def percent(numerator: Number, denominator: Number) -> Decimal | None:
    """round(100 * numerator / denominator, 1), half away from zero; None when nothing to divide."""
    if not denominator:
        return None
    exact = Decimal(100) * Decimal(numerator) / Decimal(denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class UnknownCategory(LookupError):
    pass


# ---------------------------------------------------------------------------------------------
# Breakdowns
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """Named sub-counts of a figure, each category a filter on the figure's own records.

    `annotations` are computed per row before the categories filter on them (an age band or a
    care status on the period's last day). Categories with nobody in them are left out of the
    figure (they read as 0).
    """

    name: str
    categories: Callable[[Scope], Mapping[str, Q]]
    annotations: Callable[[Scope], Mapping[str, Expression]] = lambda scope: {}


def fixed_categories(field_name: str, codes: Mapping[str, Any]) -> Callable[[Scope], dict]:
    return lambda scope: {code: Q(**{field_name: code}) for code in codes}


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


class Rule:
    kind: str

    def compute(self, scope: Scope) -> Figure:
        raise NotImplementedError

    def records(
        self,
        scope: Scope,
        part: Part,
        breakdown: str | None = None,
        category: str | None = None,
    ) -> RecordList:
        raise NotImplementedError

    @property
    def breakdown_names(self) -> tuple[str, ...]:
        return ()


def _aliases(breakdowns, scope: Scope) -> dict[str, tuple[str, str, Q]]:
    """Safe SQL aliases for each (breakdown, category): names like `11-13` or `Isles of Scilly`
    are not identifiers."""
    aliases = {}
    for b_index, breakdown in enumerate(breakdowns):
        for c_index, (category, condition) in enumerate(breakdown.categories(scope).items()):
            aliases[f"b{b_index}_c{c_index}"] = (breakdown.name, category, condition)
    return aliases


def _annotations(breakdowns, scope: Scope) -> dict[str, Expression]:
    annotations: dict[str, Expression] = {}
    for breakdown in breakdowns:
        annotations.update(breakdown.annotations(scope))
    return annotations


@dataclass(frozen=True)
class CountOf(Rule):
    """The number of records (each row one counted thing: a young person, a case, a mentor...),
    and every breakdown's categories, in one query."""

    query: Callable[[Scope], QuerySet]
    kind: str
    breakdowns: tuple[Breakdown, ...] = ()

    @property
    def breakdown_names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.breakdowns)

    def compute(self, scope: Scope) -> Figure:
        queryset = self.query(scope)
        aliases = _aliases(self.breakdowns, scope)
        annotations = _annotations(self.breakdowns, scope)
        if annotations:
            queryset = queryset.annotate(**annotations)
        counts = {
            alias: Count("pk", filter=condition) for alias, (_, _, condition) in aliases.items()
        }
        totals = queryset.aggregate(value=Count("pk"), **counts)
        breakdown: dict[str, dict[str, Number]] = {b.name: {} for b in self.breakdowns}
        for alias, (name, category, _condition) in aliases.items():
            if totals[alias]:
                breakdown[name][category] = totals[alias]
        return Figure(value=totals["value"], breakdown=breakdown)

    def records(self, scope, part, breakdown=None, category=None) -> RecordList:
        queryset = self.query(scope)
        if breakdown is not None:
            chosen = next((b for b in self.breakdowns if b.name == breakdown), None)
            categories = chosen.categories(scope) if chosen else {}
            if category not in categories:
                raise UnknownCategory(category)
            queryset = queryset.annotate(**chosen.annotations(scope)).filter(categories[category])
        return RecordList(queryset, self.kind)


@dataclass(frozen=True)
class CategoryOf(Rule):
    """A figure that is one category of another rule's breakdown, taken from that rule's figure
    for the same period, so the two always agree."""

    rule: Rule
    breakdown: str
    category: str

    @property
    def kind(self) -> str:
        return self.rule.kind

    def compute(self, scope: Scope) -> Figure:
        figure = scope.figure_of(self.rule)
        return Figure(value=figure.breakdown.get(self.breakdown, {}).get(self.category, 0))

    def records(self, scope, part, breakdown=None, category=None) -> RecordList:
        if breakdown is not None:
            raise UnknownCategory(breakdown)
        return self.rule.records(scope, Part.COUNTED, self.breakdown, self.category)


@dataclass(frozen=True)
class ShareOf(Rule):
    """A percentage: the denominator's records, and the condition that puts one of them in the
    numerator. One query counts both."""

    denominator: Callable[[Scope], QuerySet]
    numerator: Callable[[Scope], Q]
    kind: str

    def compute(self, scope: Scope) -> Figure:
        totals = self.denominator(scope).aggregate(
            denominator=Count("pk"), numerator=Count("pk", filter=self.numerator(scope))
        )
        return Figure(
            value=percent(totals["numerator"], totals["denominator"]),
            numerator=totals["numerator"],
            denominator=totals["denominator"],
        )

    def records(self, scope, part, breakdown=None, category=None) -> RecordList:
        if breakdown is not None:
            raise UnknownCategory(breakdown)
        queryset = self.denominator(scope)
        if part == Part.NUMERATOR:
            return RecordList(queryset.filter(self.numerator(scope)), self.kind)
        marked = queryset.annotate(
            in_numerator=Case(
                When(self.numerator(scope), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        return RecordList(marked, self.kind, marks_numerator=True)


@dataclass(frozen=True)
class Tallied(Rule):
    """A figure tallied from facts fetched once for every period of a return, where a query per
    period would read the same records again for each (1.2's participants and their
    breakdowns: who took part, in which periods, their age band and care status on each
    period's last day).

    `facts` reads, in a few queries whatever the number of periods or records, what the tally
    needs for each of `scope.all_periods`; `tally` counts one period's figure from them.
    `listed` is the same figure as a query rule: the drill-down lists its records, a figure
    alone (a scope not made for a return's periods: a records page) is counted by its queries,
    fewer than the facts', and tests hold the two to the same count in every period and
    category.
    """

    facts: Callable[[Scope], Any]
    tally: Callable[[Any, Scope], Figure]
    listed: Rule

    @property
    def kind(self) -> str:
        return self.listed.kind

    @property
    def breakdown_names(self) -> tuple[str, ...]:
        return self.listed.breakdown_names

    def compute(self, scope: Scope) -> Figure:
        if not scope.periods:
            return self.listed.compute(scope)
        return self.tally(scope.facts_of(self.facts), scope)

    def records(self, scope, part, breakdown=None, category=None) -> RecordList:
        return self.listed.records(scope, part, breakdown, category)


@dataclass(frozen=True)
class PeopleWith(Rule):
    """Distinct young people with at least one event (an application, an accreditation...) in the
    period; each category of the breakdown counts the distinct people with such an event."""

    events: Callable[[Scope], QuerySet]
    people: Callable[[Scope, QuerySet], QuerySet]
    person: str  # the path from an event to its young person
    breakdown: str | None = None
    categories: Callable[[Scope], Mapping[str, Q]] = lambda scope: {}
    kind: str = "young_people"

    @property
    def breakdown_names(self) -> tuple[str, ...]:
        return (self.breakdown,) if self.breakdown else ()

    def compute(self, scope: Scope) -> Figure:
        categories = dict(self.categories(scope))
        aliases = {f"c{index}": name for index, name in enumerate(categories)}
        totals = self.events(scope).aggregate(
            value=Count(self.person, distinct=True),
            **{
                alias: Count(self.person, distinct=True, filter=categories[name])
                for alias, name in aliases.items()
            },
        )
        breakdown = {}
        if self.breakdown:
            breakdown[self.breakdown] = {
                name: totals[alias] for alias, name in aliases.items() if totals[alias]
            }
        return Figure(value=totals["value"], breakdown=breakdown)

    def records(self, scope, part, breakdown=None, category=None) -> RecordList:
        events = self.events(scope)
        if breakdown is not None:
            categories = self.categories(scope)
            if breakdown != self.breakdown or category not in categories:
                raise UnknownCategory(category)
            events = events.filter(categories[category])
        return RecordList(self.people(scope, events), self.kind)
