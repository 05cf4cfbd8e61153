"""A Cornwall contract at a county's scale, irregular as a county's records are.

21,000 young people, 30,800 sessions and 200,400 attendance rows over three financial years:
attendance skewed (a few young people at hundreds of sessions, most at one or two), several
care-status intervals a person with gaps and overlaps, localities with a long tail (some not
on the contract's list), ages across every band and beyond, sessions clustered in term time,
some of them coproduced; feedback, information, outcomes, peer mentoring and Funds4 Care in
proportion. Bulk-created from a seeded random generator: the same data on every run.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from decimal import Decimal

YOUNG_PEOPLE = 21_000
SESSIONS = 30_800
ATTENDANCE = 200_400
FIRST_DAY = date(2024, 4, 1)
LAST_DAY = date(2027, 3, 31)
BATCH = 5_000

LISTED = [
    "Truro", "Camborne", "Redruth", "Falmouth", "Penzance", "St Austell", "Newquay", "Bodmin",
    "Liskeard", "Saltash", "Launceston", "Bude", "Helston", "Wadebridge", "Hayle", "St Ives",
    "Torpoint", "Callington", "Looe", "Fowey", "Lostwithiel", "Camelford", "Padstow",
    "Isles of Scilly",
]  # fmt: skip
# Typed by hand, not on the contract's list: the long tail a free-text column collects.
UNLISTED = [
    "truro", "St. Austell", "Pool", "Penryn", "Mevagissey", "Perranporth", "St Just",
    "Marazion", "Polperro", "Tintagel", "Gunnislake", "Stithians", "Out of county", "Plymouth",
    "Unknown", "Devon",
]  # fmt: skip
# Sessions a month, relative: fewer in the summer and Christmas holidays.
MONTH_WEIGHT = {1: 10, 2: 9, 3: 10, 4: 7, 5: 10, 6: 10, 7: 6, 8: 2, 9: 10, 10: 9, 11: 10, 12: 5}
SESSION_TYPE_WEIGHTS = {
    "psd": 30,
    "cicc": 12,
    "care_leavers_group": 10,
    "other_participation": 14,
    "mentoring": 20,
    "mentor_training": 8,
    "staff_training": 6,
}


def some_day(rng: random.Random, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def term_day(rng: random.Random) -> date:
    """A day in the three years, months weighted as a youth service's calendar is."""
    while True:
        day = some_day(rng)
        if rng.random() * 10 < MONTH_WEIGHT[day.month] and day.weekday() < 6:
            return day


def care_history(rng: random.Random, person) -> list:
    """One to four intervals, in order, with gaps and overlaps; the last often still open."""
    from contracts.models import CareStatus

    intervals = []
    start = some_day(rng, date(2012, 1, 1), date(2026, 6, 1))
    for number in range(rng.choice([1, 1, 2, 2, 2, 3, 4])):
        status = rng.choice(
            ["in_care", "in_care", "care_leaver", "child_in_need", "child_protection", "early_help"]
        )
        length = rng.randrange(30, 1500)
        end = start + timedelta(days=length)
        open_ended = end > LAST_DAY or rng.random() < 0.25
        intervals.append(
            CareStatus(
                young_person=person,
                status=status,
                start_date=start,
                end_date=None if open_ended else end,
            )
        )
        if open_ended and number > 0 and rng.random() < 0.5:
            break
        # The next starts after a gap, or inside this one (an overlap the latest start wins).
        start = end + timedelta(days=rng.choice([1, 1, 15, 120]) if rng.random() < 0.7 else -20)
        if start <= intervals[-1].start_date:
            start = intervals[-1].start_date + timedelta(days=1)
    return intervals


def make_county_cornwall(rng: random.Random):
    from contracts.codes import ETHNICITIES
    from contracts.models import (
        Accreditation,
        Attendance,
        CareStatus,
        Contract,
        Feedback,
        InformationProvided,
        Initiative,
        Organisation,
        OutcomeAssessment,
        Session,
        YoungPerson,
    )

    council = Organisation.objects.create(name="Bench Council", kind="commissioner")
    provider = Organisation.objects.create(name="Bench Provider", kind="provider")
    contract = Contract.objects.create(
        ref="BENCH-EP",
        title="Benchmark EP (county)",
        framework="cornwall_ep",
        commissioner=council,
        provider=provider,
        start_date=FIRST_DAY,
        end_date=LAST_DAY,
        annual_value=Decimal("310000.00"),
        localities=LISTED,
    )
    # A long tail: the towns by a Zipf-like weight, one in twenty-five typed off the list.
    towns = LISTED + UNLISTED
    town_weights = [1 / (rank + 1) for rank in range(len(LISTED))] + [0.04 / len(UNLISTED)] * len(
        UNLISTED
    )
    ethnicities = list(ETHNICITIES)
    ethnicity_weights = [40 if code == "WBRI" else 1 for code in ethnicities]
    people = YoungPerson.objects.bulk_create(
        (
            YoungPerson(
                contract=contract,
                ref=f"Y{i:06d}",
                first_name="Young",
                last_name=f"Person {i}",
                # Ages 7 to 30 in the year: every band, under 11 and over 25 included.
                date_of_birth=some_day(rng, date(1995, 1, 1), date(2018, 12, 31)),
                gender=rng.choices(["female", "male", "other", "not_known"], [48, 48, 2, 2])[0],
                ethnicity=rng.choices(ethnicities, ethnicity_weights)[0],
                disability=rng.choices(["yes", "no", "not_known"], [15, 75, 10])[0],
                locality=rng.choices(towns, town_weights)[0],
            )
            for i in range(YOUNG_PEOPLE)
        ),
        batch_size=BATCH,
    )
    CareStatus.objects.bulk_create(
        itertools.chain.from_iterable(care_history(rng, person) for person in people),
        batch_size=BATCH,
    )
    types, type_weights = zip(*SESSION_TYPE_WEIGHTS.items(), strict=True)
    sessions = Session.objects.bulk_create(
        (
            Session(
                contract=contract,
                ref=f"S{i:06d}",
                date=term_day(rng),
                session_type=rng.choices(types, type_weights)[0],
                title=f"Session {i}",
                locality=rng.choices(towns, town_weights)[0],
                duration_hours=Decimal(rng.choice(["1.00", "1.50", "2.25", "3.00", "6.00"])),
                coproduction=rng.random() < 0.08,
            )
            for i in range(SESSIONS)
        ),
        batch_size=BATCH,
    )
    # Attendance: people by a heavy-tailed weight (a few regulars at hundreds of sessions, most
    # at one or two), sessions by size (most small groups, a few large events).
    person_weights = list(itertools.accumulate(rng.paretovariate(1.1) for _ in people))
    session_weights = list(itertools.accumulate(rng.paretovariate(2.0) for _ in sessions))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < ATTENDANCE:
        session = rng.choices(range(SESSIONS), cum_weights=session_weights)[0]
        person = rng.choices(range(YOUNG_PEOPLE), cum_weights=person_weights)[0]
        pairs.add((session, person))
    Attendance.objects.bulk_create(
        (Attendance(session=sessions[s], young_person=people[p]) for s, p in sorted(pairs)),
        batch_size=BATCH,
    )
    InformationProvided.objects.bulk_create(
        (
            InformationProvided(young_person=p, date=d, method="leaflet")
            for p in rng.sample(people, YOUNG_PEOPLE // 2)
            for d in sorted({some_day(rng) for _ in range(rng.choice([1, 1, 2, 3]))})
        ),
        batch_size=BATCH,
    )
    scores = (
        "confidence",
        "resilience",
        "aspirations",
        "physical_health",
        "mental_health",
        "identity",
        "relationships",
    )
    OutcomeAssessment.objects.bulk_create(
        (
            OutcomeAssessment(
                young_person=person, date=day, **{s: rng.randint(1, 10) for s in scores}
            )
            for person in rng.sample(people, YOUNG_PEOPLE * 6 // 10)
            for day in sorted({some_day(rng) for _ in range(rng.choice([1, 2, 3, 3, 5]))})
        ),
        batch_size=BATCH,
    )
    feedback = {(rng.choice(people).pk, term_day(rng)) for _ in range(YOUNG_PEOPLE // 2)}
    Feedback.objects.bulk_create(
        (Feedback(young_person_id=p, date=d, kind="feedback") for p, d in feedback),
        batch_size=BATCH,
    )
    Initiative.objects.bulk_create(
        Initiative(contract=contract, ref=f"I{i}", date=term_day(rng), title=f"Review {i}")
        for i in range(420)
    )
    accreditations = {(rng.choice(people).pk, term_day(rng)) for _ in range(4_200)}
    Accreditation.objects.bulk_create(
        (
            Accreditation(
                young_person_id=p,
                award="ASDAN",
                route=rng.choice(["participation", "role"]),
                date=d,
            )
            for p, d in accreditations
        ),
        batch_size=BATCH,
    )
    add_mentoring_and_grants(contract, people, rng, scale=2.1, grant_day=term_day)
    return contract


def add_mentoring_and_grants(contract, people, rng: random.Random, *, scale: float, grant_day):
    """Mentors with their training, matches and supported appointments, Funds4 Care roles and
    applications, and additional funding: `scale` times the gentle benchmark's numbers (500
    mentors, 3,000 matches...), applications dated by `grant_day`. The gentle benchmark
    (kpi_benchmark.make_cornwall) and the county's both use it."""
    from contracts.codes import APPOINTMENT_TYPES, MENTOR_MODULES
    from contracts.dates import one_year_after
    from contracts.models import AdditionalFunding
    from funds4care.models import Application, Funds4CareRole
    from mentoring.models import Match, Mentor, MentorTraining, SupportedAppointment

    def n(gentle: int) -> int:
        return round(gentle * scale)

    mentors = Mentor.objects.bulk_create(
        Mentor(
            contract=contract,
            ref=f"M{i:04d}",
            name=f"Mentor {i}",
            left_date=some_day(rng) if rng.random() < 0.2 else None,
        )
        for i in range(n(500))
    )
    training = {
        (mentor.pk, module, some_day(rng))
        for mentor in mentors
        for module in MENTOR_MODULES
        if rng.random() < 0.9
    }
    MentorTraining.objects.bulk_create(
        (MentorTraining(mentor_id=m, module=mod, completed_date=d) for m, mod, d in training),
        batch_size=BATCH,
    )
    matches = []
    for i in range(n(3_000)):
        start = some_day(rng)
        limit = one_year_after(start)
        end = None if rng.random() < 0.4 else start + timedelta(days=rng.randrange(30, 365))
        matches.append(
            Match(
                contract=contract,
                ref=f"X{i:05d}",
                mentor=rng.choice(mentors),
                mentee=rng.choice(people),
                start_date=start,
                end_date=min(end, limit) if end else None,
                limit_date=limit,
            )
        )
    matches = Match.objects.bulk_create(matches, batch_size=BATCH)
    appointments = {
        (rng.choice(matches).pk, some_day(rng), rng.choice(list(APPOINTMENT_TYPES)))
        for _ in range(n(3_000))
    }
    SupportedAppointment.objects.bulk_create(
        (SupportedAppointment(match_id=m, date=d, appointment_type=t) for m, d, t in appointments),
        batch_size=BATCH,
    )
    Funds4CareRole.objects.bulk_create(
        Funds4CareRole(
            young_person=rng.choice(people),
            role=f"panel_member {i}",
            start_date=some_day(rng),
            end_date=None,
        )
        for i in range(n(300))
    )
    Application.objects.bulk_create(
        (
            Application(
                contract=contract,
                ref=f"A{i:06d}",
                young_person=rng.choice(people),
                submitted_date=grant_day(rng),
                amount_requested=Decimal("200.00"),
                decision=rng.choice(["pending", "approved", "declined"]),
                onward_support=rng.random() < 0.3,
            )
            for i in range(n(10_000))
        ),
        batch_size=BATCH,
    )
    AdditionalFunding.objects.bulk_create(
        AdditionalFunding(
            contract=contract,
            ref=f"F{i}",
            date=some_day(rng),
            source="Trust",
            amount=Decimal(rng.randrange(100, 10_000)),
            status=rng.choice(["planned", "secured", "sustained"]),
        )
        for i in range(n(200))
    )
