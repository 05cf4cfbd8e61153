"""Financial-year arithmetic (kpi-rules.md, "Periods"): pure, no database.

Financial year 2025 is 2025/26, 1 April 2025 to 31 March 2026. Every date is inclusive. The
current day is read when a function is called (never at import), so a long-running process
and a test that freezes time both see the right year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils import timezone

# The periods a return reports, in the order it shows them.
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
HALVES = ("H1", "H2")
RETURN_PERIODS = (*QUARTERS, *HALVES, "FY")
YEAR_TO_DATE = "YTD"

# Each period as (first quarter, number of quarters) of its year.
_FIRST_QUARTER_OF = {"Q1": 0, "Q2": 1, "Q3": 2, "Q4": 3, "H1": 0, "H2": 2, "FY": 0}
_QUARTERS_LONG = {"Q1": 1, "Q2": 1, "Q3": 1, "Q4": 1, "H1": 2, "H2": 2, "FY": 4}


def today() -> date:
    """Today in Tamar's time zone (Europe/London), read now."""
    return timezone.localdate()


def _add_months(day: date, months: int) -> date:
    """The first of a month `months` after the first of `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def financial_year_of(day: date) -> int:
    """The financial year a day falls in: 31 March 2026 is in 2025, 1 April 2026 in 2026."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True, order=True)
class Period:
    """A span of days, both ends inclusive, with the name a return gives it."""

    start: date
    end: date
    name: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"A period cannot end ({self.end}) before it starts ({self.start}).")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def last_day(self) -> date:
        return self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        span = f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"
        return f"{self.name} ({span})" if self.name else span


@dataclass(frozen=True)
class FinancialYear:
    """Financial year `year`: 1 April `year` to 31 March `year + 1`."""

    year: int

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        return cls(financial_year_of(day))

    @classmethod
    def current(cls) -> FinancialYear:
        return cls.containing(today())

    @property
    def start(self) -> date:
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 3, 31)

    @property
    def label(self) -> str:
        """2025/26, as the returns name a year."""
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    def __str__(self) -> str:
        return self.label

    def period(self, name: str) -> Period:
        """Q1-Q4, H1, H2 or FY of this year."""
        if name not in _FIRST_QUARTER_OF:
            raise ValueError(f"Unknown period {name!r}: use one of {', '.join(RETURN_PERIODS)}.")
        start = _add_months(self.start, 3 * _FIRST_QUARTER_OF[name])
        end = _add_months(start, 3 * _QUARTERS_LONG[name]) - timedelta(days=1)
        return Period(start, end, name)

    def periods(self, names: tuple[str, ...] = RETURN_PERIODS) -> list[Period]:
        return [self.period(name) for name in names]

    def quarters(self) -> list[Period]:
        return self.periods(QUARTERS)

    def quarters_elapsed(self, on: date | None = None) -> int:
        """Quarters of this year that have ended by `on` (today unless given): 0 to 4.

        A quarter has elapsed once its last day is over, so on 30 June none has and on 1 July
        Q1 has; a year wholly past has all four.
        """
        on = today() if on is None else on
        return sum(1 for quarter in self.quarters() if period_state(quarter, on).ended)

    def year_to_date(self, on: date | None = None) -> Period | None:
        """1 April to the end of the latest quarter that has ended; None before Q1 ends."""
        elapsed = self.quarters_elapsed(on)
        if elapsed == 0:
            return None
        return Period(self.start, self.quarters()[elapsed - 1].end, YEAR_TO_DATE)


class Stage(StrEnum):
    ENDED = "ended"
    IN_PROGRESS = "in-progress"
    NOT_STARTED = "not-started"


@dataclass(frozen=True)
class PeriodState:
    """Where a period stands on a day, and the words every page, export and chart puts beside
    its figures (`mark`): nothing once it has ended; "so far, to 2 December 2026" while it is
    in progress (its figures count the records to that day, and will change); "not started"
    before its first day (it has no figures: a page shows a dash, a chart nothing)."""

    stage: Stage
    on: date

    @property
    def ended(self) -> bool:
        return self.stage == Stage.ENDED

    @property
    def in_progress(self) -> bool:
        return self.stage == Stage.IN_PROGRESS

    @property
    def not_started(self) -> bool:
        return self.stage == Stage.NOT_STARTED

    @property
    def has_figures(self) -> bool:
        return self.stage != Stage.NOT_STARTED

    @property
    def mark(self) -> str:
        if self.in_progress:
            return f"so far, to {self.on.day} {self.on:%B %Y}"
        if self.not_started:
            return "not started"
        return ""

    @property
    def short_mark(self) -> str:
        """The mark in a table's cell, under a heading that carries the whole `mark`."""
        return "so far" if self.in_progress else self.mark


def period_state(period: Period, on: date | None = None) -> PeriodState:
    """The period's state on `on` (today unless given). Its last day is still in progress (the
    day's records may yet be added); it has ended from the day after. Its first day is in
    progress."""
    on = today() if on is None else on
    if on < period.start:
        return PeriodState(Stage.NOT_STARTED, on)
    if on <= period.end:
        return PeriodState(Stage.IN_PROGRESS, on)
    return PeriodState(Stage.ENDED, on)


def span_so_far(period: Period, on: date | None = None) -> Period | None:
    """The days of the period a figure counts on `on` (today unless given): all of them once
    it has ended; while it is in progress, its first day to `on`, so that a figure "so far, to
    2 December" is that (a session entered ahead for January is not in it yet, and ages are
    taken on `on`, the last day counted); None before it starts: it has no figures."""
    state = period_state(period, on)
    if state.not_started:
        return None
    if state.in_progress:
        return Period(period.start, state.on, period.name)
    return period


def financial_years_between(first: date, last: date) -> list[FinancialYear]:
    """Every financial year that has at least one day from `first` to `last`."""
    return [
        FinancialYear(year) for year in range(financial_year_of(first), financial_year_of(last) + 1)
    ]
