"""The Cornwall demo contract's records (Engagement and Participation, section 6.1): young
people in care and leaving care, sessions and who attended, outcomes, feedback, initiatives,
accreditations and funding, peer mentoring, and Funds4 Care roles and applications."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from contracts.codes import (
    APPOINTMENT_TYPES,
    MENTOR_MODULES,
    OUTCOME_SCORES,
    PARTICIPATION_SESSION_TYPES,
)
from contracts.dates import age_on, birthday, one_year_after
from contracts.models import (
    Accreditation,
    AdditionalFunding,
    Attendance,
    CareStatus,
    Contract,
    Feedback,
    InformationProvided,
    Initiative,
    OutcomeAssessment,
    Session,
    YoungPerson,
)
from funds4care.models import Application, Funds4CareRole
from mentoring.models import Match, Mentor, MentorTraining, SupportedAppointment

from .people import Window, demo_window, make_young_people, weighted

CORNWALL_LOCALITIES = [
    "Penwith",
    "Kerrier",
    "Carrick",
    "Restormel",
    "Caradon",
    "North Cornwall",
    "Isles of Scilly",
]


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
def load_cornwall_records(contract: Contract, today: date, seed: int) -> int:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    window = demo_window(today)
    people = make_young_people(rng, contract, 180, (11, 24), today, CORNWALL_LOCALITIES, "KV")
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
        kind = weighted(rng, session_types)
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
