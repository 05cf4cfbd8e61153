"""How the records behind a figure are listed: the columns of each kind of record.

Provider staff see everything. A commissioner sees the same rows pseudonymised: every record
about a young person shows the young person's reference, age band (on the period's last day,
as the figure counts it) and locality, and never a name, a date of birth or the text a provider
typed (a session's or activity's title, a funding source): columns marked `provider_only` are
left out for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any

from django.db.models import QuerySet

from contracts.codes import AGE_BANDS, SESSION_TYPES
from contracts.people import age_band_on
from contracts.templatetags.tamar import pounds


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Any], Any]
    provider_only: bool = False  # a name, or free text the provider typed
    numeric: bool = False


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _name(person) -> str:
    return f"{person.first_name} {person.last_name}"


def _age_band(row) -> str:
    return AGE_BANDS.get(row.age_band, row.age_band)


def young_person_columns(path: str, heading: str) -> tuple[Column, ...]:
    """The young person a record is about (reached by `path` from the row, or the row itself):
    reference, name for provider staff, age band (annotated by `prepare`) and locality."""
    person = attrgetter(path) if path else (lambda row: row)
    return (
        Column(heading, lambda r: person(r).ref),
        Column("Name", lambda r: _name(person(r)), provider_only=True),
        Column("Age band", _age_band),
        Column("Locality", lambda r: person(r).locality),
    )


# The path from each kind's row to the young person it is about ("" for a young person's own
# row); kinds not listed are about no young person (sessions, mentors, key workers...).
YOUNG_PERSON_OF = {
    "young_people": "",
    "outcomes": "",
    "applications": "young_person",
    "cases": "young_person",
    "contacts": "case.young_person",
    "assessments": "case.young_person",
}

COLUMNS: dict[str, tuple[Column, ...]] = {
    "young_people": young_person_columns("", "Reference"),
    "outcomes": (
        *young_person_columns("", "Reference"),
        Column("Baseline", lambda r: _day(r.baseline_date)),
        Column("Baseline score", lambda r: r.baseline_total, numeric=True),
        Column("Review", lambda r: _day(r.review_date)),
        Column("Review score", lambda r: r.review_total, numeric=True),
    ),
    "sessions": (
        Column("Reference", lambda r: r.ref),
        Column("Date", lambda r: _day(r.date)),
        Column("Type", lambda r: SESSION_TYPES.get(r.session_type, r.session_type)),
        Column("Title", lambda r: r.title, provider_only=True),
        Column("Locality", lambda r: r.locality),
        Column("Hours", lambda r: r.duration_hours, numeric=True),
        Column("Coproduced", lambda r: _yes(r.coproduction)),
    ),
    "initiatives": (
        Column("Reference", lambda r: r.ref),
        Column("Date", lambda r: _day(r.date)),
        Column("Title", lambda r: r.title, provider_only=True),
    ),
    "mentors": (
        Column("Reference", lambda r: r.ref),
        Column("Name", lambda r: r.name, provider_only=True),
        Column("Trained", lambda r: _day(r.trained_on)),
        Column("Left", lambda r: _day(r.left_date)),
    ),
    "applications": (
        Column("Reference", lambda r: r.ref),
        *young_person_columns("young_person", "Young person"),
        Column("Submitted", lambda r: _day(r.submitted_date)),
        Column("Decision", lambda r: r.get_decision_display()),
        Column("Requested", lambda r: pounds(r.amount_requested), numeric=True),
        Column("Onward support", lambda r: _yes(r.onward_support)),
    ),
    "funding": (
        Column("Reference", lambda r: r.ref),
        Column("Date", lambda r: _day(r.date)),
        Column("Source", lambda r: r.source, provider_only=True),
        Column("Status", lambda r: r.get_status_display()),
        Column("Amount", lambda r: pounds(r.amount), numeric=True),
    ),
    "cases": (
        Column("Reference", lambda r: r.ref),
        *young_person_columns("young_person", "Young person"),
        Column("Key worker", lambda r: r.key_worker.ref),
        Column("Key worker's name", lambda r: r.key_worker.name, provider_only=True),
        Column("Referred", lambda r: _day(r.referral_date)),
        Column("Started", lambda r: _day(r.start_date)),
        Column("Ended", lambda r: _day(r.end_date)),
    ),
    "contacts": (
        Column("Reference", lambda r: r.ref),
        Column("Case", lambda r: r.case.ref),
        *young_person_columns("case.young_person", "Young person"),
        Column("Contact", lambda r: _day(r.contact_date)),
        Column("Recorded", lambda r: _day(r.recorded_date)),
        Column("Working days to record", lambda r: r.working_days, numeric=True),
    ),
    "assessments": (
        Column("Reference", lambda r: r.ref),
        Column("Case", lambda r: r.case.ref),
        *young_person_columns("case.young_person", "Young person"),
        Column("Date", lambda r: _day(r.date)),
        Column("Role", lambda r: r.get_role_display()),
    ),
    "activities": (
        Column("Reference", lambda r: r.ref),
        Column("Key worker", lambda r: r.key_worker.ref),
        Column("Key worker's name", lambda r: r.key_worker.name, provider_only=True),
        Column("Date", lambda r: _day(r.date)),
        Column("Role", lambda r: r.get_role_display()),
        Column("Title", lambda r: r.title, provider_only=True),
    ),
    "performance_reviews": (
        Column("Key worker", lambda r: r.key_worker.ref),
        Column("Key worker's name", lambda r: r.key_worker.name, provider_only=True),
        Column("Date", lambda r: _day(r.date)),
        Column("Satisfactory", lambda r: _yes(r.satisfactory)),
    ),
}

# What each kind needs joined in, so a page of rows is one query.
RELATED = {
    "applications": ("young_person",),
    "cases": ("young_person", "key_worker"),
    "contacts": ("case__young_person",),
    "assessments": ("case__young_person",),
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
    return tuple(c for c in COLUMNS[kind] if may_see_names or not c.provider_only)


def prepare(queryset: QuerySet, kind: str, last_day: date) -> QuerySet:
    """The list's rows with what its columns show: related rows joined, the young person's age
    band on the period's last day (in the same query)."""
    if kind in YOUNG_PERSON_OF:
        path = YOUNG_PERSON_OF[kind].replace(".", "__")
        birth = f"{path}__date_of_birth" if path else "date_of_birth"
        queryset = queryset.annotate(age_band=age_band_on(last_day, birth))
    if kind in RELATED:
        queryset = queryset.select_related(*RELATED[kind])
    return queryset.order_by(*ORDER.get(kind, ("ref",)))


def cells(row: Any, columns: tuple[Column, ...]) -> list[tuple[Any, bool]]:
    """Each column's value for the row, with whether it is a number (aligned right)."""
    return [(column.value(row), column.numeric) for column in columns]
