"""Generated records for a contract, `scale` times over: the same shape, more rows.

Used to show that a return asks the same number of queries whatever the number of records.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from contracts.codes import APPOINTMENT_TYPES, ETHNICITIES, MENTOR_MODULES, SESSION_TYPES
from contracts.dates import one_year_after
from contracts.models import (
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
from funds4care.models import Application, Funds4CareRole
from mentoring.models import Match, Mentor, MentorTraining, SupportedAppointment

FIRST, LAST = date(2025, 1, 1), date(2026, 6, 30)


def _day(rng: random.Random, first: date = FIRST, last: date = LAST) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _people(rng: random.Random, contract: Contract, count: int, prefix: str) -> list[YoungPerson]:
    people = YoungPerson.objects.bulk_create(
        YoungPerson(
            contract=contract,
            ref=f"{prefix}{i:05d}",
            first_name="Sam",
            last_name=f"Example{i}",
            date_of_birth=_day(rng, date(2003, 1, 1), date(2014, 12, 31)),
            gender=rng.choice(["female", "male", "other", "not_known"]),
            ethnicity=rng.choice(list(ETHNICITIES)),
            disability=rng.choice(["yes", "no", "not_known"]),
            locality=rng.choice(["East", "West", "Mid"]),
        )
        for i in range(count)
    )
    CareStatus.objects.bulk_create(
        CareStatus(
            young_person=p,
            status=rng.choice(["in_care", "care_leaver", "child_in_need"]),
            start_date=_day(rng, date(2020, 1, 1), date(2025, 12, 31)),
        )
        for p in people
    )
    return people


def make_cornwall_records(contract: Contract, scale: int, seed: int = 1) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    people = _people(rng, contract, 10 * scale, f"P{seed}-")
    sessions = Session.objects.bulk_create(
        Session(
            contract=contract,
            ref=f"S{seed}-{i:05d}",
            date=_day(rng),
            session_type=rng.choice(list(SESSION_TYPES)),
            title="Session",
            locality="East",
            duration_hours=Decimal("1.50"),
            coproduction=rng.random() < 0.2,
        )
        for i in range(20 * scale)
    )
    pairs = {(rng.randrange(len(sessions)), rng.randrange(len(people))) for _ in range(60 * scale)}
    Attendance.objects.bulk_create(
        Attendance(session=sessions[s], young_person=people[p]) for s, p in pairs
    )
    InformationProvided.objects.bulk_create(
        InformationProvided(young_person=p, date=_day(rng), method="leaflet") for p in people[::2]
    )
    OutcomeAssessment.objects.bulk_create(
        OutcomeAssessment(
            young_person=p,
            date=day,
            confidence=rng.randint(1, 10),
            resilience=5,
            aspirations=5,
            physical_health=5,
            mental_health=5,
            identity=5,
            relationships=5,
        )
        for p in people
        # Sorted: a set of dates iterates in hash order, which changes from process to process.
        for day in sorted({_day(rng), _day(rng)})
    )
    Feedback.objects.bulk_create(
        Feedback(young_person=p, date=_day(rng), kind="feedback") for p in people[::3]
    )
    Initiative.objects.bulk_create(
        Initiative(contract=contract, ref=f"I{seed}-{i}", date=_day(rng), title="Review")
        for i in range(scale)
    )
    Accreditation.objects.bulk_create(
        Accreditation(young_person=p, award="ASDAN", route="role", date=_day(rng))
        for p in people[::4]
    )
    mentors = Mentor.objects.bulk_create(
        Mentor(contract=contract, ref=f"M{seed}-{i}", name="Mentor") for i in range(2 * scale)
    )
    MentorTraining.objects.bulk_create(
        MentorTraining(mentor=m, module=module, completed_date=_day(rng))
        for m in mentors
        for module in MENTOR_MODULES
    )
    matches = Match.objects.bulk_create(
        Match(
            contract=contract,
            ref=f"X{seed}-{i}",
            mentor=rng.choice(mentors),
            mentee=rng.choice(people),
            start_date=(start := _day(rng)),
            limit_date=one_year_after(start),
        )
        for i in range(3 * scale)
    )
    SupportedAppointment.objects.bulk_create(
        SupportedAppointment(
            match=m, date=_day(rng), appointment_type=rng.choice(list(APPOINTMENT_TYPES))
        )
        for m in matches
    )
    Funds4CareRole.objects.bulk_create(
        Funds4CareRole(young_person=p, role="panel", start_date=_day(rng)) for p in people[::5]
    )
    Application.objects.bulk_create(
        Application(
            contract=contract,
            ref=f"A{seed}-{i}",
            young_person=rng.choice(people),
            submitted_date=_day(rng),
            amount_requested=Decimal("100.00"),
            decision=rng.choice(["pending", "approved", "declined"]),
            onward_support=rng.random() < 0.5,
        )
        for i in range(5 * scale)
    )
    AdditionalFunding.objects.bulk_create(
        AdditionalFunding(
            contract=contract,
            ref=f"F{seed}-{i}",
            date=_day(rng),
            source="Trust",
            amount=Decimal("500.00"),
            status=rng.choice(["planned", "secured", "sustained"]),
        )
        for i in range(scale)
    )


def make_wolverhampton_records(contract: Contract, scale: int, seed: int = 2) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    people = _people(rng, contract, 10 * scale, f"W{seed}-")
    Placement.objects.bulk_create(
        Placement(young_person=p, placement_code=rng.choice(["K2", "U4"]), start_date=_day(rng))
        for p in people
    )
    workers = KeyWorker.objects.bulk_create(
        KeyWorker(contract=contract, ref=f"K{seed}-{i}", name="Key worker") for i in range(scale)
    )
    cases = Case.objects.bulk_create(
        Case(
            contract=contract,
            ref=f"C{seed}-{i}",
            young_person=rng.choice(people),
            key_worker=rng.choice(workers),
            referral_date=(start := _day(rng)),
            start_date=start,
        )
        for i in range(12 * scale)
    )
    Contact.objects.bulk_create(
        Contact(
            contract=contract,
            ref=f"CT{seed}-{i}",
            case=rng.choice(cases),
            contact_date=(day := _day(rng)),
            recorded_date=day + timedelta(days=rng.randrange(10)),
        )
        for i in range(40 * scale)
    )
    Assessment.objects.bulk_create(
        Assessment(
            contract=contract,
            ref=f"AS{seed}-{i}",
            case=rng.choice(cases),
            date=_day(rng),
            role=rng.choice(["lead", "support"]),
        )
        for i in range(5 * scale)
    )
    KeyWorkerActivity.objects.bulk_create(
        KeyWorkerActivity(
            contract=contract,
            ref=f"KA{seed}-{i}",
            key_worker=rng.choice(workers),
            date=_day(rng),
            role=rng.choice(["lead", "support"]),
            title="Group work",
        )
        for i in range(5 * scale)
    )
    PerformanceReview.objects.bulk_create(
        PerformanceReview(key_worker=w, date=_day(rng), satisfactory=rng.random() < 0.8)
        for w in workers
    )
