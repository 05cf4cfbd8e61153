"""The Wolverhampton demo's reviews: each case's support plan with the young person's own words
(section 3.1.9 e) and its reviews every three months, and the team manager's performance
reviews of the key workers (section 4.2.3); and what is waiting for whom because of them, with
the other work that waits (referrals, contacts to record), for the demo command's logins.

Two of the signed-in key worker's plans are overdue a review, and one key worker's performance
review has slipped.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Max

from contracts.casework.codes import (
    ACCEPTED,
    PENDING,
    PLAN_REVIEW_MONTHS,
    REVIEW_MONTHS_FIRST_YEAR,
)
from contracts.casework.reviews import next_review_due
from contracts.casework.services import (
    key_workers_with_caseloads,
    open_cases,
    waiting_to_record,
)
from contracts.dates import add_months, add_working_days
from contracts.models import (
    Case,
    Contract,
    KeyWorker,
    PerformanceReview,
    PlannedContact,
    PlanReview,
    Role,
    SupportPlan,
    User,
)

from .people import weekday_on_or_before
from .wolverhampton_words import (
    GOALS,
    LOOKED_AFTER_SOURCES,
    PERFORMANCE_NOTES,
    REVIEW_PROGRESS,
    REVIEW_PROGRESS_ANY,
    REVIEW_WORDS,
    WORDS_ABOUT,
    WORDS_ANY,
    WORDS_IN_CARE,
    fill,
)

if TYPE_CHECKING:
    from .wolverhampton import Referred

# The key worker whose performance review the team manager has let slip.
REVIEW_OVERDUE_FOR = "Gareth Price"


def performance_review_due(contract_start: date, last: date) -> date:
    """When a key worker's next performance review is due after one on `last`: the screens'
    rule (contracts.casework.reviews, section 4.2.3)."""
    return next_review_due(contract_start=contract_start, last_review=last)


# -- Support plans --------------------------------------------------------------------------


def make_plans(
    rng: random.Random,
    cases: Sequence[tuple[Case, Referred]],
    today: date,
    signed_in: dict[int, User],
) -> None:
    """Every case has its plan, agreed a few weeks after it started and reviewed every three
    months (twice at most here: a later review sets its next date past today). Two of the
    signed-in key worker's open cases are overdue a review: its date passed, none held since."""
    plans: list[tuple[Case, SupportPlan, list[PlanReview]]] = []
    used_words: dict[int, set[str]] = {}
    for case, referred in cases:
        last = case.end_date or today
        agreed = min(case.start_date + timedelta(days=rng.randint(10, 30)), last)
        plan = SupportPlan(
            case=case,
            agreed_date=agreed,
            goals=_goals(referred),
            young_persons_words=_words(
                rng, referred, used_words.setdefault(case.key_worker_id, set())
            ),
            review_date=add_months(agreed, PLAN_REVIEW_MONTHS),
        )
        held: list[PlanReview] = []
        while _next_review(plan, held) <= last and len(held) < 2:
            since = held[-1].date if held else agreed
            due = _next_review(plan, held) - timedelta(days=rng.randrange(0, 10))
            day = max(due, since + timedelta(days=1))
            # A second review says something new.
            progress, words = _progress(rng, referred), fill(rng.choice(REVIEW_WORDS), referred)
            while held and (progress == held[-1].progress or words == held[-1].young_persons_words):
                progress, words = _progress(rng, referred), fill(rng.choice(REVIEW_WORDS), referred)
            held.append(
                PlanReview(
                    plan=plan,
                    date=day,
                    progress=progress,
                    young_persons_words=words,
                    next_review_date=add_months(day, PLAN_REVIEW_MONTHS),
                )
            )
        plans.append((case, plan, held))
    open_plans = [(case, plan, held) for case, plan, held in plans if case.end_date is None]
    mine = [
        plan
        for case, plan, _held in open_plans
        if case.key_worker_id in signed_in and plan.agreed_date <= today - timedelta(days=30)
    ]
    overdue = {id(plan) for plan in rng.sample(mine, min(2, len(mine)))}
    for _case, plan, held in open_plans:
        if id(plan) in overdue:
            # The review due lately has not happened: none in the last few weeks.
            while held and held[-1].date > today - timedelta(days=25):
                held.pop()
            since = held[-1].date if held else plan.agreed_date
            _set_next_review(plan, held, max(today - timedelta(days=rng.randint(3, 20)), since))
        elif _next_review(plan, held) < today:
            _set_next_review(plan, held, today + timedelta(days=rng.randint(7, 60)))
    SupportPlan.objects.bulk_create(plan for _case, plan, _held in plans)
    PlanReview.objects.bulk_create(review for _case, _plan, held in plans for review in held)


def _progress(rng: random.Random, referred: Referred) -> str:
    if rng.random() < 0.7:
        return fill(rng.choice(REVIEW_PROGRESS[rng.choice(referred.concerns)]), referred)
    return fill(rng.choice(REVIEW_PROGRESS_ANY), referred)


def _next_review(plan: SupportPlan, held: list[PlanReview]) -> date:
    """When the plan is next due a review: the latest review's date for it, or the plan's."""
    return held[-1].next_review_date if held else plan.review_date


def _set_next_review(plan: SupportPlan, held: list[PlanReview], day: date) -> None:
    if held:
        held[-1].next_review_date = day
    else:
        plan.review_date = day


def _goals(referred: Referred) -> str:
    """The first goal of each worry and the second of the main one: three at most."""
    main, *others = referred.concerns
    goals = [GOALS[main][0], *(GOALS[concern][0] for concern in others), GOALS[main][1]][:3]
    return "\n".join(f"{n}. {fill(goal, referred)}" for n, goal in enumerate(goals, 1))


def _words(rng: random.Random, referred: Referred, used: set[str]) -> str:
    """What the young person wants, in their words: mostly about their main worry, and not the
    same words twice in one key worker's cases while others are left."""
    if referred.source in LOOKED_AFTER_SOURCES and rng.random() < 0.3:
        pool = [WORDS_IN_CARE]
    elif rng.random() < 0.75:
        pool = WORDS_ABOUT[referred.concerns[0]]
    else:
        pool = WORDS_ANY
    fresh = [words for words in pool if words not in used] or pool
    words = rng.choice(fresh)
    used.add(words)
    return words


# -- Performance reviews --------------------------------------------------------------------


def make_performance_reviews(
    rng: random.Random,
    contract: Contract,
    workers: list[KeyWorker],
    manager: User | None,
    today: date,
) -> None:
    """Each key worker reviewed by the team manager as section 4.2.3 asks, a few days before
    each is due; one key worker's latest review has slipped by more than two weeks."""
    reviews = []
    for worker in workers:
        held = []
        day = weekday_on_or_before(add_months(contract.start_date, REVIEW_MONTHS_FIRST_YEAR))
        while day <= today:
            held.append(day)
            due = performance_review_due(contract.start_date, day)
            day = weekday_on_or_before(due - timedelta(days=rng.randrange(0, 8)))
        if worker.name == REVIEW_OVERDUE_FOR:
            while len(held) > 1 and performance_review_due(contract.start_date, held[-1]) >= (
                today - timedelta(days=14)
            ):
                held.pop()
        for day in held:
            satisfactory = rng.random() < 0.85
            reviews.append(
                PerformanceReview(
                    key_worker=worker,
                    date=day,
                    satisfactory=satisfactory,
                    notes=rng.choice(PERFORMANCE_NOTES[satisfactory]),
                    reviewed_by=manager,
                )
            )
    PerformanceReview.objects.bulk_create(reviews)


# -- What waits for whom --------------------------------------------------------------------


def waiting_for(contract: Contract, today: date) -> dict[str, list[str]]:
    """What the provider's team manager and each signed-in key worker find waiting today,
    by username, a line or two each (for the demo command's list of logins)."""
    waiting = {}
    referrals = contract.referrals
    to_screen = referrals.filter(decision=PENDING).count()
    to_allocate = referrals.filter(decision=ACCEPTED, case__isnull=True).count()
    # The screens' own counts (contracts.casework.services), so the demo says what they show.
    workers = list(
        key_workers_with_caseloads(contract, today)
        .annotate(last_review=Max("performance_reviews__date"))
        .select_related("user")
    )
    full = [w for w in workers if w.open_count >= contract.caseload]
    slipped = [
        w
        for w in workers
        if w.last_review and performance_review_due(contract.start_date, w.last_review) < today
    ]
    team = [
        *(f"{w.name} holds {w.open_count} cases (caseload {contract.caseload})" for w in full),
        *(f"{w.name}'s performance review is overdue" for w in slipped),
    ]
    for user in contract.provider.members.filter(role=Role.PROVIDER_MANAGER):
        waiting[user.username] = [
            f"Team manager: {to_screen} referrals to screen, {to_allocate} to allocate.",
            *(["; ".join(team) + "."] if team else []),
        ]
    for worker in workers:
        if worker.user is None:
            continue
        mine = open_cases(contract, today).filter(key_worker=worker)
        planned = PlannedContact.objects.filter(case__in=mine, contact__isnull=True)
        past = list(waiting_to_record(mine, today).values_list("date", flat=True))
        late = sum(
            1 for day in past if today > add_working_days(day, contract.record_timeframe_days)
        )
        coming = planned.filter(date__gt=today, date__lte=today + timedelta(days=14)).count()
        reviews = sum(1 for case in mine if _plan_review_due(case) < today)
        waiting[worker.user.username] = [
            f"Key worker {worker.name}: {mine.count()} open cases, {len(past)} contacts to record "
            f"({late} past the {contract.record_timeframe_days} working days),",
            f"{coming} planned in the next two weeks, {reviews} plan reviews overdue.",
        ]
    return waiting


def _plan_review_due(case: Case) -> date:
    plan = case.plans.order_by("-agreed_date", "-pk").first()
    if plan is None:
        return date.max
    review = plan.reviews.order_by("-date", "-pk").first()
    if review is None:
        return plan.review_date
    return review.next_review_date or date.max
