"""The Cornwall demo's peer mentoring as its coordinator runs it (issue 14): mentors with start
dates, interests and places they can reach; four adult volunteers with DBS checks (one renewal
due, one still training); every match with the referral it came from, goals agreed and reviews
of their progress (some running matches overdue a review), and how ended ones ended; monthly
supervision (one volunteer missed the last two); and young people waiting for a mentor.

Seeded apart from the rest of the Cornwall records, so what came before is unchanged. The
demo's worker (the coordinator) finds the work waiting on the mentoring overview.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Min

from contracts.codes import MENTOR_MODULES
from contracts.dates import add_months, one_year_after
from contracts.models import Contract, YoungPerson
from mentoring.codes import ACHIEVED, GOOD, INTERESTS, NEEDS, NOT_STARTED, SOME
from mentoring.models import (
    GoalProgress,
    Match,
    MatchGoal,
    MatchReview,
    MenteeReferral,
    Mentor,
    MentorTraining,
    Supervision,
    SupervisionMentor,
)
from mentoring.services import (
    matches_active_on,
    mentors_with_state,
    with_review_due,
    with_review_facts,
    with_states,
)

from .people import CareHistories

IN_CARE_OR_LEAVING = ("in_care", "care_leaver")
COORDINATOR = "Tamsin Hocking, participation worker"

# (name, gender, locality, can reach, interests, days since they started, modules done of 8,
#  DBS renewal due in so many days)
VOLUNTEERS = [
    (
        "Sarah Penhaligon",
        "female",
        "Carrick",
        ["Restormel"],
        ["cooking", "independent_living", "music"],
        240,
        8,
        18,
    ),  # noqa: E501
    ("Tom Jenkin", "male", "Kerrier", ["Penwith"], ["sport", "outdoors", "work"], 150, 8, 700),  # noqa: E501
    ("Dave Rowe", "male", "Penwith", ["Kerrier"], ["gaming", "tech", "sport"], 200, 8, 900),
    ("Priya Nair", "female", "Restormel", [], ["art", "reading", "college"], 30, 6, 1070),
]

GOALS = {
    "transition": "Be ready for the move to my own flat",
    "appointments": "Get to my health appointments on my own",
    "confidence": "Join a group or club and keep going",
    "education": "Get to college every day for a month",
    "work": "Apply for three jobs or apprenticeships",
    "living_skills": "Cook a meal a week and keep to a budget",
    "interests": "Try a new activity each month",
    "wellbeing": "Have someone to talk to when things are hard",
}
REVIEW_NOTES = [
    "Meeting every fortnight; both say it is going well.",
    "A couple of missed meetings over the holidays; back on track now.",
    "The mentee says the mentor is easy to talk to. Keep going as now.",
    "Agreed to meet somewhere quieter; otherwise going well.",
    "Good progress on the goals. The mentee wants to add one about college.",
]
WISHES = [
    "Someone who has left care too",
    "Not on Saturdays (sees family)",
    "Somewhere near the bus station",
    "",
    "",
]
IN_THEIR_WORDS = [
    "I want someone who gets it, who isn't paid to be there.",
    "Help with going to appointments on my own.",
    "I'd like to get out more and meet people.",
    "Someone to help me sort college and money.",
]


def make_mentoring_work(
    contract: Contract,
    people: list[YoungPerson],
    mentors: list[tuple[Mentor, date | None]],
    matches: list[Match],
    care: CareHistories,
    today: date,
    seed: int,
) -> None:
    rng = random.Random(seed + 14)  # noqa: S311 - demo data, not security
    localities = list(contract.localities)
    _describe_mentors(rng, [m for m, _ in mentors], matches, localities, today)
    volunteers = _volunteers(rng, contract, len(mentors), today)
    tom = next(v for v in volunteers if v.name == "Tom Jenkin")
    matched = {m.mentee_id for m in matches if m.is_active_on(today)}
    mentor_people = {m.young_person_id for m, _ in mentors}
    free = [
        p
        for p in people
        if p.pk not in matched
        and p.pk not in mentor_people
        and care.fits(p, today, IN_CARE_OR_LEAVING, (12, 19))
    ]
    rng.shuffle(free)
    # Tom's first mentee started five and a half weeks ago: the first review (four weeks in)
    # is overdue.
    new = Match(
        contract=contract,
        ref=f"KX{len(matches) + 1:04d}",
        mentor=tom,
        mentee=free.pop(),
        start_date=today - timedelta(days=38),
    )
    new.save()
    matches = [*matches, new]
    _referrals_for(rng, contract, matches)
    _goals_and_reviews(rng, matches, today)
    _closures(rng, matches, {m.pk: m for m, _ in mentors})
    _supervision(rng, contract, [m for m, _ in mentors] + volunteers, today)
    _waiting(rng, contract, free[:5], today)


def _describe_mentors(
    rng: random.Random,
    mentors: list[Mentor],
    matches: list[Match],
    localities: list[str],
    today: date,
) -> None:
    """When each started (before their first module), what they are into, where else they
    can reach, and room for as many mentees as they ever had at once."""
    first_module = dict(
        MentorTraining.objects.filter(mentor__in=mentors)
        .values("mentor")
        .annotate(first=Min("completed_date"))
        .values_list("mentor", "first")
    )
    by_mentor = defaultdict(list)
    for match in matches:
        by_mentor[match.mentor_id].append(match)
    for mentor in mentors:
        first = first_module.get(mentor.pk, mentor.left_date or date.max)
        mentor.start_date = min(first, today) - timedelta(days=rng.randrange(3, 21))
        mentor.interests = rng.sample(list(INTERESTS), rng.randint(2, 4))
        home = mentor.young_person.locality
        mentor.travels_to = rng.sample([p for p in localities if p != home], rng.randint(0, 2))
        own = by_mentor[mentor.pk]
        busiest = max(
            (sum(o.start_date <= m.start_date <= o.runs_to for o in own) for m in own), default=1
        )
        mentor.max_matches = min(3, max(busiest, 2 if rng.random() < 0.3 else 1))
        # An adult mentor's DBS check, done as they started (one still to come back).
        if mentor is not mentors[-1]:
            mentor.dbs_date = mentor.start_date
            mentor.dbs_ref = f"00{rng.randrange(10**9, 10**10)}"
            mentor.dbs_renewal_date = mentor.start_date + timedelta(days=3 * 365)
    Mentor.objects.bulk_update(
        mentors,
        ["start_date", "interests", "travels_to", "max_matches", "dbs_date", "dbs_ref"]
        + ["dbs_renewal_date"],
    )


def _volunteers(rng: random.Random, contract: Contract, after: int, today: date) -> list[Mentor]:
    made = []
    for n, (name, gender, home, reach, interests, days, modules, renewal) in enumerate(VOLUNTEERS):
        start = today - timedelta(days=days)
        renewal_due = today + timedelta(days=renewal)
        mentor = Mentor.objects.create(
            contract=contract,
            ref=f"KM{after + n + 1:03d}",
            name=name,
            start_date=start,
            gender=gender,
            locality=home,
            travels_to=reach,
            interests=interests,
            max_matches=2,
            dbs_date=renewal_due - timedelta(days=3 * 365),
            dbs_ref=f"00{rng.randrange(10**9, 10**10)}",
            dbs_renewal_date=renewal_due,
        )
        done = list(MENTOR_MODULES)[:modules]
        MentorTraining.objects.bulk_create(
            MentorTraining(
                mentor=mentor,
                module=module,
                completed_date=min(start + timedelta(days=4 * k + 3), today),
            )
            for k, module in enumerate(done)
        )
        made.append(mentor)
    return made


def _referrals_for(rng: random.Random, contract: Contract, matches: list[Match]) -> None:
    """Every match came from a referral a week to five weeks before it started."""
    MenteeReferral.objects.bulk_create(
        MenteeReferral(
            contract=contract,
            ref=f"KR{n + 1:04d}",
            young_person_id=match.mentee_id,
            referral_date=match.start_date - timedelta(days=rng.randrange(7, 36)),
            referrer=rng.choice(["Social worker", "Personal adviser", "Self", "Foster carer"]),
            needs=rng.sample(list(NEEDS), 2),
            interests=rng.sample(list(INTERESTS), 2),
            match=match,
        )
        for n, match in enumerate(sorted(matches, key=lambda m: (m.start_date, m.ref)))
    )


def _goals_and_reviews(rng: random.Random, matches: list[Match], today: date) -> None:
    """Goals agreed in the first fortnight; reviews four weeks in, then every three months,
    each goal a step further; about one running match in four has missed its latest review."""
    ladder = [NOT_STARTED, SOME, GOOD, ACHIEVED]
    progress_rows = []
    for match in matches:
        last_day = min(match.runs_to, today)
        agreed = min(match.start_date + timedelta(days=rng.randrange(0, 14)), last_day)
        texts = rng.sample(list(GOALS.values()), rng.randint(1, 3))
        goals = MatchGoal.objects.bulk_create(
            MatchGoal(match=match, text=text, agreed_date=agreed) for text in texts
        )
        due = match.start_date + timedelta(weeks=4)
        schedule = []
        while due <= last_day:
            schedule.append(due)
            due = add_months(due, 3)
        if match.is_active_on(today) and schedule and rng.random() < 0.25:
            schedule.pop()  # missed: overdue now
        if match.mentor.name == "Tom Jenkin":
            schedule = []
        step = {goal.pk: 0 for goal in goals}
        previous = None
        for planned in schedule:
            day = min(planned + timedelta(days=rng.randrange(-3, 6)), last_day)
            if previous and day <= previous:
                continue
            previous = day
            review = MatchReview.objects.create(
                match=match,
                date=day,
                notes=rng.choice(REVIEW_NOTES),
                next_review_date=add_months(day, 3),
            )
            for goal in goals:
                if step[goal.pk] == len(ladder) - 1 or day < goal.agreed_date:
                    continue
                step[goal.pk] = min(step[goal.pk] + rng.randint(0, 2), len(ladder) - 1)
                progress_rows.append(
                    GoalProgress(review=review, goal=goal, progress=ladder[step[goal.pk]])
                )
                if ladder[step[goal.pk]] == ACHIEVED:
                    goal.achieved_date = day
                    goal.save(update_fields=["achieved_date"])
    GoalProgress.objects.bulk_create(progress_rows)


def _closures(rng: random.Random, matches: list[Match], mentors: dict[int, Mentor]) -> None:
    ended = [m for m in matches if m.end_date is not None]
    for match in ended:
        left = mentors[match.mentor_id].left_date if match.mentor_id in mentors else None
        if match.end_date == one_year_after(match.start_date):
            match.closure_reason = "twelve_months"
        elif left is not None and match.end_date == left:
            match.closure_reason = "mentor_left"
        else:
            match.closure_reason = rng.choice(["goals_met", "goals_met", "mentee_withdrew"])
    Match.objects.bulk_update(ended, ["closure_reason"])


def _supervision(rng: random.Random, contract: Contract, mentors: list[Mentor], today: date):
    """A group supervision each month, the last twelve days ago, for the mentors working then
    (most come); Dave Rowe, a volunteer, missed the last two."""
    present = []
    for months_ago in range(11, -1, -1):
        day = add_months(today - timedelta(days=12), -months_ago)
        session = Supervision.objects.create(
            contract=contract,
            date=day,
            kind="group",
            led_by=COORDINATOR,
            risk="None raised",
            safeguarding=(
                "None raised"
                if rng.random() < 0.8
                else "A mentee missed two meetings; agreed to tell their key worker."
            ),
            wellbeing=rng.choice(
                ["All well.", "Two mentors busy with exams; meeting less till June.", "All well."]
            ),
        )
        for mentor in mentors:
            working = mentor.start_date and mentor.start_date <= day
            if not working or mentor.has_left_by(day):
                continue
            if mentor.name == "Dave Rowe" and months_ago < 2:
                continue
            if months_ago == 0 or rng.random() < 0.85:
                present.append(SupervisionMentor(supervision=session, mentor=mentor))
    SupervisionMentor.objects.bulk_create(present)


def _waiting(rng: random.Random, contract: Contract, people: list[YoungPerson], today: date):
    """Young people waiting for a mentor: referred from three days to six weeks ago."""
    for n, (person, days) in enumerate(zip(people, [45, 24, 10, 3, 17], strict=False)):
        MenteeReferral.objects.create(
            contract=contract,
            ref=f"KR{9000 + n}",
            young_person=person,
            referral_date=today - timedelta(days=days),
            referrer=rng.choice(["Social worker", "Personal adviser", "Self"]),
            needs=rng.sample(list(NEEDS), 2),
            needs_note=IN_THEIR_WORDS[n % len(IN_THEIR_WORDS)],
            interests=rng.sample(list(INTERESTS), 3),
            locality=person.locality,
            prefers_gender=rng.choice(["", "", "female", "male"]),
            preferences=rng.choice(WISHES),
        )


def coordinator_waiting(contract: Contract, today: date) -> dict[str, list[str]]:
    """What the demo's worker, who coordinates the mentoring, finds on its overview."""
    waiting = contract.mentee_referrals.filter(match=None, withdrawn_date=None).count()
    running = with_review_due(
        with_review_facts(contract.matches.filter(matches_active_on(today))), contract, today
    )
    reviews = sum(1 for match in running if match.review.date and match.review.soon)
    mentors = with_states(mentors_with_state(contract, today), today)
    unsupervised = sum(1 for mentor in mentors if mentor.state.supervision_overdue)
    return {
        "worker": [
            f"Peer mentoring: {waiting} young people waiting for a mentor, {reviews} matches "
            f"due a review, {unsupervised} mentor{'s' if unsupervised != 1 else ''} due "
            "supervision."
        ]
    }
