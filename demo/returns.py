"""Returns for the demo contracts, walked through the real workflow and then dated as a year of
them would be, so the dashboard, the trends, the exports, the history and every state of a
return have something to show.

Every period that has ended gets its return. Oldest first: each submitted by the provider's
manager a few working days after its period ends (mostly before it is due) and approved by the
commissioner one to three weeks later, one of them after being sent back once; the one before
last either sent back with a question or submitted and waiting for the commissioner (the
contract's story says which); the last a draft the manager has started. What the provider and
the commissioner write is the contract's story (ReturnStory: each framework's own text, in its
own module). A contract whose returns have already moved is left alone.

The workflow stamps each move with the time it ran; the demo then gives every move, and each
return's opening and freezing, the day it would have happened: one UPDATE a table, with the
triggers that keep history unchangeable lifted for that transaction only (as `flush` does).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from contracts.dates import add_working_days
from contracts.models import Contract, User
from kpis.engine.figures import ReturnFigures
from kpis.engine.periods import FinancialYear
from kpis.models import Return, ReturnEvent
from kpis.returns.due import open_returns
from kpis.returns.figures import live_figures
from kpis.returns.workflow import (
    NARRATIVE_FIELDS,
    approve_return,
    request_changes,
    save_draft,
    submit_return,
)

Action = ReturnEvent.Action
# How long after its period ends a return is still a draft in the demo: the submission (4 to 14
# working days) and the commissioner's answer (5 to 12 days) take up to about five weeks.
DRAFT_WEEKS = 5


@dataclass(frozen=True)
class ReturnStory:
    """What a demo contract's provider and commissioner write in its returns."""

    narrative: Mapping[str, str]  # each of NARRATIVE_FIELDS but the case studies
    seasons: Mapping[str, str]  # period name -> what that period brought, after the activity
    case_studies: tuple[str, ...]  # one a return, in turn
    financial_notes: str
    staff_fte: Decimal
    explanations: Mapping[str, str]  # indicator code -> why it is red or amber
    explanation: str  # for an indicator without its own
    recovery_plan: str  # added to the explanation the commissioner asked about
    # The commissioner's question: about the first red or amber indicator among `asks_about`
    # (any, failing those), or `question` when none is red or amber.
    asks_about: tuple[str, ...]
    question_about_indicator: str  # "{code}", "{title}" and "{period}" are filled in
    question: str
    answer: Mapping[str, str]  # field -> what the provider adds when answering `question`
    submitted: tuple[str, ...]  # the manager's comments on submitting, in turn
    approved: tuple[str, ...]  # the commissioner's, on approving
    resubmitted: str
    # The state of the return before the latest: "sent back" or "submitted".
    in_progress: str


@dataclass
class Schedule:
    """The days of a contract's moves, no two submissions on the same day."""

    rng: random.Random
    now: datetime
    submission_days: set[date]

    def at(self, day: date) -> datetime:
        """A time in office hours on `day`, never after now."""
        moment = time(self.rng.randint(9, 16), self.rng.randrange(0, 60, 5))
        return min(timezone.make_aware(datetime.combine(day, moment)), self.now)

    def submission(self, after: date, working_days: int) -> datetime:
        day = add_working_days(after, working_days)
        while day in self.submission_days:
            day = add_working_days(day, 1)
        self.submission_days.add(day)
        return self.at(day)

    def weeks_after(self, moment: datetime, least: int, most: int) -> datetime:
        day = timezone.localdate(moment) + timedelta(days=self.rng.randint(least, most))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return max(self.at(day), moment + timedelta(minutes=5))


def load_demo_returns(
    *, contract: Contract, manager: User, commissioner: User, story: ReturnStory
) -> int:
    """Walk the contract's ended periods through the workflow and date each move; returns how
    many were submitted."""
    if ReturnEvent.objects.filter(ret__contract=contract).exists():
        return 0
    returns = sorted(open_returns(contract=contract), key=lambda r: (r.financial_year, r.period))
    if not returns:
        return 0
    # The latest period's return is still the manager's draft only while its period ended too
    # recently to have been submitted and answered (5 weeks); after that, it is the one in
    # progress (sent back, or waiting for the commissioner) and there is no draft, as in a
    # provider that keeps to its dates.
    latest_end = FinancialYear(returns[-1].financial_year).period(returns[-1].period).end
    if (timezone.localdate() - latest_end).days < DRAFT_WEEKS * 7:
        *older, draft = returns
    else:
        older, draft = returns, None
    *approved, in_progress = older or [None]
    revised = approved[-2] if len(approved) >= 2 else (approved[-1] if approved else None)
    taken = {
        timezone.localdate(at)
        for at in ReturnEvent.objects.filter(action=Action.SUBMIT).values_list("at", flat=True)
    }
    schedule = Schedule(random.Random(contract.ref), timezone.now(), taken)  # noqa: S311
    # Opened the night after each period ends, as the daily command would have opened them.
    for ret in returns:
        ret.created_at = _opened(schedule, FinancialYear(ret.financial_year).period(ret.period).end)
    Return.objects.bulk_update(returns, ["created_at"])
    for n, ret in enumerate(older):
        waits, sent_back = ret is in_progress, ret is in_progress or ret is revised
        ret, figures = write_provider_part(ret, manager, story, n, finished=True)
        period = FinancialYear(ret.financial_year).period(ret.period)
        late = n % 4 == 3  # one in four a few days late; the rest before the due date
        submitted = schedule.submission(
            ret.due_date if late else period.end,
            schedule.rng.randint(1, 3) if late else schedule.rng.randint(4, 14),
        )
        comment = story.submitted[n % len(story.submitted)]
        submit_return(ret=ret, by=manager, comment=comment, at=submitted)
        if waits and story.in_progress == "submitted":
            continue
        if sent_back:
            asked = schedule.weeks_after(submitted, 5, 12)
            code = _asked_about(story, figures)
            question = _question(story, ret, figures, code)
            request_changes(ret=ret, by=commissioner, comment=question, at=asked)
            if waits:
                continue
            _answer(ret, manager, story, code)
            submitted = schedule.submission(timezone.localdate(asked), schedule.rng.randint(2, 5))
            submit_return(ret=ret, by=manager, comment=story.resubmitted, at=submitted)
        approved = schedule.weeks_after(submitted, 7, 21)
        comment = story.approved[n % len(story.approved)]
        approve_return(ret=ret, by=commissioner, comment=comment, at=approved)
    if draft is not None:
        write_provider_part(draft, manager, story, len(older), finished=False)
    return len(older)


def _opened(schedule: Schedule, period_end: date) -> datetime:
    """Returns are opened the night after their period ends (kpis.returns.due)."""
    opened = timezone.make_aware(datetime.combine(period_end + timedelta(days=1), time(2, 0)))
    return min(opened, schedule.now)


def _asked_about(story: ReturnStory, figures: ReturnFigures) -> str | None:
    behind = [row.code for row in figures.rows if row.status in ("red", "amber")]
    preferred = [code for code in story.asks_about if code in behind]
    return (preferred or behind or [None])[0]


def _question(story: ReturnStory, ret: Return, figures: ReturnFigures, code: str | None) -> str:
    period = f"{ret.period} {ret.financial_year_label}"
    if code is None:
        return story.question.format(period=period)
    title = next(row.title for row in figures.rows if row.code == code)
    return story.question_about_indicator.format(code=code, title=title, period=period)


def _answer(ret: Return, manager: User, story: ReturnStory, code: str | None) -> Return:
    """The manager's answer to the commissioner's question, in the return itself."""
    if code is not None:
        notes = {**ret.indicator_notes}
        notes[code] = {"explanation": f"{notes[code]['explanation']} {story.recovery_plan}"}
        return save_draft(ret=ret, by=manager, values={"indicator_notes": notes})
    values = {name: f"{getattr(ret, name)} {text}".strip() for name, text in story.answer.items()}
    return save_draft(ret=ret, by=manager, values=values)


def write_provider_part(
    ret: Return, manager: User, story: ReturnStory, turn: int, *, finished: bool
) -> tuple[Return, ReturnFigures]:
    """The manager's narrative and finances, and an explanation for each red or amber figure;
    with the figures they were written against."""
    figures = live_figures(ret)
    period = FinancialYear(ret.financial_year).period(ret.period)
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    budget = (ret.contract.annual_value * months / 12).quantize(Decimal("1"))
    narrative = {name: story.narrative[name] for name in NARRATIVE_FIELDS if name != "case_studies"}
    season = story.seasons.get(ret.period)
    if season:
        narrative["service_activity"] = f"{narrative['service_activity']} {season}"
    behind = [row.code for row in figures.rows if row.status in ("red", "amber")]
    values = {
        **narrative,
        "case_studies": story.case_studies[turn % len(story.case_studies)] if finished else "",
        "expenditure": budget if finished else None,
        "staffing_cost": (budget * Decimal("0.7")).quantize(Decimal("1")) if finished else None,
        "staff_fte": story.staff_fte if finished else None,
        "additional_income": Decimal("0.00") if finished else None,
        "financial_notes": story.financial_notes if finished else "",
        "indicator_notes": {
            code: {"explanation": story.explanations.get(code, story.explanation)}
            for code in behind
        }
        if finished
        else {},
    }
    return save_draft(ret=ret, by=manager, values=values), figures
