"""The Wolverhampton demo contract's records (Young Person's Team, Appendix 2): key workers,
the referrals the team manager screens, the cases allocated from them with young people aged
11 to 16 when referred, and the care statuses and placements of the young people; the casework
inside each case is demo/wolverhampton_casework.py's, its plans and reviews
demo/wolverhampton_reviews.py's.

The demo shows every casework screen with work waiting, as on a working day (relative to
`today`): the key worker who signs in (the provider's worker, Marcus Bennett) holds about a
full caseload, another key worker is over the contract's caseload and one, back from leave,
has few; referrals wait for the team manager to screen and to allocate, and some were declined
or signposted; a few cases have run longer than the usual 12 months, a few closed within 6.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from contracts.casework.codes import ACCEPTED, DECLINED, PENDING, SIGNPOSTED
from contracts.dates import add_months, add_working_days, age_on, birthday
from contracts.models import (
    CareStatus,
    Case,
    Contract,
    KeyWorker,
    Placement,
    Referral,
    Role,
    User,
    YoungPerson,
)
from contracts.records.refs import REF_SCHEMES

from .people import (
    Window,
    demo_window,
    make_young_people,
    new_young_person,
    weekday_on_or_before,
    weighted,
    working_days_before,
)
from .wolverhampton_casework import closure_of, load_casework
from .wolverhampton_words import (
    CONCERN_WEIGHTS,
    CONCERNS_THAT_GO_WITH,
    DECLINED_NOTES,
    FAMILY_CARERS,
    FOSTER_CARER,
    HOME_STAFF,
    LOOKED_AFTER_SOURCES,
    REFERRER_NAMES,
    REFERRER_ROLES,
    SIGNPOSTED_NOTES,
    SOURCE_WEIGHTS,
)

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

# The key workers, and how many cases each holds today against the contract's caseload: the
# provider's worker (who signs in as Marcus Bennett) about a full one, Sunita Kaur over it, so
# the team manager is warned before allocating to her, and Hannah Wood few, back from leave.
# (The team manager, Dawn Clarke, is the provider's manager: she allocates, holds no cases.)
SIGNED_IN = "Marcus Bennett"
KEY_WORKERS = [
    "Nadia Hussain",
    "Marcus Bennett",
    "Sunita Kaur",
    "Gareth Price",
    "Chipo Moyo",
    "Liam O'Neill",
    "Hannah Wood",
]
OPEN_CASES_BELOW_CASELOAD = {
    "Nadia Hussain": 3,
    SIGNED_IN: 1,
    "Sunita Kaur": -1,
    "Gareth Price": 4,
    "Chipo Moyo": 2,
    "Liam O'Neill": 5,
}
FEW_OPEN_CASES = {"Hannah Wood": 2}
# The referrals not (yet) allocated: waiting for screening, accepted and waiting for a key
# worker, declined, signposted.
UNALLOCATED = {PENDING: 3, ACCEPTED: 2, DECLINED: 2, SIGNPOSTED: 1}
BASE_YOUNG_PEOPLE = 75


@dataclass
class Referred:
    """A young person's referral as the demo plans it, with its case if allocated."""

    person: YoungPerson | None  # None until made, for a young person new to the team
    date: date
    decision: str = ACCEPTED
    decision_date: date | None = None
    note: str = ""
    start: date | None = None
    end: date | None = None
    worker: int | None = None  # index into KEY_WORKERS
    source: str = ""
    concerns: list[str] = field(default_factory=list)
    referrer: str = ""
    carer: tuple[str, str] = ("Mum", "Mum")

    @property
    def is_case(self) -> bool:
        return self.start is not None

    @property
    def is_open(self) -> bool:
        return self.is_case and self.end is None


@transaction.atomic
def load_wolverhampton_records(contract: Contract, today: date, seed: int) -> int:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    window = demo_window(today)
    people = make_young_people(
        rng, contract, BASE_YOUNG_PEOPLE, (11, 16), window.first, WOLVERHAMPTON_LOCALITIES, "BC"
    )
    # The provider's staff, if the demo has made them yet: the manager screens and reviews,
    # a worker with a key worker's name signs in as that key worker.
    staff = list(User.objects.filter(organisation=contract.provider).order_by("pk"))
    manager = next((u for u in staff if u.role == Role.PROVIDER_MANAGER), None)
    logins = {u.get_full_name(): u for u in staff if u.role == Role.PROVIDER_WORKER}
    workers = KeyWorker.objects.bulk_create(
        KeyWorker(
            contract=contract,
            ref=REF_SCHEMES[KeyWorker].ref(n + 1),
            name=name,
            user=logins.get(name),
        )
        for n, name in enumerate(KEY_WORKERS)
    )

    cases = [_case_of(rng, person, window) for person in people]
    _keep_some_cases_unusually_long_or_short(rng, cases, contract, today)
    extra = _allocate(rng, cases, contract, today)
    unallocated = [
        _unallocated(rng, decision, today)
        for decision, count in UNALLOCATED.items()
        for _ in range(count)
    ]
    referrals = cases + extra + unallocated
    # Their young people are new to the team: made now, aged 11 to 16 on the referral day.
    newcomers = [r for r in referrals if r.person is None]
    for n, referred in enumerate(newcomers):
        age = rng.choice([11, 12, 13, 13, 14, 14, 14, 15, 15, 15, 16, 16])
        born = referred.date - timedelta(days=age * 365 + rng.randrange(30, 330))
        referred.person = new_young_person(
            rng, contract, len(people) + n + 1, born, WOLVERHAMPTON_LOCALITIES, "BC"
        )
    YoungPerson.objects.bulk_create([r.person for r in newcomers])
    for referred in referrals:
        _describe(rng, referred)

    saved = Referral.objects.bulk_create(
        Referral(
            contract=contract,
            ref=REF_SCHEMES[Referral].ref(n + 1),
            young_person=r.person,
            referral_date=r.date,
            source=r.source,
            concerns=r.concerns,
            referrer=r.referrer,
            decision=r.decision,
            decision_date=r.decision_date,
            decision_note=r.note,
            decided_by=manager if r.decision != PENDING else None,
        )
        for n, r in enumerate(sorted(referrals, key=lambda r: (r.date, r.person.ref)))
    )
    referral_of = {r.young_person.ref: r for r in saved}
    case_rows = []
    for n, r in enumerate(cases + extra):
        outcome, reason, note = closure_of(rng, r, contract)
        case_rows.append(
            Case(
                contract=contract,
                ref=f"BCC{n + 1:04d}",
                young_person=r.person,
                key_worker=workers[r.worker],
                referral=referral_of[r.person.ref],
                referral_date=r.date,
                start_date=r.start,
                end_date=r.end,
                closure_outcome=outcome,
                closure_reason=reason,
                closure_note=note,
            )
        )
    Case.objects.bulk_create(case_rows)
    _care_histories(rng, referrals, today)
    load_casework(
        rng,
        contract=contract,
        today=today,
        window=window,
        cases=list(zip(case_rows, cases + extra, strict=True)),
        workers=workers,
        manager=manager,
    )
    return len(people) + len(newcomers)


def _case_of(rng: random.Random, person: YoungPerson, window: Window) -> Referred:
    """A referral of one of the team's young people in the demo's year, and its case: referred
    aged 11 to 16, allocated within two weeks, open for six months to a year (some shorter,
    some longer); open still if that runs past today."""
    today = window.last
    referral = weekday_on_or_before(window.random_day(rng) - timedelta(days=rng.randrange(0, 60)))
    # The team takes referrals of young people aged 11 to 16 (section 3.2.1).
    eleventh, seventeenth = birthday(person.date_of_birth, 11), birthday(person.date_of_birth, 17)
    if referral >= seventeenth:
        referral = seventeenth - timedelta(days=rng.randrange(1, 120))
    if referral < eleventh:
        referral = min(eleventh + timedelta(days=rng.randrange(0, 60)), today)
    start = min(referral + timedelta(days=rng.randrange(1, 14)), today)
    decided = referral + timedelta(days=rng.randrange((start - referral).days + 1))
    span = rng.choices([(95, 170), (185, 365), (380, 520)], [10, 75, 15])[0]
    end = start + timedelta(days=rng.randint(*span))
    return Referred(
        person=person,
        date=referral,
        decision_date=decided,
        start=start,
        end=end if end < today else None,
    )


def _keep_some_cases_unusually_long_or_short(
    rng: random.Random, cases: list[Referred], contract: Contract, today: date
) -> None:
    """At least two cases open longer than the contract's usual involvement and two closed
    within its shortest, whatever day the demo is loaded on: the caseload screens flag them."""
    longest, shortest = contract.involvement_max_months, contract.involvement_min_months

    def started_long_ago(r: Referred) -> bool:
        # A week past the line, so a month's last days count the same on every screen.
        return add_months(r.start, longest) + timedelta(days=7) <= today

    running = sum(1 for r in cases if r.is_open and started_long_ago(r))
    # Reopen the latest started of those that closed: just over the line.
    closed = sorted(
        (r for r in cases if not r.is_open and started_long_ago(r)),
        key=lambda r: r.start,
        reverse=True,
    )
    for referred in closed[: max(0, 2 - running)]:
        referred.end = None
    closed = [r for r in cases if not r.is_open]
    short = [r for r in closed if add_months(r.start, shortest) > r.end]
    longer = [r for r in closed if r not in short]
    for referred in rng.sample(longer, min(len(longer), max(0, 2 - len(short)))):
        # Under 6 months whatever the month's length: 95 to 170 days.
        referred.end = referred.start + timedelta(days=rng.randint(95, 170))


def _allocate(
    rng: random.Random, cases: list[Referred], contract: Contract, today: date
) -> list[Referred]:
    """Give each case its key worker: the open ones to fill each key worker's caseload today,
    the closed ones in turn. Open places left over become recent referrals' cases (returned,
    their young people still to be made); open cases beyond the places go to the key workers
    in the middle."""
    targets = {
        name: max(1, contract.caseload - below) for name, below in OPEN_CASES_BELOW_CASELOAD.items()
    } | FEW_OPEN_CASES
    places = [KEY_WORKERS.index(name) for name, count in targets.items() for _ in range(count)]
    rng.shuffle(places)
    # The signed-in key worker gets the longest-running case, so their screen flags it.
    signed_in = KEY_WORKERS.index(SIGNED_IN)
    places.remove(signed_in)
    places.insert(0, signed_in)
    open_cases = sorted((r for r in cases if r.is_open), key=lambda r: r.start)
    middle = [KEY_WORKERS.index(name) for name in ("Nadia Hussain", "Gareth Price", "Chipo Moyo")]
    for n, referred in enumerate(open_cases):
        referred.worker = places[n] if n < len(places) else middle[n % len(middle)]
    for n, referred in enumerate(r for r in cases if not r.is_open):
        referred.worker = n % len(KEY_WORKERS)
    extra = []
    for worker in places[len(open_cases) :]:
        # Referrals have risen since the summer: these came in over the last five months.
        referral = weekday_on_or_before(today - timedelta(days=rng.randrange(21, 150)))
        start = referral + timedelta(days=rng.randrange(1, 14))
        decided = referral + timedelta(days=rng.randrange((start - referral).days + 1))
        extra.append(
            Referred(
                person=None,
                date=referral,
                decision_date=decided,
                start=start,
                worker=worker,
            )
        )
    return extra


def _unallocated(rng: random.Random, decision: str, today: date) -> Referred:
    """A referral with no case: waiting for screening (this last week and a half), accepted
    and waiting for a key worker (a week or two), or declined or signposted months ago."""
    referral: date
    decided: date | None
    if decision == PENDING:
        referral, decided = working_days_before(today, rng.randint(0, 8)), None
    elif decision == ACCEPTED:
        referral = working_days_before(today, rng.randint(7, 14))
        decided = working_days_before(today, rng.randint(1, 4))
    else:
        referral = weekday_on_or_before(today - timedelta(days=rng.randrange(30, 120)))
        decided = add_working_days(referral, rng.randint(1, 5))
    return Referred(person=None, date=referral, decision=decision, decision_date=decided)


def _describe(rng: random.Random, referred: Referred) -> None:
    """Why and by whom the young person was referred, who they live with, and why a referral
    was declined or where it was signposted."""
    referred.source = weighted(rng, SOURCE_WEIGHTS)
    first = weighted(rng, CONCERN_WEIGHTS)
    more = rng.choices([0, 1, 2], [30, 45, 25])[0]
    referred.concerns = [first, *rng.sample(CONCERNS_THAT_GO_WITH[first], more)]
    role = rng.choice(REFERRER_ROLES[referred.source])
    referred.referrer = f"{rng.choice(REFERRER_NAMES)}, {role}"
    if referred.source == "looked_after_assessment_unit":
        referred.carer = HOME_STAFF
    elif referred.source in LOOKED_AFTER_SOURCES:
        referred.carer = FOSTER_CARER
    else:
        referred.carer = rng.choices(list(FAMILY_CARERS), list(FAMILY_CARERS.values()))[0]
    if referred.decision == DECLINED:
        referred.note = rng.choice(DECLINED_NOTES)
    elif referred.decision == SIGNPOSTED:
        drugs = "substance_misuse" in referred.concerns
        referred.note = SIGNPOSTED_NOTES["substance_misuse" if drugs else ""]
    # Every young person referred is 11 to 16 that day (section 3.2.1).
    assert 11 <= age_on(referred.person.date_of_birth, referred.date) <= 16, referred


def _care_histories(rng: random.Random, referrals: list[Referred], today: date) -> None:
    """Each young person's plan or care when referred (the referral's route), and for some the
    day they came into care while a key worker was involved (A2.1), perhaps to a residential
    placement (A2.2). In care until 18, a care leaver from then (contracts.people's rules)."""
    statuses, placements = [], []

    def in_care(person: YoungPerson, entered: date, code: str) -> None:
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
        placements.append(Placement(young_person=person, placement_code=code, start_date=entered))

    for referred in referrals:
        person, source = referred.person, referred.source
        if source in LOOKED_AFTER_SOURCES:
            if source == "looked_after_assessment_unit":
                entered, code = rng.randrange(10, 90), "K2"
            else:
                entered, code = rng.randrange(120, 900), rng.choice(["U4", "U6", "K2"])
            eleventh = birthday(person.date_of_birth, 11)
            in_care(person, max(referred.date - timedelta(days=entered), eleventh), code)
            continue
        plan_start = referred.date - timedelta(days=rng.randrange(30, 300))
        plan = CareStatus(young_person=person, status=source, start_date=plan_start)
        statuses.append(plan)
        # Some come into care while the key worker is involved: the plan ends the day before.
        if referred.is_case and rng.random() < 0.25:
            entered = min(referred.start + timedelta(days=rng.randrange(10, 120)), today)
            if referred.end is not None and entered > referred.end:
                continue
            plan.end_date = entered - timedelta(days=1)
            in_care(
                person, entered, rng.choices(["U4", "U6", "K2", "R1", "U1"], [35, 25, 20, 5, 15])[0]
            )
    CareStatus.objects.bulk_create(statuses)
    Placement.objects.bulk_create(placements)
