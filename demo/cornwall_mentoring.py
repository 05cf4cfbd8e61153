"""The Cornwall demo's peer mentoring and Funds4 Care, between people who fit their parts: peer
mentors are care leavers trained from 17, matched only once trained and before they leave, with
a mentee in care or leaving care at least two years younger; supported appointments fall while
the match runs; Funds4 Care's panel is young people of 14 or more in care or leaving care, and
its grants go to children in care (the specification's section 6.1)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from contracts.codes import APPOINTMENT_TYPES, MENTOR_MODULES
from contracts.dates import age_on, birthday, one_year_after
from contracts.models import Contract, YoungPerson
from contracts.records.refs import REF_SCHEMES
from funds4care.models import Application, Funds4CareRole
from mentoring.models import Match, Mentor, MentorTraining, SupportedAppointment

from .funds4care import DECLINED, GRANTS_A_YEAR, financial_year_of, round_of_day
from .people import CareHistories, Window

IN_CARE_OR_LEAVING = ("in_care", "care_leaver")


def make_mentors(
    rng: random.Random,
    contract: Contract,
    people: list[YoungPerson],
    care: CareHistories,
    window: Window,
) -> list[tuple[Mentor, date | None]]:
    """22 peer mentors and their training; each mentor with the day they were fully trained
    (None for one still training)."""
    today = window.last
    leavers = [
        p
        for p in people
        if age_on(p.date_of_birth, today) >= 18 and care.status_on(p, today) == "care_leaver"
    ]
    chosen = rng.sample(leavers, min(22, len(leavers)))
    training, trained_on, mentors = [], {}, []
    for n, person in enumerate(chosen):
        first_care = min(s.start_date for s in care.by_person[person.pk])
        start = max(
            window.random_day(rng) - timedelta(days=120),
            birthday(person.date_of_birth, 17),
            first_care,
        )
        modules = (
            list(MENTOR_MODULES) if rng.random() < 0.8 else rng.sample(list(MENTOR_MODULES), 5)
        )
        done = [(m, start + timedelta(rng.randrange(60))) for m in modules]
        done = [(m, day) for m, day in done if day <= today]
        trained = max(day for _m, day in done) if len(done) == len(MENTOR_MODULES) else None
        left = None
        if trained and rng.random() < 0.15 and (today - trained).days > 60:
            left = trained + timedelta(days=rng.randrange(30, (today - trained).days))
        mentor = Mentor(
            contract=contract,
            ref=f"KM{n + 1:03d}",
            name=f"{person.first_name} {person.last_name}",
            young_person=person,
            left_date=left,
        )
        mentors.append(mentor)
        trained_on[n] = trained
        training += [(n, module, day) for module, day in done]
    mentors = Mentor.objects.bulk_create(mentors)
    MentorTraining.objects.bulk_create(
        MentorTraining(mentor=mentors[n], module=module, completed_date=day)
        for n, module, day in training
    )
    return [(mentor, trained_on[n]) for n, mentor in enumerate(mentors)]


def make_matches(
    rng: random.Random,
    contract: Contract,
    mentors: list[tuple[Mentor, date | None]],
    regulars: list[YoungPerson],
    care: CareHistories,
    window: Window,
) -> list[Match]:
    """Up to 35 matches, each mentee once, with the appointments the mentor supported."""
    today = window.last
    mentor_people = {mentor.young_person_id for mentor, _trained in mentors}
    matches = []
    for mentee in rng.sample(regulars, len(regulars)):
        if len(matches) == 35:
            break
        if mentee.pk in mentor_people:
            continue
        start = window.random_day(rng, birthday(mentee.date_of_birth, 11))
        if not care.fits(mentee, start, IN_CARE_OR_LEAVING, (11, 25)):
            continue
        mentee_age = age_on(mentee.date_of_birth, start)
        free = [
            mentor
            for mentor, trained in mentors
            if trained is not None
            and trained <= start
            and (mentor.left_date is None or mentor.left_date > start + timedelta(days=30))
            and age_on(mentor.young_person.date_of_birth, start) >= mentee_age + 2
        ]
        if not free:
            continue
        mentor = rng.choice(free)
        limit = one_year_after(start)
        end = start + timedelta(days=rng.randrange(60, 365)) if rng.random() < 0.5 else None
        if mentor.left_date is not None:
            end = min(end or mentor.left_date, mentor.left_date)
        end = min(end, limit) if end else None
        matches.append(
            Match(
                contract=contract,
                ref=f"KX{len(matches) + 1:04d}",
                mentor=mentor,
                mentee=mentee,
                start_date=start,
                end_date=end if end and end <= today else None,
                limit_date=limit,
            )
        )
    matches = Match.objects.bulk_create(matches)
    appointments = {}
    for match in matches:
        running = Window(match.start_date, min(match.end_date or match.limit_date, today))
        for _ in range(rng.randint(0, 3)):
            day = running.random_day(rng)
            kind = rng.choice(list(APPOINTMENT_TYPES))
            appointments[(match.pk, day, kind)] = SupportedAppointment(
                match=match, date=day, appointment_type=kind
            )
    SupportedAppointment.objects.bulk_create(appointments.values())
    return matches


def make_funds4care(
    rng: random.Random,
    contract: Contract,
    people: list[YoungPerson],
    regulars: list[YoungPerson],
    care: CareHistories,
    window: Window,
) -> list[Funds4CareRole]:
    """The panel (a care leaver chairs it) and 220 applications from children in care."""
    today, began = window.last, window.first - timedelta(days=30)
    chairs = [p for p in regulars if care.fits(p, began, ("care_leaver",), (18, 25))]
    panel = [p for p in regulars if care.fits(p, began, IN_CARE_OR_LEAVING, (14, 25))]
    chair = rng.choice(chairs)
    others = rng.sample([p for p in panel if p != chair], 11)
    roles = Funds4CareRole.objects.bulk_create(
        Funds4CareRole(young_person=p, role=role, start_date=began, end_date=None)
        for p, role in zip(
            [chair, *others],
            ["panel_chair"] + ["panel_member"] * 9 + ["evaluator"] * 2,
            strict=True,
        )
    )
    applications = []
    approvals: dict[tuple[int, int], int] = {}  # (young person, financial year) -> grants
    while len(applications) < 220:
        submitted = window.random_day(rng)
        eligible = [p for p in people if care.fits(p, submitted, ("in_care",), (11, 17))]
        applicant = rng.choice(eligible)
        requested = Decimal(rng.choice(["80.00", "120.00", "150.00", "200.00", "250.00", "300.00"]))
        # Decided by the chair one to three weeks after the round closes (the panel scores in
        # between): the round still open, or just closed, has its applications pending.
        decided = round_of_day(submitted).closes_on + timedelta(days=rng.randint(7, 20))
        year = financial_year_of(submitted)
        decision = (
            "pending" if decided > today else rng.choices(["approved", "declined"], [80, 20])[0]
        )
        if decision == "approved" and approvals.get((applicant.pk, year), 0) >= GRANTS_A_YEAR:
            decision = "declined"  # the fund's rule: at most two grants a year
        if decision == "approved":
            approvals[(applicant.pk, year)] = approvals.get((applicant.pk, year), 0) + 1
        applications.append(
            Application(
                contract=contract,
                ref=REF_SCHEMES[Application].ref(len(applications) + 1),
                young_person=applicant,
                submitted_date=submitted,
                amount_requested=requested,
                decision=decision,
                decision_date=decided if decision != "pending" else None,
                decline_reason=DECLINED if decision == "declined" else "",
                amount_awarded=min(requested, Decimal("250.00"))
                if decision == "approved"
                else None,
                onward_support=rng.random() < 0.2,
            )
        )
    Application.objects.bulk_create(applications)
    return roles
