"""The Cornwall demo's sessions and who attended them: plausible titles for each kind of
session (holiday trips in the school holidays, each group's monthly meeting), and attendees who
fit the group on the day (kpi-rules.md, "session types"; the specification's section 6.1): the
Children in Care Council is children in care, a care leavers' group care leavers of 16 or more,
peer mentoring the mentees of a match running that day, and no one under 11 or over 25."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from contracts.codes import PARTICIPATION_SESSION_TYPES
from contracts.models import Attendance, Contract, Session, YoungPerson
from contracts.records.refs import REF_SCHEMES
from mentoring.models import Match

from .people import CareHistories, Window, weighted

# How often each kind of session runs, out of 100 (most weekdays something runs).
SESSION_MIX = {
    "psd": 40,
    "cicc": 12,
    "care_leavers_group": 10,
    "other_participation": 12,
    "mentoring": 14,
    "mentor_training": 6,
    "staff_training": 6,
}

# Who may attend each kind of group: (care statuses on the day, youngest and oldest age).
IN_CARE_OR_LEAVING = ("in_care", "care_leaver")
ATTENDEES = {
    "psd": (IN_CARE_OR_LEAVING, (11, 25)),
    "cicc": (("in_care",), (11, 17)),
    "care_leavers_group": (("care_leaver",), (16, 25)),
    "other_participation": (IN_CARE_OR_LEAVING, (11, 25)),
}
NOBODY_ATTENDS = ("mentor_training", "staff_training")  # staff and mentors, not young people

# The first session of its kind in a month is the group's monthly meeting (section 6.1: "meetings
# with young people on a monthly basis for The Children in Care Council and the Care Leavers
# groups"); the others are drawn from the kind's list.
MONTHLY_MEETING = {
    "cicc": "Children in Care Council monthly meeting",
    "care_leavers_group": "Care leavers' forum monthly meeting",
}
TITLES = {
    "psd": [
        "Art club",
        "Cooking on a budget",
        "Climbing at the wall",
        "Music and song-writing workshop",
        "Football and team games",
        "Drama workshop",
        "Photography walk",
        "Healthy relationships group",
        "Gardening project",
        "Bushcraft day",
        "Film night and discussion",
        "Staying safe online",
        "Confidence and self-esteem group",
    ],
    "cicc": [
        "Children in Care Council: reviewing the pledges",
        "Children in Care Council meets the Corporate Parenting Board",
        "Children in Care Council: planning the celebration event",
        "Children in Care Council: interviewing for new social workers",
        "Children in Care Council: young inspectors' training",
    ],
    "care_leavers_group": [
        "Care leavers' cooking skills",
        "Care leavers' budgeting and bills",
        "Care leavers' drop-in",
        "Care leavers' forum: reviewing the local offer",
        "Care leavers: getting ready for your own tenancy",
    ],
    "other_participation": [
        "Young people's panel for the Leaving Care Service",
        "Consultation on the health passport",
        "Young inspectors' visit to a children's home",
        "Youth voice workshop",
        "Training social workers: care-experienced voices",
        "Film project: language that cares",
    ],
    "mentoring": [
        "Peer mentoring catch-up",
        "Peer mentoring: reviewing goals",
        "Mentor and mentee activity afternoon",
        "Peer mentoring drop-in",
    ],
    "mentor_training": [
        "Peer mentor supervision",
        "Peer mentor group supervision",
        "Peer mentor training: safeguarding",
        "Peer mentor training: professional boundaries",
    ],
    "staff_training": [
        "Staff training: Signs of Safety",
        "Team development day",
        "Staff training: trauma-informed practice",
        "Safeguarding refresher",
    ],
}
# Personal and social development in the school holidays: trips and longer days.
HOLIDAY_TITLES = {
    "summer": [
        "Summer surf week",
        "Summer residential on Bodmin Moor",
        "Beach day and barbecue",
        "Summer kayaking trip",
    ],
    "half-term": ["Half-term climbing trip", "Half-term bowling trip", "Half-term coasteering"],
    "Easter": ["Easter holiday art days", "Easter egg hunt and games"],
    "Christmas": ["Christmas party", "Christmas crafts and baking"],
}


def school_holiday(day: date) -> str | None:
    """Roughly Cornwall's school holidays (their exact dates move a little each year)."""
    month, dom = day.month, day.day
    if (month == 7 and dom >= 22) or month == 8:
        return "summer"
    if (
        (month == 10 and dom >= 24)
        or (month == 2 and 12 <= dom <= 20)
        or (month == 5 and dom >= 26)
    ):
        return "half-term"
    if month == 4 and dom <= 14:
        return "Easter"
    if month == 12 and 16 <= dom <= 23:
        return "Christmas"
    return None


def make_sessions(
    rng: random.Random, contract: Contract, window: Window, localities: list[str]
) -> list[Session]:
    sessions, meetings_held = [], set()
    for n, day in enumerate(d for d in window.days() if d.weekday() < 5 and rng.random() < 0.75):
        kind = weighted(rng, SESSION_MIX)
        holiday = school_holiday(day) if kind == "psd" else None
        if holiday:
            title = rng.choice(HOLIDAY_TITLES[holiday])
            hours = rng.choice(["4.00", "5.00", "6.00"])
        elif kind in MONTHLY_MEETING and (kind, day.year, day.month) not in meetings_held:
            meetings_held.add((kind, day.year, day.month))
            title, hours = MONTHLY_MEETING[kind], "2.00"
        else:
            title = rng.choice(TITLES[kind])
            hours = rng.choice(["1.00", "1.50", "2.00", "2.50", "3.00"])
        sessions.append(
            Session(
                contract=contract,
                ref=REF_SCHEMES[Session].ref(n + 1),
                date=day,
                session_type=kind,
                title=title,
                locality=rng.choice(localities),
                duration_hours=Decimal(hours),
                coproduction=kind in PARTICIPATION_SESSION_TYPES and rng.random() < 0.3,
            )
        )
    return Session.objects.bulk_create(sessions)


def attend_sessions(
    rng: random.Random,
    sessions: list[Session],
    regulars: list[YoungPerson],
    care: CareHistories,
    matches: list[Match],
) -> dict[int, list[date]]:
    """Fill each session with young people who fit it that day, most from its own locality;
    returns the days each young person attended (by pk)."""
    attendance, attended = [], {}
    for session in sessions:
        day = session.date
        if session.session_type in NOBODY_ATTENDS:
            continue
        if session.session_type == "mentoring":
            running = [
                m.mentee for m in matches if m.start_date <= day <= (m.end_date or m.limit_date)
            ]
            chosen = rng.sample(running, min(len(running), rng.randint(1, 4)))
        else:
            statuses, ages = ATTENDEES[session.session_type]
            fits = [p for p in regulars if care.fits(p, day, statuses, ages)]
            local = [p for p in fits if p.locality == session.locality]
            others = [p for p in fits if p.locality != session.locality]
            wanted = rng.randint(3, 12)
            chosen = rng.sample(local, min(len(local), round(wanted * 0.7)))
            chosen += rng.sample(others, min(len(others), wanted - len(chosen)))
        for person in chosen:
            attendance.append(Attendance(session=session, young_person=person))
            attended.setdefault(person.pk, []).append(day)
    Attendance.objects.bulk_create(attendance)
    return attended
