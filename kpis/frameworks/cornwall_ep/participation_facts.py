"""1.2, 1.13 and 1.14 tallied from a year's participation facts, read once for every period.

Counted a query per period, 1.2 read the year's attendance seven times and worked out each
participant's care status and age band seven times, with a count for each of some ninety
categories: most of a county's return. Here five queries read, for all the return's periods at
once, who attended what (and which periods each attendance falls in), who was a mentee when,
who gave feedback when, and each participant's details with their age band and care status on
each period's last day; the figures are tallied from those. The conditions are participation.py's
own (`dated_in`, `match_active_in`, `age_band_on`, `care_status_on`), evaluated by the database;
the drill-downs still list participation.py's querysets, and tests hold the two to one count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, When

from contracts.codes import (
    AGE_BANDS,
    DISABILITIES,
    ETHNICITIES,
    GENDERS,
    PARTICIPATION_SESSION_TYPES,
)
from contracts.models import Attendance, Feedback
from contracts.people import age_band_on, care_status_on
from kpis.engine.periods import Period
from kpis.engine.rules import CountOf, Figure, Scope, ShareOf, Tallied, percent
from kpis.engine.sql import dated_in
from mentoring.models import Match

from .participation import (
    PARTICIPANT_SESSION_TYPES,
    PARTICIPANTS,
    coproducers_in,
    gave_feedback_in,
    localities,
    match_active_in,
    participants_in,
    young_people,
)

People = frozenset[int]


@dataclass(frozen=True)
class Person:
    gender: str
    disability: str
    ethnicity: str
    locality: str
    age_bands: tuple[str, ...]  # on each of the facts' last days
    care_statuses: tuple[str, ...]


@dataclass(frozen=True)
class ParticipationFacts:
    periods: tuple[Period, ...]
    last_days: tuple  # the distinct last days of `periods`, in order
    attended: tuple[dict[str, People], ...]  # per period: session type -> who attended one
    coproduced: tuple[People, ...]
    mentees: tuple[People, ...]
    gave_feedback: tuple[People, ...]
    people: dict[int, Person]  # everyone who attended or was a mentee in any of the periods
    localities: tuple[str, ...]  # as recorded, in the database's order

    def participants(self, index: int) -> People:
        """participation.py's `participants_in`: attended a psd or participation session, or
        mentee of an active match; young people of the contract."""
        attended = self.attended[index]
        took_part = self.mentees[index].union(
            *(attended.get(kind, frozenset()) for kind in PARTICIPANT_SESSION_TYPES)
        )
        return frozenset(pk for pk in took_part if pk in self.people)


def _in_each(periods: tuple[Period, ...], condition) -> dict:
    """One column per period, 1 where the rule's own condition holds on that period, else 0
    (numbers, which need no conversion row by row as true-or-false columns would)."""
    return {
        f"in_{index}": Case(When(condition(period), then=1), default=0, output_field=IntegerField())
        for index, period in enumerate(periods)
    }


def _who_in_each(rows, count: int) -> tuple[list[set[int]], ...]:
    """Rows of (who, in_0, in_1 ...) as a set of people for each period."""
    found: list[set[int]] = [set() for _ in range(count)]
    for who, *flags in rows:
        for index, flag in enumerate(flags):
            if flag:
                found[index].add(who)
    return found


def participation_facts(scope: Scope) -> ParticipationFacts:
    periods = scope.all_periods
    contract = scope.contract
    count = len(periods)
    any_period = reduce(or_, (dated_in(p, "session__date") for p in periods))
    counted_sessions = Q(session__session_type__in=PARTICIPANT_SESSION_TYPES) | Q(
        session__coproduction=True
    )
    attendance = Attendance.objects.filter(any_period, counted_sessions, session__contract=contract)
    # Who attended which type of session (coproduced or not) in which periods: a row for each
    # distinct combination, not each attendance.
    attended: list[dict[str, set[int]]] = [{} for _ in range(count)]
    coproduced: list[set[int]] = [set() for _ in range(count)]
    flags = [f"in_{index}" for index in range(count)]
    rows = (
        attendance.annotate(**_in_each(periods, lambda p: dated_in(p, "session__date")))
        .order_by()
        .annotate(coproduced=Case(When(session__coproduction=True, then=1), default=0))
        .values_list("young_person_id", "session__session_type", "coproduced", *flags)
        .distinct()
    )
    for who, kind, coproduction, *in_period in rows:
        for index, flag in enumerate(in_period):
            if flag:
                if kind in PARTICIPANT_SESSION_TYPES:
                    attended[index].setdefault(kind, set()).add(who)
                if coproduction:
                    coproduced[index].add(who)
    matches = Match.objects.filter(reduce(or_, map(match_active_in, periods)), contract=contract)
    mentees = _who_in_each(
        matches.annotate(**_in_each(periods, match_active_in))
        .order_by()
        .values_list("mentee_id", *flags)
        .distinct(),
        count,
    )
    feedback = Feedback.objects.filter(
        reduce(or_, map(dated_in, periods)), young_person__contract=contract
    )
    gave_feedback = _who_in_each(
        feedback.annotate(**_in_each(periods, dated_in))
        .order_by()
        .values_list("young_person_id", *flags)
        .distinct(),
        count,
    )
    last_days = tuple(sorted({p.end for p in periods}))
    # The details of everyone who attended anything or was a mentee in the periods: a few more
    # than those counted, found through each young person's own attendance and matches (their
    # indexes), never by reading every session of the contract for each young person.
    attended_then = Attendance.objects.filter(
        any_period, counted_sessions, young_person=OuterRef("pk")
    )
    people = (
        young_people(scope)
        .filter(Exists(attended_then) | Exists(matches.filter(mentee=OuterRef("pk"))))
        .annotate(
            **{f"band_{i}": age_band_on(day) for i, day in enumerate(last_days)},
            **{f"care_{i}": care_status_on(day) for i, day in enumerate(last_days)},
        )
        .order_by()
        .values_list(
            "pk",
            "gender",
            "disability",
            "ethnicity",
            "locality",
            *(f"band_{i}" for i in range(len(last_days))),
            *(f"care_{i}" for i in range(len(last_days))),
        )
    )
    days = len(last_days)
    return ParticipationFacts(
        periods=periods,
        last_days=last_days,
        attended=tuple({k: frozenset(v) for k, v in a.items()} for a in attended),
        coproduced=tuple(map(frozenset, coproduced)),
        mentees=tuple(map(frozenset, mentees)),
        gave_feedback=tuple(map(frozenset, gave_feedback)),
        people={
            row[0]: Person(*row[1:5], tuple(row[5 : 5 + days]), tuple(row[5 + days :]))
            for row in people
        },
        localities=tuple(localities(scope)),
    )


def _counted(categories, counts: Counter) -> dict[str, int]:
    """Categories in the breakdown's order, those with nobody in them left out (as CountOf)."""
    return {category: counts[category] for category in categories if counts[category]}


def participation_figure(facts: ParticipationFacts, scope: Scope) -> Figure:
    """1.2 and its breakdowns, as participation.py's PARTICIPANT_BREAKDOWNS count them."""
    index = facts.periods.index(scope.period)
    day = facts.last_days.index(scope.period.end)
    counted = facts.participants(index)
    people = [facts.people[pk] for pk in counted]
    care = Counter(
        status if status in ("in_care", "care_leaver") else "other"
        for status in (person.care_statuses[day] for person in people)
    )
    attended = facts.attended[index]
    psd = attended.get("psd", frozenset())
    participation = frozenset().union(
        *(attended.get(kind, frozenset()) for kind in PARTICIPATION_SESSION_TYPES)
    )
    service = Counter(
        {kind: len(attended.get(kind, frozenset()) & counted) for kind in PARTICIPANT_SESSION_TYPES}
    )
    service["mentee"] = len(facts.mentees[index] & counted)
    service["psd_and_participation"] = len(psd & participation & counted)
    breakdown = {
        "age_band": _counted(AGE_BANDS, Counter(p.age_bands[day] for p in people)),
        "gender": _counted(GENDERS, Counter(p.gender for p in people)),
        "disability": _counted(DISABILITIES, Counter(p.disability for p in people)),
        "ethnicity": _counted(ETHNICITIES, Counter(p.ethnicity for p in people)),
        "locality": _counted(facts.localities, Counter(p.locality for p in people)),
        "care_status": _counted(("in_care", "care_leaver", "other"), care),
        "service_type": _counted(
            (*PARTICIPANT_SESSION_TYPES, "mentee", "psd_and_participation"), service
        ),
    }
    return Figure(value=len(counted), breakdown=breakdown)


def feedback_figure(facts: ParticipationFacts, scope: Scope) -> Figure:
    """1.13: of the period's participants, the share who gave feedback in it."""
    index = facts.periods.index(scope.period)
    counted = facts.participants(index)
    gave = len(counted & facts.gave_feedback[index])
    return Figure(value=percent(gave, len(counted)), numerator=gave, denominator=len(counted))


def coproduction_figure(facts: ParticipationFacts, scope: Scope) -> Figure:
    """1.14: the contract's young people who attended a coproduced session in the period."""
    index = facts.periods.index(scope.period)
    return Figure(value=len(facts.coproduced[index] & facts.people.keys()))


PARTICIPATION = Tallied(facts=participation_facts, tally=participation_figure, listed=PARTICIPANTS)
FEEDBACK = Tallied(
    facts=participation_facts,
    tally=feedback_figure,
    listed=ShareOf(denominator=participants_in, numerator=gave_feedback_in, kind="young_people"),
)
COPRODUCTION = Tallied(
    facts=participation_facts,
    tally=coproduction_figure,
    listed=CountOf(query=coproducers_in, kind="young_people"),
)
