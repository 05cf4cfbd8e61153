"""Reads for the records screens: care status and age band on a day, as database expressions.

Both rules come from kpi-rules.md ("Code lists") and are evaluated in the database, so a list
can be filtered and paginated by them without loading every young person into Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .codes import AGE_BAND_RANGES, OUTCOME_SCORES
from .models import Attendance, CareStatus, OutcomeAssessment


def care_statuses_active_on(day: date) -> QuerySet[CareStatus]:
    """The outer young person's care-status intervals active on `day`, latest start first:
    the first row is their status that day (several may overlap; the latest start wins)."""
    return (
        CareStatus.objects.filter(young_person=OuterRef("pk"), start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("-start_date")
    )


def care_status_on(day: date) -> Coalesce:
    """A young person's care status code on `day`, or 'none' when no interval is active."""
    return Coalesce(Subquery(care_statuses_active_on(day).values("status")[:1]), Value("none"))


def current_care_status_id(day: date) -> Subquery:
    """The pk of the interval that gives a young person's status on `day` (or NULL)."""
    return Subquery(care_statuses_active_on(day).values("pk")[:1])


def sessions_attended() -> Coalesce:
    """How many sessions the outer young person attended, as a subquery: no GROUP BY on the
    young people themselves, so it sits beside other annotations and filters."""
    per_person = (
        Attendance.objects.filter(young_person=OuterRef("pk"))
        .order_by()
        .values("young_person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_person, output_field=IntegerField()), Value(0))


def name_or_ref_matches(text: str) -> Q:
    """Every word must match a first name, last name or reference: "sam pen" finds Sam Penrose."""
    condition = Q()
    for word in text.split():
        condition &= (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(ref__icontains=word)
        )
    return condition


def latest_birth_date_for_age(day: date, age: int) -> date:
    """The latest date of birth of someone aged at least `age` on `day` (contracts.dates.age_on):
    the same day `age` years earlier, or 28 February when `day` is 29 February and that year
    is not a leap year (someone born 1 March that year has not had the birthday yet)."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:
        return day.replace(year=day.year - age, day=28)


def birth_date_range_for_band(band: str, day: date) -> Q:
    """Young people in an age band on `day`, as a filter on date of birth.

    Aged at least `lowest` means born on or before the latest birth date for that age; aged
    at most `highest` means not aged `highest + 1`, so born after that age's latest birth date.
    Turning the band into a date range lets the database use the column (and its index) rather
    than computing everyone's age.
    """
    for name, lowest, highest in AGE_BAND_RANGES:
        if name == band:
            condition = Q()
            if lowest is not None:
                condition &= Q(date_of_birth__lte=latest_birth_date_for_age(day, lowest))
            if highest is not None:
                condition &= Q(date_of_birth__gt=latest_birth_date_for_age(day, highest + 1))
            return condition
    raise ValueError(f"no age band {band!r}")


@dataclass(frozen=True)
class ScoreChange:
    score: int
    change: int | None  # None on the baseline itself

    @property
    def change_shown(self) -> str:
        """+2, −1 (a true minus sign), 0; empty on the baseline."""
        if self.change is None:
            return ""
        if self.change > 0:
            return f"+{self.change}"
        if self.change < 0:
            return f"\u2212{-self.change}"
        return "0"


@dataclass(frozen=True)
class AssessmentRow:
    assessment: OutcomeAssessment
    is_baseline: bool
    scores: list[ScoreChange]
    total: ScoreChange


def outcome_rows(assessments: list[OutcomeAssessment]) -> list[AssessmentRow]:
    """Each assessment with every score's and the total's change from the baseline.

    The baseline is the young person's earliest assessment ever (kpi-rules.md, 1.4); the list
    given is all of one young person's assessments, so its earliest is the baseline.
    """
    ordered = sorted(assessments, key=lambda assessment: assessment.date)
    if not ordered:
        return []
    baseline = ordered[0]
    rows = []
    for assessment in ordered:
        is_baseline = assessment.pk == baseline.pk

        def change(now: int, then: int, is_baseline: bool = is_baseline) -> ScoreChange:
            return ScoreChange(now, None if is_baseline else now - then)

        rows.append(
            AssessmentRow(
                assessment=assessment,
                is_baseline=is_baseline,
                scores=[
                    change(getattr(assessment, name), getattr(baseline, name))
                    for name in OUTCOME_SCORES
                ],
                total=change(assessment.total, baseline.total),
            )
        )
    return rows
