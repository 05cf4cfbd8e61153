"""A realistic run of records for the two demo contracts, so every screen and indicator has
something to show. Seeded, so every demo machine shows the same people and figures for the
same day; the records run from 1 April of last financial year up to today.

Written straight to the database in bulk (a few thousand rows a contract, a second or two).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from funds4care.models import Application, Funds4CareRole
from mentoring.models import Match, Mentor, MentorTraining, SupportedAppointment

from .codes import (
    APPOINTMENT_TYPES,
    MENTOR_MODULES,
    OUTCOME_SCORES,
    PARTICIPATION_SESSION_TYPES,
)
from .dates import age_on, birthday, one_year_after
from .models import (
    Accreditation,
    AdditionalFunding,
    Assessment,
    Attendance,
    CareStatus,
    Case,
    Contact,
    Contract,
    Feedback,
    InformationProvided,
    Initiative,
    KeyWorker,
    KeyWorkerActivity,
    OutcomeAssessment,
    PerformanceReview,
    Placement,
    Session,
    YoungPerson,
)

FIRST_NAMES = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Evie",
    "Poppy",
    "Ella",
    "Demelza",
    "Morwenna",
    "Tamsin",
    "Kerensa",
    "Jenna",
    "Aisha",
    "Zara",
    "Amira",
    "Priya",
    "Chloe",
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Leo",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Jack",
    "Charlie",
    "Freddie",
    "Theo",
    "Alfie",
    "Jacob",
    "Tristan",
    "Jago",
    "Kai",
    "Mason",
    "Riley",
    "Ethan",
    "Kofi",
    "Yusuf",
    "Arjun",
    "Tyler",
    "Jordan",
    "Alex",
    "Sam",
    "Robin",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Trelawny",
    "Penrose",
    "Pascoe",
    "Hocking",
    "Rowe",
    "Nance",
    "Tregear",
    "Angove",
    "Okafor",
    "Mensah",
    "Khan",
    "Patel",
    "Begum",
    "Singh",
    "Ahmed",
    "Clarke",
    "Bennett",
    "Murphy",
    "O'Brien",
    "Nowak",
    "Kowalski",
    "Campbell",
    "Kaur",
]
CORNWALL_LOCALITIES = [
    "Penwith",
    "Kerrier",
    "Carrick",
    "Restormel",
    "Caradon",
    "North Cornwall",
    "Isles of Scilly",
]
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
ETHNICITY_WEIGHTS = {
    "WBRI": 70,
    "WOTH": 5,
    "MWBC": 5,
    "MWBA": 3,
    "MOTH": 3,
    "BAFR": 3,
    "BCRB": 2,
    "APKN": 2,
    "AIND": 2,
    "AOTH": 1,
    "OOTH": 1,
    "NOBT": 2,
    "WROM": 1,
}


@dataclass
class Window:
    first: date
    last: date

    def days(self) -> list[date]:
        return [self.first + timedelta(n) for n in range((self.last - self.first).days + 1)]

    def random_day(self, rng: random.Random, first: date | None = None) -> date:
        start = max(first or self.first, self.first)
        if start > self.last:
            return self.last
        return start + timedelta(rng.randrange((self.last - start).days + 1))


def demo_window(today: date) -> Window:
    """From 1 April of the last financial year to today: a full year and the year to date."""
    financial_year = today.year if today.month >= 4 else today.year - 1
    return Window(date(financial_year - 1, 4, 1), today)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _people(
    rng: random.Random,
    contract: Contract,
    count: int,
    ages: tuple[int, int],
    on: date,
    localities: list[str],
    prefix: str,
) -> list[YoungPerson]:
    people = []
    for n in range(count):
        age = rng.randint(*ages)
        birthday = on - timedelta(days=age * 365 + rng.randrange(365))
        people.append(
            YoungPerson(
                contract=contract,
                ref=f"{prefix}{n + 1:04d}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                date_of_birth=birthday,
                gender=rng.choices(["female", "male", "other", "not_known"], [48, 48, 3, 1])[0],
                ethnicity=_weighted(rng, ETHNICITY_WEIGHTS),
                disability=rng.choices(["no", "yes", "not_known"], [75, 18, 7])[0],
                locality=rng.choice(localities),
                la_child_id=f"{prefix}C{n + 1:05d}",
            )
        )
    return YoungPerson.objects.bulk_create(people)


def _care_history(rng: random.Random, people: list[YoungPerson], window: Window) -> None:
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
    CareStatus.objects.bulk_create(statuses)


@transaction.atomic
def load_cornwall_records(contract: Contract, today: date, seed: int = 2025) -> int:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    window = demo_window(today)
    people = _people(rng, contract, 180, (11, 24), today, CORNWALL_LOCALITIES, "KV")
    _care_history(rng, people, window)
    young = [p for p in people if 11 <= age_on(p.date_of_birth, today) <= 17]

    InformationProvided.objects.bulk_create(
        InformationProvided(
            young_person=p,
            date=window.random_day(rng),
            method=rng.choice(["leaflet", "visit", "text message", "website"]),
        )
        for p in young
        if rng.random() < 0.85
    )

    # Sessions: most weekdays something runs; participation groups monthly per locality.
    session_types = {
        "psd": 40,
        "cicc": 12,
        "care_leavers_group": 10,
        "other_participation": 12,
        "mentoring": 14,
        "mentor_training": 6,
        "staff_training": 6,
    }
    sessions = []
    for n, day in enumerate(d for d in window.days() if d.weekday() < 5 and rng.random() < 0.75):
        kind = _weighted(rng, session_types)
        sessions.append(
            Session(
                contract=contract,
                ref=f"KS{n + 1:05d}",
                date=day,
                session_type=kind,
                title=f"{kind.replace('_', ' ').capitalize()} session",
                locality=rng.choice(CORNWALL_LOCALITIES),
                duration_hours=Decimal(
                    rng.choice(["1.00", "1.50", "2.00", "2.50", "3.00", "4.00"])
                ),
                coproduction=kind in PARTICIPATION_SESSION_TYPES and rng.random() < 0.3,
            )
        )
    sessions = Session.objects.bulk_create(sessions)
    regulars = rng.sample(people, 140)
    attendance = []
    for session in sessions:
        if session.session_type in ("staff_training", "mentor_training"):
            continue
        for person in rng.sample(regulars, rng.randint(3, 12)):
            attendance.append(Attendance(session=session, young_person=person))
    Attendance.objects.bulk_create(attendance)

    assessments = []
    for person in rng.sample(regulars, 90):
        first = window.random_day(rng) - timedelta(days=rng.randrange(0, 200))
        scores = {score: rng.randint(2, 6) for score in OUTCOME_SCORES}
        for visit in range(rng.randint(1, 3)):
            day = first + timedelta(days=visit * rng.randint(90, 150))
            if day > today:
                break
            assessments.append(OutcomeAssessment(young_person=person, date=day, **scores))
            scores = {
                k: min(10, max(1, v + rng.choice([-1, 0, 1, 1, 2]))) for k, v in scores.items()
            }
    OutcomeAssessment.objects.bulk_create(assessments)

    Feedback.objects.bulk_create(
        Feedback(
            young_person=p,
            date=window.random_day(rng),
            kind=rng.choices(["feedback", "compliment", "complaint"], [80, 15, 5])[0],
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
        for p in rng.sample(regulars, 80)
    )
    Initiative.objects.bulk_create(
        Initiative(
            contract=contract, ref=f"KI{n + 1:03d}", date=window.random_day(rng), title=title
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
    Accreditation.objects.bulk_create(
        Accreditation(
            young_person=p,
            award=rng.choice(
                [
                    "ASDAN Bronze",
                    "ASDAN Silver",
                    "Youth Achievement Award",
                    "Peer mentoring certificate",
                ]
            ),
            route=rng.choice(["participation", "role"]),
            date=window.random_day(rng),
        )
        for p in rng.sample(regulars, 45)
    )
    AdditionalFunding.objects.bulk_create(
        AdditionalFunding(
            contract=contract,
            ref=f"KF{n + 1:03d}",
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

    mentors = Mentor.objects.bulk_create(
        Mentor(
            contract=contract,
            ref=f"KM{n + 1:03d}",
            name=f"{p.first_name} {p.last_name}",
            young_person=p,
            left_date=window.random_day(rng) if rng.random() < 0.15 else None,
        )
        for n, p in enumerate(
            rng.sample([p for p in people if age_on(p.date_of_birth, today) >= 17], 22)
        )
    )
    training = []
    for mentor in mentors:
        start = window.random_day(rng) - timedelta(days=120)
        modules = (
            list(MENTOR_MODULES) if rng.random() < 0.8 else rng.sample(list(MENTOR_MODULES), 5)
        )
        for module in modules:
            training.append(
                MentorTraining(
                    mentor=mentor,
                    module=module,
                    completed_date=start + timedelta(rng.randrange(60)),
                )
            )
    MentorTraining.objects.bulk_create(training)

    matches = []
    mentees = [p for p in regulars if all(m.young_person_id != p.pk for m in mentors)]
    for n, mentee in enumerate(rng.sample(mentees, 35)):
        start = window.random_day(rng)
        limit = one_year_after(start)
        end = start + timedelta(days=rng.randrange(60, 365)) if rng.random() < 0.5 else None
        matches.append(
            Match(
                contract=contract,
                ref=f"KX{n + 1:04d}",
                mentor=rng.choice(mentors),
                mentee=mentee,
                start_date=start,
                end_date=min(end, limit) if end else None,
                limit_date=limit,
            )
        )
    matches = Match.objects.bulk_create(matches)
    appointments = {}
    for match in matches:
        for _ in range(rng.randint(0, 3)):
            day = window.random_day(rng, match.start_date)
            kind = rng.choice(list(APPOINTMENT_TYPES))
            appointments[(match.pk, day, kind)] = SupportedAppointment(
                match=match, date=day, appointment_type=kind
            )
    SupportedAppointment.objects.bulk_create(appointments.values())

    Funds4CareRole.objects.bulk_create(
        Funds4CareRole(
            young_person=p, role=role, start_date=window.first - timedelta(days=30), end_date=None
        )
        for p, role in zip(
            rng.sample(regulars, 12),
            ["panel_chair"] + ["panel_member"] * 9 + ["evaluator"] * 2,
            strict=True,
        )
    )
    applications = []
    for n in range(220):
        submitted = window.random_day(rng)
        requested = Decimal(rng.choice(["80.00", "120.00", "150.00", "200.00", "250.00", "300.00"]))
        decision = (
            "pending"
            if (today - submitted).days < 21
            else rng.choices(["approved", "declined"], [80, 20])[0]
        )
        decided = submitted + timedelta(days=rng.randint(7, 20)) if decision != "pending" else None
        award = min(requested, Decimal("250.00")) if decision == "approved" else None
        applications.append(
            Application(
                contract=contract,
                ref=f"KA{n + 1:05d}",
                young_person=rng.choice(people),
                submitted_date=submitted,
                amount_requested=requested,
                decision=decision,
                decision_date=min(decided, today) if decided else None,
                amount_awarded=award,
                onward_support=rng.random() < 0.2,
            )
        )
    Application.objects.bulk_create(applications)
    return len(people)


def _working_days_after(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


@transaction.atomic
def load_wolverhampton_records(contract: Contract, today: date, seed: int = 2026) -> int:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    window = demo_window(today)
    people = _people(rng, contract, 75, (11, 16), window.first, WOLVERHAMPTON_LOCALITIES, "BC")
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
            statuses.append(CareStatus(young_person=person, status="in_care", start_date=entered))
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


def load_demo_records(contract: Contract, today: date | None = None) -> int:
    """Records for a demo contract that has none yet; returns the young people created."""
    if contract.young_people.exists():
        return 0
    today = today or timezone.localdate()
    if contract.framework == Contract.Framework.CORNWALL_EP:
        return load_cornwall_records(contract, today)
    return load_wolverhampton_records(contract, today)
