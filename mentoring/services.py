"""What the mentoring screens do, as functions the views, the demo and the tests call alike:
each mentor's state (training, matches, supervision, DBS), a match's review schedule, and
making, reviewing and closing a match, each checked here so no screen can skip a rule.

A mentor's state comes from one query over all of a contract's mentors (annotations, never a
query per mentor); the rule for *trained* is mentoring.training's, the one 1.6 counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from contracts.dates import add_months, age_on
from contracts.models import Contract, User
from contracts.records.services import save_with_next_ref

from .codes import ACHIEVED, CLOSURE_REASONS, DUE_SOON_DAYS, SUPERVISION_MONTHS
from .models import (
    GoalProgress,
    Match,
    MatchGoal,
    MatchReview,
    MenteeReferral,
    Mentor,
    SupervisionMentor,
)
from .training import REQUIRED_MODULES, with_training_state


class MentoringRefused(Exception):
    """A rule refused what was asked; the message says why, in plain words."""


# -- Mentors --------------------------------------------------------------------------------

IN_TRAINING, AVAILABLE, MATCHED, LEFT = "in_training", "available", "matched", "left"
MENTOR_STATUSES = {
    IN_TRAINING: "In training",
    AVAILABLE: "Trained and available",
    MATCHED: "Matched",
    LEFT: "Left",
}

# A DBS renewal this close is shown as due.
DBS_DUE_DAYS = 30


def matches_active_on(day: date) -> Q:
    """Matches running on `day`: started, and not ended (one with no end runs to its limit)."""
    return Q(start_date__lte=day) & (
        Q(end_date__gte=day) | Q(end_date__isnull=True, limit_date__gte=day)
    )


def mentors_with_state(contract: Contract, today: date) -> QuerySet[Mentor]:
    """The contract's mentors with what their state is read from: `modules_done`,
    `trained_on`, `active_matches` (today) and `last_supervision`. One query."""
    active = (
        Match.objects.filter(matches_active_on(today), mentor=OuterRef("pk"))
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_supervision = (
        SupervisionMentor.objects.filter(mentor=OuterRef("pk"), supervision__date__lte=today)
        .order_by()
        .values("mentor")
        .annotate(last=Max("supervision__date"))
        .values("last")
    )
    return with_training_state(contract.mentors.select_related("young_person")).annotate(
        active_matches=Coalesce(Subquery(active), 0),
        last_supervision=Subquery(last_supervision),
    )


@dataclass(frozen=True)
class MentorState:
    status: str
    modules_done: int
    trained_on: date | None
    active_matches: int
    can_take_more: bool
    supervision_due: date | None  # the day by which the next supervision is due
    supervision_overdue: bool
    dbs: str  # "" (not needed), "missing", "overdue", "due", "ok"

    @property
    def status_label(self) -> str:
        return MENTOR_STATUSES[self.status]

    @property
    def modules_left(self) -> int:
        return len(REQUIRED_MODULES) - self.modules_done

    @property
    def dbs_label(self) -> str:
        return {
            "missing": "DBS check needed",
            "overdue": "DBS renewal overdue",
            "due": "DBS renewal due soon",
            "ok": "DBS checked",
        }.get(self.dbs, "")


def state_of(mentor: Mentor, today: date) -> MentorState:
    """A mentor's state from mentors_with_state's annotations: no query."""
    trained_on = mentor.trained_on
    active = mentor.active_matches or 0
    if mentor.has_left_by(today):
        status = LEFT
    elif trained_on is None or trained_on > today:
        status = IN_TRAINING
    elif active:
        status = MATCHED
    else:
        status = AVAILABLE
    working = status in (AVAILABLE, MATCHED)
    # "supervision at least monthly": from the last one (or, before any, from when they
    # were trained or started), a month on.
    since = mentor.last_supervision or trained_on or mentor.start_date
    due = add_months(since, SUPERVISION_MONTHS) if (working and since) else None
    dbs = ""
    if status != LEFT and mentor.is_adult_on(today):
        if mentor.dbs_date is None:
            dbs = "missing"
        elif mentor.dbs_renewal_date and mentor.dbs_renewal_date <= today:
            dbs = "overdue"
        elif mentor.dbs_renewal_date and mentor.dbs_renewal_date <= today + timedelta(
            days=DBS_DUE_DAYS
        ):
            dbs = "due"
        else:
            dbs = "ok"
    return MentorState(
        status=status,
        modules_done=mentor.modules_done or 0,
        trained_on=trained_on,
        active_matches=active,
        can_take_more=status in (AVAILABLE, MATCHED) and active < mentor.max_matches,
        supervision_due=due,
        supervision_overdue=working and (due is None or due < today),
        dbs=dbs,
    )


def with_states(mentors: Iterable[Mentor], today: date) -> list[Mentor]:
    rows = list(mentors)
    for mentor in rows:
        mentor.state = state_of(mentor, today)
    return rows


def mentor_locality(mentor: Mentor) -> str:
    """Where a mentor lives: their own record's, else (a young person) their young person's."""
    if mentor.locality:
        return mentor.locality
    return mentor.young_person.locality if mentor.young_person_id else ""


# -- Matches and their reviews --------------------------------------------------------------


@dataclass(frozen=True)
class ReviewDue:
    date: date | None  # None: no review is due (ended, or the last review set none)
    overdue: bool
    soon: bool

    @property
    def label(self) -> str:
        if self.date is None:
            return ""
        if self.overdue:
            return "Overdue"
        return "Due soon" if self.soon else "Scheduled"


def default_next_review(contract: Contract, match: Match, after: date | None) -> date:
    """The contract's schedule: the first review so many weeks after the start, then every so
    many months after the last."""
    if after is None:
        return match.start_date + timedelta(weeks=contract.mentoring_first_review_weeks)
    return add_months(after, contract.mentoring_review_months)


def review_due(
    contract: Contract, match: Match, last_review: date | None, set_next: date | None, today: date
) -> ReviewDue:
    """When the match's next review is due: the date its last review set (which the
    coordinator may have changed from the schedule), else the schedule's first review. A
    match that has ended is due none."""
    if match.runs_to < today or (match.end_date and match.end_date <= today):
        return ReviewDue(None, False, False)
    due = set_next if last_review else default_next_review(contract, match, None)
    if due is None:
        return ReviewDue(None, False, False)
    return ReviewDue(due, due < today, due <= today + timedelta(days=DUE_SOON_DAYS))


def with_review_facts(matches: QuerySet[Match]) -> QuerySet[Match]:
    """Matches with `last_review` and `set_next` (the next review date their last review set):
    one query with the mentor and mentee, however many matches."""
    latest = MatchReview.objects.filter(match=OuterRef("pk")).order_by("-date", "-pk")
    return matches.select_related("mentor", "mentee").annotate(
        last_review=Subquery(latest.values("date")[:1]),
        set_next=Subquery(latest.values("next_review_date")[:1]),
    )


def with_review_due(matches: Iterable[Match], contract: Contract, today: date) -> list[Match]:
    rows = list(matches)
    for match in rows:
        match.review = review_due(contract, match, match.last_review, match.set_next, today)
    return rows


def check_can_match(mentor: Mentor, mentee_id: int, start: date) -> None:
    """Refuse a match the rules forbid, saying why. `mentor` carries mentors_with_state's
    annotations as they stand on `start`."""
    if mentor.young_person_id is not None and mentor.young_person_id == mentee_id:
        raise MentoringRefused("A mentor cannot be matched with themself.")
    if mentor.trained_on is None:
        left = len(REQUIRED_MODULES) - (mentor.modules_done or 0)
        raise MentoringRefused(
            f"{mentor.name} is not trained yet: {left} of the {len(REQUIRED_MODULES)} "
            "required modules still to do. Only a trained mentor can be matched."
        )
    if mentor.trained_on > start:
        raise MentoringRefused(
            f"{mentor.name} was trained on {mentor.trained_on:%-d %B %Y}: a match with them "
            "cannot start before then."
        )
    if mentor.left_date is not None and mentor.left_date <= start:
        raise MentoringRefused(f"{mentor.name} left on {mentor.left_date:%-d %B %Y}.")
    if (mentor.active_matches or 0) >= mentor.max_matches:
        raise MentoringRefused(
            f"{mentor.name} already has {mentor.active_matches} "
            f"mentee{'s' if mentor.active_matches != 1 else ''}, as many as they take at once."
        )


def make_match(
    referral: MenteeReferral, *, mentor: Mentor, start_date: date, by: User | None
) -> Match:
    """Match a waiting mentee with a trained mentor. Once: the referral and the mentor are
    locked, so two coordinators cannot match the same mentee, nor fill a mentor twice."""
    if mentor.contract_id != referral.contract_id:
        raise MentoringRefused("That mentor is not on this contract.")
    with transaction.atomic():
        locked = MenteeReferral.objects.select_for_update().get(pk=referral.pk)
        Mentor.objects.select_for_update().filter(pk=mentor.pk).first()
        if locked.match_id is not None:
            raise MentoringRefused("This young person has already been matched.")
        if locked.withdrawn_date is not None:
            raise MentoringRefused("This referral was withdrawn: there is no one to match.")
        if start_date < locked.referral_date:
            raise MentoringRefused(
                f"The referral came in on {locked.referral_date:%-d %B %Y}: the match cannot "
                "start before it."
            )
        fresh = mentors_with_state(referral.contract, start_date).get(pk=mentor.pk)
        check_can_match(fresh, locked.young_person_id, start_date)
        match = Match(
            contract_id=locked.contract_id,
            mentor=fresh,
            mentee_id=locked.young_person_id,
            start_date=start_date,
        )
        save_with_next_ref(match)
        locked.match = match
        try:
            with transaction.atomic():
                locked.save(update_fields=["match"])
        except IntegrityError as error:
            raise MentoringRefused("This young person has already been matched.") from error
    return match


def record_review(
    match: Match,
    *,
    day: date,
    notes: str,
    progress: Iterable[tuple[MatchGoal, str, str]],
    next_review_date: date | None,
    by: User | None,
) -> MatchReview:
    """A review with each goal's progress; a goal reported achieved is marked so on the
    review's date (if it was not already)."""
    if day < match.start_date:
        raise MentoringRefused("A review cannot come before the match started.")
    with transaction.atomic():
        review = MatchReview.objects.create(
            match=match, date=day, notes=notes, next_review_date=next_review_date, reviewed_by=by
        )
        rows = []
        for goal, state, note in progress:
            if goal.match_id != match.pk:
                raise MentoringRefused("That goal is not this match's.")
            rows.append(GoalProgress(review=review, goal=goal, progress=state, note=note))
            if state == ACHIEVED and goal.achieved_date is None:
                goal.achieved_date = max(day, goal.agreed_date)
                goal.save(update_fields=["achieved_date"])
        for row in rows:
            row.save()
    return review


def close_match(match: Match, *, end_date: date, reason: str, note: str, today: date) -> Match:
    """End a match, with why. Never past its 12 months, never before it began, never in the
    future; "another reason" needs the note to say which."""
    if reason not in CLOSURE_REASONS:
        raise MentoringRefused("Say why the match ended.")
    if reason == "other" and not note.strip():
        raise MentoringRefused("Say in the note why the match ended.")
    if end_date < match.start_date:
        raise MentoringRefused(
            f"The match started on {match.start_date:%-d %B %Y}: it cannot end before then."
        )
    if end_date > match.limit_date:
        raise MentoringRefused(
            f"A match lasts at most 12 months: this one ends by {match.limit_date:%-d %B %Y}."
        )
    if end_date > today:
        raise MentoringRefused("A match is closed on the day it ended: today or earlier.")
    match.end_date, match.closure_reason, match.closure_note = end_date, reason, note.strip()
    match.save(update_fields=["end_date", "closure_reason", "closure_note"])
    return match


def mentee_age_gap(mentor: Mentor, mentee_birth: date, day: date) -> int | None:
    """How many years older a young-person mentor is than the mentee (None: a volunteer)."""
    if mentor.young_person_id is None:
        return None
    return age_on(mentor.young_person.date_of_birth, day) - age_on(mentee_birth, day)


def how_long(days: int) -> str:
    """A wait in plain words: "today", "5 days", "3 weeks", "2 weeks and 4 days"."""
    if days <= 0:
        return "since today"
    weeks, rest = divmod(days, 7)
    day_words = f"{rest} day{'s' if rest != 1 else ''}"
    if not weeks:
        return day_words
    week_words = f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{week_words} and {day_words}" if rest else week_words
