"""Retention: a young person is anonymised `contract.retention_years` after their last
involvement, the latest day of any record of theirs, unless a legal hold is in force.

Last involvement is computed in the database, one query for all young people of a contract: the
latest of each kind of record's own dates, an interval still open (a care status, a case, a
match, a role with no end) counting as today, so someone still involved is never due. A young
person with no dated record at all counts from the day their row was created.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import DateField, Exists, F, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from contracts.models import Contract, YoungPerson

from .models import Erasure, LegalHold

# Each kind of record's dates, as (model label, the lookup from it to the young person, its
# date columns). An end column may be empty: the interval is still open (today).
INVOLVEMENT: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (model, to the young person, dates, end dates that may be open)
    ("contracts.Attendance", "young_person", ("session__date",), ()),
    ("contracts.CareStatus", "young_person", ("start_date",), ("end_date",)),
    ("contracts.Placement", "young_person", ("start_date",), ("end_date",)),
    ("contracts.InformationProvided", "young_person", ("date",), ()),
    ("contracts.OutcomeAssessment", "young_person", ("date",), ()),
    ("contracts.Feedback", "young_person", ("date",), ()),
    ("contracts.Accreditation", "young_person", ("date",), ()),
    ("contracts.Referral", "young_person", ("referral_date", "decision_date"), ()),
    ("contracts.Case", "young_person", ("referral_date", "start_date"), ("end_date",)),
    ("contracts.Contact", "case__young_person", ("contact_date",), ()),
    ("funds4care.Funds4CareRole", "young_person", ("start_date",), ("end_date",)),
    ("funds4care.Application", "young_person", ("submitted_date", "decision_date"), ()),
    ("mentoring.Mentor", "young_person", ("start_date",), ("left_date",)),
    ("mentoring.Match", "mentee", ("start_date",), ("end_date",)),
    ("mentoring.SupportedAppointment", "match__mentee", ("date",), ()),
    ("mentoring.MenteeReferral", "young_person", ("referral_date", "withdrawn_date"), ()),
)
NEVER = date(1900, 1, 1)


@dataclass(frozen=True)
class Due:
    person: YoungPerson
    last_involvement: date
    due_on: date


def _latest(label: str, to_person: str, dates: Iterable[str], open_ends: Iterable[str], today):
    from django.apps import apps

    model = apps.get_model(label)
    columns = [F(name) for name in dates] + [
        Coalesce(name, Value(today), output_field=DateField()) for name in open_ends
    ]
    latest = (
        columns[0] if len(columns) == 1 else Greatest(*[Coalesce(c, Value(NEVER)) for c in columns])
    )
    rows = (
        model._base_manager.filter(**{to_person: OuterRef("pk")})
        .values(to_person)
        .annotate(latest=Max(latest, output_field=DateField()))
        .values("latest")
    )
    return Coalesce(Subquery(rows[:1], output_field=DateField()), Value(NEVER))


def with_last_involvement(people, *, today: date):
    """Each young person with `last_involvement` (a date), `held` and `erased`."""
    history = YoungPerson.history.model
    created = (
        history.objects.filter(id=OuterRef("pk"))
        .values("id")
        .annotate(first=Min(TruncDate("history_date")))
        .values("first")
    )
    latest = [_latest(*kind, today) for kind in INVOLVEMENT]
    latest.append(Coalesce(Subquery(created[:1], output_field=DateField()), Value(NEVER)))
    return people.annotate(
        last_involvement=Greatest(*latest, output_field=DateField()),
        held=Exists(LegalHold.objects.in_force().filter(young_person=OuterRef("pk"))),
        erased=Exists(Erasure.objects.filter(young_person_pk=OuterRef("pk"))),
    )


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year that has none
        return day.replace(year=day.year + years, day=28)


def due_for_erasure(contract: Contract, *, today: date | None = None) -> tuple[list[Due], int]:
    """The contract's young people due to be anonymised (not erased yet, not held), and how
    many more would be but for a legal hold. One query."""
    today = today or timezone.localdate()
    people = with_last_involvement(
        YoungPerson.objects.filter(contract=contract).order_by("ref"), today=today
    )
    due, held = [], 0
    for person in people:
        if person.erased or person.last_involvement == NEVER:
            continue
        due_on = add_years(person.last_involvement, contract.retention_years)
        if due_on > today:
            continue
        if person.held:
            held += 1
        else:
            due.append(Due(person, person.last_involvement, due_on))
    return due, held
