"""Reads for the records screens: sessions attended, the name search, and outcome scores with
their change from the baseline. (Care status and age band on a day are contracts.people's.)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from ..codes import OUTCOME_SCORES
from ..models import Attendance, OutcomeAssessment


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
