"""The rules about a young person on a day, as database expressions: age (with the 29 February
birthday), age band, and care status. One place for them: the records screens filter and label
young people with these, and the KPI engine counts with the same ones.

Each is a filter (Q), an expression or a queryset to compose into a query, so a list can be
filtered and paginated by them, and an indicator counted, without loading every young person
into Python. They agree with the Python rules of contracts.dates (age_on, age_band), which stay
the reference the tests compare them with. The rules come from kpi-rules.md ("Code lists").
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from .codes import AGE_BAND_RANGES
from .models import CareStatus


def latest_birth_date_for_age(day: date, age: int) -> date:
    """The latest date of birth of someone aged at least `age` on `day` (contracts.dates.age_on):
    the same day `age` years earlier, or 28 February when `day` is 29 February and that year
    is not a leap year (someone born 1 March that year has not had the birthday yet)."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:
        return day.replace(year=day.year - age, day=28)


def _aged(day: date, lowest: int | None, highest: int | None, field: str) -> Q:
    """Aged at least `lowest` (born on or before that age's latest birth date) and at most
    `highest` (not yet `highest + 1`: born after that age's latest birth date); None leaves a
    side open. A date range lets the database use the column (and its index) rather than
    compute everyone's age."""
    condition = Q()
    if lowest is not None:
        condition &= Q(**{f"{field}__lte": latest_birth_date_for_age(day, lowest)})
    if highest is not None:
        condition &= Q(**{f"{field}__gt": latest_birth_date_for_age(day, highest + 1)})
    return condition


def aged_between(day: date, lowest: int, highest: int, field: str = "date_of_birth") -> Q:
    """Aged `lowest` to `highest` in completed years on `day`, as a filter on the birth date."""
    return _aged(day, lowest, highest, field)


def in_age_band(band: str, day: date, field: str = "date_of_birth") -> Q:
    """In an age band (contracts.codes.AGE_BAND_RANGES) on `day`, as a filter on the birth
    date; ValueError for a band that does not exist."""
    for name, lowest, highest in AGE_BAND_RANGES:
        if name == band:
            return _aged(day, lowest, highest, field)
    raise ValueError(f"no age band {band!r}")


def age_band_on(day: date, field: str = "date_of_birth") -> Case:
    """The age band code (contracts.codes.AGE_BAND_RANGES) on `day`, from the birth date alone."""
    whens = [
        When(_aged(day, lowest, highest, field), then=Value(band))
        for band, lowest, highest in AGE_BAND_RANGES
    ]
    # The bands cover every age, so no row falls through to a default.
    return Case(*whens, output_field=CharField())


def care_statuses_active_on(day: date, young_person: str | OuterRef = "pk") -> QuerySet[CareStatus]:
    """A young person's care-status intervals active on `day` (started by then, not ended
    before it), latest start first: the first is their status that day (several may overlap;
    the latest start wins, and no two start on the same day). `young_person` is the outer
    query's field holding the young person (a name, wrapped in OuterRef)."""
    if isinstance(young_person, str):
        young_person = OuterRef(young_person)
    return (
        CareStatus.objects.filter(young_person=young_person, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("-start_date")
    )


def care_status_on(day: date, young_person: str | OuterRef = "pk") -> Coalesce:
    """A young person's care status code on `day`, or 'none' when no interval is active."""
    latest = care_statuses_active_on(day, young_person).values("status")[:1]
    return Coalesce(Subquery(latest), Value("none"), output_field=CharField())


def current_care_status_id(day: date) -> Subquery:
    """The pk of the interval that gives the outer young person's status on `day` (or NULL)."""
    return Subquery(care_statuses_active_on(day).values("pk")[:1])
