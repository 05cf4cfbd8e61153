"""Pure date arithmetic the records and the KPI rules share (no database)."""

import calendar
from datetime import date, timedelta
from functools import cache

import holidays

from .codes import AGE_BAND_RANGES


def one_year_after(day: date) -> date:
    """The same day a year later; from 29 February, 28 February (kpi-rules.md, matches)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; past the end of a shorter month, its last day (30 November
    plus three months is 28 February, or the 29th in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def financial_year_around(day: date) -> tuple[date, date]:
    """The first and last day of the financial year (1 April to 31 March) a day falls in, as
    kpis.engine.periods counts it (the screens cannot import kpis)."""
    first_year = day.year if day.month >= 4 else day.year - 1
    return date(first_year, 4, 1), date(first_year + 1, 3, 31)


def birthday(date_of_birth: date, age: int) -> date:
    """The day someone reaches an age: for 29 February births, 1 March in other years (the day
    age_on first gives that age)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return date(date_of_birth.year + age, 3, 1)


def age_on(date_of_birth: date, day: date) -> int:
    """Age in completed years on a day."""
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


def age_band(age: int) -> str:
    for band, lowest, highest in AGE_BAND_RANGES:
        if (lowest is None or age >= lowest) and (highest is None or age <= highest):
            return band
    raise ValueError(f"no age band for {age}")


@cache
def bank_holidays(first_year: int, last_year: int) -> tuple[date, ...]:
    """Bank holidays of England and Wales that fall on a weekday, from the `holidays` package
    (which follows GOV.UK's list, one-off days such as a coronation included)."""
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return tuple(sorted(day for day in days if day.weekday() < 5))


def bank_holidays_between(first: date, last: date) -> tuple[date, ...]:
    return tuple(day for day in bank_holidays(first.year, last.year) if first <= day <= last)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year, day.year)


def add_working_days(day: date, count: int) -> date:
    """The `count`th working day after `day` (weekends and England's bank holidays skipped)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_after(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 on the same day, 1 from a Friday
    to the next Monday): A2.7's count, as kpis.engine.sql.working_days_after counts it in SQL."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5 + sum(
        1 for n in range(1, rest + 1) if (start + timedelta(days=n)).weekday() < 5
    )
    return count - len(bank_holidays_between(start + timedelta(days=1), end))
