"""How the records behind a figure are listed: the columns of each kind of record.

Provider staff see names; a commissioner sees the same rows pseudonymised: references, age band
and locality, never a name (columns marked `personal` are left out for them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from contracts.codes import AGE_BANDS, SESSION_TYPES
from contracts.templatetags.tamar import pounds

from .sql import age_band_on


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Any], Any]
    personal: bool = False  # a name: for provider staff only
    numeric: bool = False


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _name(person) -> str:
    return f"{person.first_name} {person.last_name}"


YOUNG_PERSON = (
    Column("Reference", lambda r: r.ref),
    Column("Name", _name, personal=True),
    Column("Age band", lambda r: AGE_BANDS.get(r.age_band, r.age_band)),
    Column("Locality", lambda r: r.locality),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "young_people": YOUNG_PERSON,
    "outcomes": (
        *YOUNG_PERSON,
        Column("Baseline", lambda r: _day(r.baseline_date)),
        Column("Baseline score", lambda r: r.baseline_total, numeric=True),
        Column("Review", lambda r: _day(r.review_date)),
        Column("Review score", lambda r: r.review_total, numeric=True),
    ),
    "sessions": (
        Column("Reference", lambda r: r.ref),
        Column("Date", lambda r: _day(r.date)),
        Column("Type", lambda r: SESSION_TYPES.get(r.session_type, r.session_type)),
        Column("Title", lambda r: r.title),
        Column("Locality", lambda r: r.locality),
        Column("Hours", lambda r: r.duration_hours, numeric=True),
        Column("Coproduced", lambda r: _yes(r.coproduction)),
    ),
    "initiatives": (
        Column("Reference", lambda r: r.ref),
        Column("Date", lambda r: _day(r.date)),
        Column("Title", lambda r: r.title),
    ),
    "mentors": (
        Column("Reference", lambda r: r.ref),
        Column("Name", lambda r: r.name, personal=True),
        Column("Trained", lambda r: _day(r.trained_on)),
        Column("Left", lambda r: _day(r.left_date)),
    ),
    "applications": (
        Column("Reference", lambda r: r.ref),
        Column("Young person", lambda r: r.young_person.ref),
        Column("Name", lambda r: _name(r.young_person), personal=True),
        Column("Submitted", lambda r: _day(r.submitted_date)),
        Column("Decision", lambda r: r.get_decision_display()),
        Column("Requested", lambda r: pounds(r.amount_requested), numeric=True),
        Column("Onward support", lambda r: _yes(r.onward_support)),
    ),
    "funding": (
        Column("Reference", lambda r: r.ref),
        Column("Date", lambda r: _day(r.date)),
        Column("Source", lambda r: r.source),
        Column("Status", lambda r: r.get_status_display()),
        Column("Amount", lambda r: pounds(r.amount), numeric=True),
    ),
    "cases": (
        Column("Reference", lambda r: r.ref),
        Column("Young person", lambda r: r.young_person.ref),
        Column("Name", lambda r: _name(r.young_person), personal=True),
        Column("Key worker", lambda r: r.key_worker.ref),
        Column("Key worker's name", lambda r: r.key_worker.name, personal=True),
        Column("Referred", lambda r: _day(r.referral_date)),
        Column("Started", lambda r: _day(r.start_date)),
        Column("Ended", lambda r: _day(r.end_date)),
    ),
    "contacts": (
        Column("Reference", lambda r: r.ref),
        Column("Case", lambda r: r.case.ref),
        Column("Contact", lambda r: _day(r.contact_date)),
        Column("Recorded", lambda r: _day(r.recorded_date)),
        Column("Working days to record", lambda r: r.working_days, numeric=True),
    ),
    "assessments": (
        Column("Reference", lambda r: r.ref),
        Column("Case", lambda r: r.case.ref),
        Column("Date", lambda r: _day(r.date)),
        Column("Role", lambda r: r.get_role_display()),
    ),
    "activities": (
        Column("Reference", lambda r: r.ref),
        Column("Key worker", lambda r: r.key_worker.ref),
        Column("Key worker's name", lambda r: r.key_worker.name, personal=True),
        Column("Date", lambda r: _day(r.date)),
        Column("Role", lambda r: r.get_role_display()),
        Column("Title", lambda r: r.title),
    ),
    "performance_reviews": (
        Column("Key worker", lambda r: r.key_worker.ref),
        Column("Key worker's name", lambda r: r.key_worker.name, personal=True),
        Column("Date", lambda r: _day(r.date)),
        Column("Satisfactory", lambda r: _yes(r.satisfactory)),
    ),
}

# What each kind needs joined in, so a page of rows is one query.
RELATED = {
    "applications": ("young_person",),
    "cases": ("young_person", "key_worker"),
    "contacts": ("case",),
    "assessments": ("case",),
    "activities": ("key_worker",),
    "performance_reviews": ("key_worker",),
}

# A stable order for the list (the record's reference, or its date).
ORDER = {
    "young_people": ("ref",),
    "outcomes": ("ref",),
    "performance_reviews": ("key_worker__ref", "date"),
}


def columns_for(kind: str, *, may_see_names: bool) -> tuple[Column, ...]:
    return tuple(c for c in COLUMNS[kind] if may_see_names or not c.personal)


def prepare(queryset: QuerySet, kind: str, last_day: date) -> QuerySet:
    """The list's rows with what its columns show: related rows joined, the age band on the
    period's last day."""
    if kind in ("young_people", "outcomes"):
        queryset = queryset.annotate(age_band=age_band_on(last_day))
    if kind in RELATED:
        queryset = queryset.select_related(*RELATED[kind])
    return queryset.order_by(*ORDER.get(kind, ("ref",)))


def cells(row: Any, columns: tuple[Column, ...]) -> list[tuple[Any, bool]]:
    """Each column's value for the row, with whether it is a number (aligned right)."""
    return [(column.value(row), column.numeric) for column in columns]
