"""The Cornwall demo contract's records (Engagement and Participation, section 6.1): young
people in care and leaving care, sessions and who attended, outcomes, feedback, initiatives,
accreditations and funding, peer mentoring, and Funds4 Care roles and applications."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from contracts.codes import OUTCOME_SCORES
from contracts.dates import birthday
from contracts.models import (
    Accreditation,
    AdditionalFunding,
    CareStatus,
    Contract,
    Feedback,
    InformationProvided,
    Initiative,
    OutcomeAssessment,
    YoungPerson,
)
from contracts.records.refs import REF_SCHEMES

from .cornwall_mentoring import make_funds4care, make_matches, make_mentors
from .cornwall_mentoring_work import make_mentoring_work
from .cornwall_sessions import attend_sessions, make_sessions
from .people import CareHistories, Window, demo_window, make_young_people

CORNWALL_LOCALITIES = [
    "Penwith",
    "Kerrier",
    "Carrick",
    "Restormel",
    "Caradon",
    "North Cornwall",
    "Isles of Scilly",
]


def _care_history(rng: random.Random, people: list[YoungPerson], window: Window) -> CareHistories:
    """Children in care until 18, care leavers after; a few early-help or child-in-need."""
    statuses = []
    for person in people:
        eighteenth = birthday(person.date_of_birth, 18)
        entered = max(
            person.date_of_birth + timedelta(days=365 * 8),
            window.first - timedelta(days=rng.randrange(200, 2500)),
        )
        if rng.random() < 0.12:
            statuses.append(
                CareStatus(
                    young_person=person,
                    status=rng.choice(["early_help", "child_in_need"]),
                    start_date=entered,
                )
            )
            continue
        if eighteenth <= entered:
            statuses.append(
                CareStatus(young_person=person, status="care_leaver", start_date=entered)
            )
            continue
        statuses.append(
            CareStatus(
                young_person=person,
                status="in_care",
                start_date=entered,
                end_date=eighteenth - timedelta(days=1) if eighteenth <= window.last else None,
            )
        )
        if eighteenth <= window.last:
            statuses.append(
                CareStatus(young_person=person, status="care_leaver", start_date=eighteenth)
            )
    return CareHistories(CareStatus.objects.bulk_create(statuses))


def _after(rng: random.Random, day: date, days: int, today: date) -> date:
    """A day up to `days` after `day`, not after today."""
    return min(day + timedelta(days=rng.randrange(days + 1)), today)


@transaction.atomic
def load_cornwall_records(contract: Contract, today: date, seed: int) -> int:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    window = demo_window(today)
    people = make_young_people(rng, contract, 180, (11, 24), today, CORNWALL_LOCALITIES, "KV")
    care = _care_history(rng, people, window)
    # The leaflet or visit reaches a child within a month of being in care and 11
    # (indicator 1.1's cohort), or of the service starting.
    InformationProvided.objects.bulk_create(
        InformationProvided(
            young_person=p,
            date=_after(
                rng,
                max(
                    window.first,
                    birthday(p.date_of_birth, 11),
                    care.by_person[p.pk][-1].start_date,
                ),
                30,
                today,
            ),
            method=rng.choice(["leaflet", "visit", "text message", "website"]),
        )
        for p in people
        if care.fits(p, today, ("in_care",), (11, 17)) and rng.random() < 0.95
    )

    regulars = rng.sample(people, 140)
    mentors = make_mentors(rng, contract, people, care, window)
    matches = make_matches(rng, contract, mentors, regulars, care, window)
    sessions = make_sessions(rng, contract, window, CORNWALL_LOCALITIES)
    attended = attend_sessions(rng, sessions, regulars, care, matches)
    attendees = [p for p in regulars if p.pk in attended]

    # A baseline when someone starts coming, then a review every three to five months while
    # they keep coming.
    assessments = []
    for person in rng.sample(attendees, min(90, len(attendees))):
        days = attended[person.pk]
        day = max(
            days[0] - timedelta(days=rng.randrange(0, 60)), birthday(person.date_of_birth, 11)
        )
        scores = {score: rng.randint(2, 6) for score in OUTCOME_SCORES}
        # Most scores rise; about one young person in seven is going through a hard time.
        steps = [-2, -1, 0, 0, 1] if rng.random() < 0.15 else [-1, 0, 1, 1, 2]
        while day <= min(today, days[-1] + timedelta(days=60)):
            assessments.append(OutcomeAssessment(young_person=person, date=day, **scores))
            scores = {k: min(10, max(1, v + rng.choice(steps))) for k, v in scores.items()}
            day += timedelta(days=rng.randint(90, 150))
    OutcomeAssessment.objects.bulk_create(assessments)

    # Feedback on about one session in five a young person came to, that day or within the week
    # (at most one of each kind a day).
    feedback = {}
    for pk, days in attended.items():
        for day in days:
            if rng.random() < 0.2:
                kind = rng.choices(["feedback", "compliment", "complaint"], [80, 15, 5])[0]
                given = _after(rng, day, 7, today)
                feedback[(pk, given, kind)] = Feedback(
                    young_person_id=pk,
                    date=given,
                    kind=kind,
                    rating=rng.choice([None, 3, 4, 4, 5, 5]),
                    comment=rng.choice(
                        [
                            "",
                            "Loved the residential",
                            "More sessions in the west",
                            "The group helped me speak at my review",
                        ]
                    ),
                )
    Feedback.objects.bulk_create(feedback.values())
    Initiative.objects.bulk_create(
        Initiative(
            contract=contract,
            ref=REF_SCHEMES[Initiative].ref(n + 1),
            date=window.random_day(rng),
            title=title,
        )
        for n, title in enumerate(
            [
                "Pledge refresh with the Corporate Parenting Board",
                "Leaving care offer: council tax exemption",
                "Young inspectors of residential homes",
                "Language that cares: review of letters",
                "Health passport redesign",
                "Care leavers' local offer",
                "Independent Reviewing Officer feedback form",
                "Mind of My Own app roll-out",
                "Staying Put policy review",
                "Savings for care leavers",
                "Wi-Fi in placements",
                "Celebration event planning",
            ]
        )
    )
    roles = make_funds4care(rng, contract, people, regulars, care, window)
    # Learning accredited after taking part, or in a role: a peer mentor once trained, a
    # member of the Funds4 Care panel once on it.
    accredited = [
        Accreditation(
            young_person=p,
            award=rng.choice(["ASDAN Bronze", "ASDAN Silver", "Youth Achievement Award"]),
            route="participation",
            date=_after(rng, rng.choice(attended[p.pk]), 60, today),
        )
        for p in rng.sample(attendees, min(30, len(attendees)))
    ]
    accredited += [
        Accreditation(
            young_person=mentor.young_person,
            award="Peer mentoring certificate",
            route="role",
            date=_after(rng, trained, 30, today),
        )
        for mentor, trained in mentors
        if trained is not None and rng.random() < 0.6
    ]
    accredited += [
        Accreditation(
            young_person=role.young_person,
            award="Youth Achievement Award (Funds4 Care panel)",
            route="role",
            date=window.random_day(rng, role.start_date + timedelta(days=90)),
        )
        for role in rng.sample(roles, 4)
    ]
    Accreditation.objects.bulk_create(accredited)
    AdditionalFunding.objects.bulk_create(
        AdditionalFunding(
            contract=contract,
            ref=REF_SCHEMES[AdditionalFunding].ref(n + 1),
            # Spread evenly over the window, so every year has money planned and secured.
            date=window.first
            + timedelta(days=(window.last - window.first).days * (2 * n + 1) // 14),
            source=source,
            amount=Decimal(amount),
            status=status,
        )
        for n, (source, amount, status) in enumerate(
            [
                ("National Lottery Community Fund", "9500.00", "secured"),
                ("Duchy Health Charity", "2500.00", "secured"),
                ("Local business sponsorship", "1200.00", "sustained"),
                ("Children in Need", "8000.00", "planned"),
                ("Cornwall Community Foundation", "3000.00", "secured"),
                ("Town council grant", "750.00", "sustained"),
                ("Arts Council project", "4000.00", "planned"),
            ]
        )
    )
    make_mentoring_work(contract, people, mentors, matches, care, today, seed)
    return len(people)
