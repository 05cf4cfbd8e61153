"""Reads for the panel's pages: which rounds and applications a panel member may open (anything
else is 404, exactly as if it did not exist), what waits for them, and a round's scores summed
up for the chair in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from contracts.models import Role

from ..models import Application, Criterion, Round, Score, ScoreSheet
from .scoring import SheetRows, Summary, summarise


def rounds_for(user) -> QuerySet[Round]:
    """The rounds a panel member sits on, of their own organisation's contracts. Nobody else
    has any: provider staff, commissioners and administrators use the provider's pages."""
    if not user.is_authenticated or user.role != Role.PANEL_MEMBER:
        return Round.objects.none()
    return Round.objects.filter(
        panel=user, fund__contract__provider_id=user.organisation_id
    ).select_related("fund")


def round_for_member(user, pk: int) -> Round:
    try:
        return rounds_for(user).get(pk=pk)
    except Round.DoesNotExist:
        raise Http404("No such round.") from None


def applications_of(round_: Round) -> QuerySet[Application]:
    """The applications the panel scores: submitted to the round (not drafts, not withdrawn).
    Their young person comes along only to mask the names (pseudonymise.for_panel)."""
    return (
        Application.objects.filter(round=round_, stage=Application.Stage.SUBMITTED)
        .select_related("young_person")
        .order_by("ref")
    )


def application_for_member(round_: Round, pk: int) -> Application:
    try:
        return applications_of(round_).get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No such application.") from None


def scoring_opens_on(round_: Round) -> date:
    """Scoring starts the day after the round closes: applications may still arrive on its
    closing day (Round.is_open), and every member should score the same set."""
    return round_.closes_on + timedelta(days=1)


def scoring_open(round_: Round, on: date) -> bool:
    return on >= scoring_opens_on(round_)


@dataclass(frozen=True)
class RoundCounts:
    """What waits for one member in one round, counting undecided applications only."""

    to_declare: int = 0
    in_progress: int = 0
    submitted: int = 0
    conflicted: int = 0
    decided: int = 0


def counts_for(user, rounds: list[Round]) -> dict[int, RoundCounts]:
    """Round id -> the member's counts, in one query for all their rounds."""
    mine = Q(score_sheets__member=user)
    pending = Q(decision="pending")
    rows = (
        Application.objects.filter(round__in=rounds, stage=Application.Stage.SUBMITTED)
        .values("round")
        .annotate(
            undecided=Count("id", filter=pending, distinct=True),
            declared=Count("score_sheets", filter=mine & pending),
            in_progress=Count(
                "score_sheets",
                filter=mine
                & pending
                & Q(score_sheets__conflicted=False, score_sheets__submitted_at__isnull=True),
            ),
            submitted=Count(
                "score_sheets", filter=mine & Q(score_sheets__submitted_at__isnull=False)
            ),
            conflicted=Count("score_sheets", filter=mine & Q(score_sheets__conflicted=True)),
            decided=Count("id", filter=~pending, distinct=True),
        )
        .order_by()
    )
    return {
        row["round"]: RoundCounts(
            to_declare=row["undecided"] - row["declared"],
            in_progress=row["in_progress"],
            submitted=row["submitted"],
            conflicted=row["conflicted"],
            decided=row["decided"],
        )
        for row in rows
    }


def sheets_of(user, applications: list[Application]) -> dict[int, ScoreSheet]:
    """Application id -> this member's sheet, in one query."""
    return {
        sheet.application_id: sheet
        for sheet in ScoreSheet.objects.filter(member=user, application__in=applications)
    }


def criteria_of(round_: Round) -> list[Criterion]:
    return list(round_.criteria.order_by("position", "id"))


def summaries_for(round_: Round, criteria: list[Criterion]) -> dict[int, Summary]:
    """Application id -> its submitted scores summed up, for every application of the round:
    two queries whatever the number of applications and members (the scores of submitted
    sheets, and the count of conflicts)."""
    rows = SheetRows()
    for application, member, criterion, value in Score.objects.filter(
        sheet__application__round=round_, sheet__submitted_at__isnull=False
    ).values_list("sheet__application_id", "sheet__member_id", "criterion_id", "value"):
        rows.add(application, member, criterion, value)
    conflicts = dict(
        ScoreSheet.objects.filter(application__round=round_, conflicted=True)
        .values("application")
        .annotate(n=Count("id"))
        .values_list("application", "n")
        .order_by()
    )
    rubric = {c.pk: (c.name, c.weight) for c in criteria}
    ids = set(rows.by_application) | set(conflicts)
    return {
        pk: summarise(rows.sheets_of(pk), rubric, conflicted=conflicts.get(pk, 0)) for pk in ids
    }
