"""Pure date arithmetic the records and the KPI rules share (no database)."""

from datetime import date

from .codes import AGE_BAND_RANGES


def one_year_after(day: date) -> date:
    """The same day a year later; from 29 February, 28 February (kpi-rules.md, matches)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


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
