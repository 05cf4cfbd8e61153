"""Expressions the indicators are built from: periods and working days as SQL.

Everything here runs in the database, the same way on SQLite and PostgreSQL, so a figure is one
query whatever the number of records. A young person's age, age band and care status on a day
are the records' own rules (contracts.people), which the screens use too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import (
    Case,
    DateField,
    Expression,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)

from .periods import Period

EPOCH = date(1900, 1, 1)  # a Monday: day numbers count from it


def dated_in(period: Period, field: str = "date") -> Q:
    """A dated record is in a period when start <= date <= end."""
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def active_in(period: Period, start: str = "start_date", end: str = "end_date") -> Q:
    """An interval (end empty = still open) is active in a period when it starts by the period's
    end and has not ended before the period's start."""
    return Q(**{f"{start}__lte": period.end}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": period.start})
    )


def active_on(day: date, start: str = "start_date", end: str = "end_date") -> Q:
    return active_in(Period(day, day), start, end)


def date_value(day: date) -> Value:
    return Value(day, output_field=DateField())


class DayNumber(Func):
    """Days from Monday 1 January 1900 to a date (0 on that day): date arithmetic without
    intervals, which the two databases do differently."""

    arity = 1
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(julianday({sql}) - julianday('{EPOCH:%Y-%m-%d}') AS INTEGER)", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql})::date - DATE '{EPOCH:%Y-%m-%d}')", params


class WeekdayNumber(Func):
    """Monday-to-Friday days from 1 January 1900 up to and including a date.

    The weekdays strictly after d and up to r are WeekdayNumber(r) - WeekdayNumber(d). With day
    number n (a Monday has n % 7 == 0): five per whole week, plus min(n % 7 + 1, 5).
    """

    arity = 1
    output_field = IntegerField()

    def _number(self, compiler, connection) -> tuple[str, list]:
        return compiler.compile(DayNumber(self.source_expressions[0]))

    def as_sqlite(self, compiler, connection, **extra_context):
        n, params = self._number(compiler, connection)
        return f"(({n}) / 7 * 5 + MIN(({n}) %% 7 + 1, 5))", [*params, *params]

    def as_postgresql(self, compiler, connection, **extra_context):
        n, params = self._number(compiler, connection)
        return f"(({n}) / 7 * 5 + LEAST(({n}) %% 7 + 1, 5))", [*params, *params]


def working_days_after(start: str, end: str, holidays_in_reach: Iterable[date]) -> Expression:
    """Working days (Monday-Friday, less bank holidays) after `start` up to and including `end`:
    0 when both are the same day, 1 from a Friday to the next Monday.

    `holidays_in_reach` must hold every bank holiday the figure can depend on; a holiday left
    out only makes a span look longer, never shorter.
    """
    weekdays = WeekdayNumber(end) - WeekdayNumber(start)
    holidays_between = [
        Case(
            When(Q(**{f"{start}__lt": day, f"{end}__gte": day}), then=Value(1)),
            default=Value(0),
        )
        for day in holidays_in_reach
    ]
    expression = weekdays
    for holiday in holidays_between:
        expression = expression - holiday
    return expression
