"""The Wolverhampton demo contract's records (Young Person's Team, Appendix 2): key workers,
their cases with young people, contacts and when each was recorded, assessments, activities
and performance reviews, and the care statuses and placements of the young people."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from contracts.dates import birthday
from contracts.models import (
    Assessment,
    CareStatus,
    Case,
    Contact,
    Contract,
    KeyWorker,
    KeyWorkerActivity,
    PerformanceReview,
    Placement,
)

from .people import demo_window, make_young_people

WOLVERHAMPTON_LOCALITIES = [
    "Bilston",
    "Wednesfield",
    "Tettenhall",
    "Whitmore Reans",
    "Low Hill",
    "Penn",
    "Ettingshall",
]
# Weighted roughly as in a South West or West Midlands care population.


def _working_days_after(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


@transaction.atomic
def load_wolverhampton_records(contract: Contract, today: date, seed: int) -> int:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    window = demo_window(today)
    people = make_young_people(
        rng, contract, 75, (11, 16), window.first, WOLVERHAMPTON_LOCALITIES, "BC"
    )
    workers = KeyWorker.objects.bulk_create(
        KeyWorker(contract=contract, ref=f"KW{n + 1}", name=name)
        for n, name in enumerate(
            [
                "Dawn Clarke",
                "Marcus Bennett",
                "Sunita Kaur",
                "Gareth Price",
                "Chipo Moyo",
                "Liam O'Neill",
                "Hannah Wood",
            ]
        )
    )
    cases, statuses, placements = [], [], []
    for n, person in enumerate(people):
        referral = window.random_day(rng) - timedelta(days=rng.randrange(0, 60))
        # The team works with children on the edge of care: referred before they turn 17.
        seventeenth = birthday(person.date_of_birth, 17)
        if referral >= seventeenth:
            referral = seventeenth - timedelta(days=rng.randrange(1, 120))
        start = referral + timedelta(days=rng.randrange(1, 14))
        end = start + timedelta(days=rng.randint(150, 360))
        cases.append(
            Case(
                contract=contract,
                ref=f"BCC{n + 1:04d}",
                young_person=person,
                key_worker=workers[n % len(workers)],
                referral_date=referral,
                start_date=min(start, today),
                end_date=end if end <= today else None,
            )
        )
        roll = rng.random()
        if roll < 0.2:  # enters care while the key worker is involved
            entered = min(start + timedelta(days=rng.randrange(10, 120)), today)
            # In care until 18, a care leaver from then (contracts.people's rules).
            eighteenth = birthday(person.date_of_birth, 18)
            statuses.append(
                CareStatus(
                    young_person=person,
                    status="in_care",
                    start_date=entered,
                    end_date=eighteenth - timedelta(days=1) if eighteenth <= today else None,
                )
            )
            if eighteenth <= today:
                statuses.append(
                    CareStatus(young_person=person, status="care_leaver", start_date=eighteenth)
                )
            code = rng.choices(["U4", "U6", "K2", "R1", "U1"], [35, 25, 20, 5, 15])[0]
            placements.append(
                Placement(young_person=person, placement_code=code, start_date=entered)
            )
        elif roll < 0.5:
            statuses.append(
                CareStatus(
                    young_person=person,
                    status=rng.choice(["child_in_need", "child_protection", "early_help"]),
                    start_date=referral - timedelta(days=rng.randrange(30, 300)),
                )
            )
    cases = Case.objects.bulk_create(cases)
    CareStatus.objects.bulk_create(statuses)
    Placement.objects.bulk_create(placements)

    contacts, assessments = [], []
    for case in cases:
        last = case.end_date or today
        day, n = case.start_date, 0
        while day <= last:
            recorded = _working_days_after(
                day, rng.choices([0, 1, 2, 3, 5, 7], [30, 30, 15, 10, 10, 5])[0]
            )
            if recorded <= today:  # one not yet written up is not a record yet
                contacts.append(
                    Contact(
                        contract=contract,
                        ref=f"{case.ref}-{n + 1:03d}",
                        case=case,
                        contact_date=day,
                        recorded_date=recorded,
                    )
                )
            day += timedelta(days=rng.randint(5, 14))
            n += 1
        for k in range(rng.randint(1, 2)):
            assessments.append(
                Assessment(
                    contract=contract,
                    ref=f"{case.ref}-A{k + 1}",
                    case=case,
                    date=min(case.start_date + timedelta(days=rng.randrange(7, 90)), today),
                    role=rng.choice(["lead", "lead", "support"]),
                )
            )
    Contact.objects.bulk_create(contacts)
    Assessment.objects.bulk_create(assessments)
    KeyWorkerActivity.objects.bulk_create(
        KeyWorkerActivity(
            contract=contract,
            ref=f"BCA{n + 1:04d}",
            key_worker=rng.choice(workers),
            date=window.random_day(rng),
            role=rng.choice(["lead", "support"]),
            title=rng.choice(
                [
                    "Group work",
                    "Family network meeting",
                    "Strategy meeting",
                    "School liaison",
                    "Return home interview",
                ]
            ),
        )
        for n in range(140)
    )
    reviews = []
    for worker in workers:
        day = window.first + timedelta(days=rng.randrange(0, 20))
        while day <= today:
            reviews.append(
                PerformanceReview(key_worker=worker, date=day, satisfactory=rng.random() < 0.85)
            )
            day += timedelta(days=91)
    PerformanceReview.objects.bulk_create(reviews)
    return len(people)
