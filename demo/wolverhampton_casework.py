"""The casework inside the Wolverhampton demo's cases: contacts (each written up a few working
days after it happened, some late: A2.7), the signed-in key worker's diary of planned contacts,
assessments, how closed cases closed and key workers' other activities; plans and reviews are
demo/wolverhampton_reviews.py's.

Work waits as on a working day: the signed-in key worker has contacts that happened and are
not yet recorded (one or two past the contract's recording timeframe) and contacts planned for
the next two weeks.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from contracts.dates import add_months, add_working_days
from contracts.models import (
    Assessment,
    Case,
    Contact,
    Contract,
    KeyWorker,
    KeyWorkerActivity,
    PlannedContact,
    User,
)

from .people import Window, weighted, working_days_before
from .wolverhampton_reviews import make_performance_reviews, make_plans
from .wolverhampton_words import (
    ACTIVITY_TITLES,
    ASSESSMENT_NOTES,
    CLOSURE_NOTES,
    CLOSURE_REASON_WEIGHTS,
    CONCERN_ASSESSMENT,
    CONCERN_NOTES,
    CONTACT_KIND_WEIGHTS,
    CONTACT_NOTES,
    EARLY_CLOSURE_REASONS,
    FIRST_ASSESSMENT,
    MEETINGS_WITH,
    OUTCOME_WEIGHTS,
    PHONE_NOTES,
    fill,
)

if TYPE_CHECKING:
    from .wolverhampton import Referred

# Contacts within this many days of today have the key worker's notes.
NOTES_FOR_DAYS = 56


def closure_of(rng: random.Random, referred: Referred, contract: Contract) -> tuple[str, str, str]:
    """How a closed case closed: its outcome, reason and note ("" for an open case). One that
    closed within the contract's shortest usual involvement closed early, for a reason."""
    if referred.end is None:
        return "", "", ""
    if add_months(referred.start, contract.involvement_min_months) > referred.end:
        reason = rng.choice(EARLY_CLOSURE_REASONS)
    else:
        reason = weighted(rng, CLOSURE_REASON_WEIGHTS)
    outcome = weighted(rng, OUTCOME_WEIGHTS[reason])
    return outcome, reason, fill(CLOSURE_NOTES[reason], referred)


def load_casework(
    rng: random.Random,
    *,
    contract: Contract,
    today: date,
    window: Window,
    cases: Sequence[tuple[Case, Referred]],
    workers: list[KeyWorker],
    manager: User | None,
) -> None:
    signed_in = {worker.pk: worker.user for worker in workers if worker.user}
    contacts = [
        contact
        for case, referred in cases
        for contact in _contacts(rng, contract, case, referred, today, signed_in)
    ]
    diary = [(case, referred) for case, referred in cases if case.key_worker_id in signed_in]
    not_recorded = _not_recorded(rng, [c for c in diary if c[0].end_date is None], today)
    # The contact that happened and is not yet written up is not a record yet.
    taken = {(planned.case.pk, planned.date) for planned in not_recorded}
    contacts = [c for c in contacts if (c.case.pk, c.contact_date) not in taken]
    Contact.objects.bulk_create(contacts)
    PlannedContact.objects.bulk_create(
        [
            *_recorded_from_the_diary(contacts, diary, today),
            *not_recorded,
            *_upcoming(rng, [c for c in diary if c[0].end_date is None], today),
        ]
    )
    make_plans(rng, cases, today, signed_in)
    Assessment.objects.bulk_create(
        assessment
        for case, referred in cases
        for assessment in _assessments(rng, case, referred, today)
    )
    KeyWorkerActivity.objects.bulk_create(
        KeyWorkerActivity(
            contract=contract,
            ref=f"BCA{n + 1:04d}",
            key_worker=rng.choice(workers),
            date=window.random_day(rng),
            role=rng.choice(["lead", "support"]),
            title=rng.choice(ACTIVITY_TITLES),
        )
        for n in range(140)
    )
    make_performance_reviews(rng, contract, workers, manager, today)


def _contacts(
    rng: random.Random,
    contract: Contract,
    case: Case,
    referred: Referred,
    today: date,
    signed_in: dict[int, User],
) -> list[Contact]:
    """Every week or two while the case is open; written up the same day to seven working days
    later (A2.7), the recent ones with the key worker's notes."""
    contacts = []
    last = case.end_date or today
    day, n = case.start_date, 0
    while day <= last:
        recorded = add_working_days(
            day, rng.choices([0, 1, 2, 3, 5, 7], [30, 30, 15, 10, 10, 5])[0]
        )
        kind = weighted(rng, CONTACT_KIND_WEIGHTS)
        contact = Contact(
            contract=contract,
            ref=f"{case.ref}-{n + 1:03d}",
            case=case,
            contact_date=day,
            recorded_date=recorded,
            kind=kind,
            with_whom=_with_whom(rng, kind, referred),
            contact_time=_time_of(rng, kind, day),
            recorded_by=signed_in.get(case.key_worker_id),
        )
        if (today - day).days <= NOTES_FOR_DAYS:
            contact.notes = _note(rng, kind, contact.with_whom, referred)
        if recorded <= today:  # one not yet written up is not a record yet
            contacts.append(contact)
        day += timedelta(days=rng.randint(5, 14))
        n += 1
    return contacts


def _with_whom(rng: random.Random, kind: str, referred: Referred) -> str:
    carer = referred.carer[0]
    if kind == "multi_agency":
        return fill(rng.choice(MEETINGS_WITH), referred)
    if kind == "family":
        return f"Young person and {carer}"
    if kind == "phone":
        return rng.choice(["Young person", "Young person", referred.carer[1], "Social worker"])
    if kind == "visit" and rng.random() < 0.3:
        return f"Young person and {carer}"
    return "Young person"


def _time_of(rng: random.Random, kind: str, day: date) -> time | None:
    """Most contacts have a time: meetings in office hours, the rest mostly after school (or
    during it, for a young person out of school), weekends in the day."""
    if rng.random() < 0.12:
        return None
    if kind == "multi_agency":
        hours = (9, 14)
    elif day.weekday() >= 5:
        hours = (10, 17)
    elif kind == "text_online":
        hours = (8, 20)
    else:
        hours = rng.choice([(9, 12), (15, 18), (15, 18)])
    return time(rng.randint(*hours), rng.choice([0, 15, 30, 45]))


def _note(rng: random.Random, kind: str, with_whom: str, referred: Referred) -> str:
    """What the key worker wrote: about the referral's worry now and then, or about the visit,
    the call (with whoever was on the phone), the message or the meeting."""
    if kind == "visit" and rng.random() < 0.4:
        return fill(CONCERN_NOTES[rng.choice(referred.concerns)], referred)
    if kind == "phone":
        caller = with_whom.lower() if with_whom in ("Young person", "Social worker") else "carer"
        return fill(rng.choice(PHONE_NOTES[caller]), referred)
    return fill(rng.choice(CONTACT_NOTES[kind]), referred)


# -- The signed-in key worker's diary -------------------------------------------------------


def _planned(rng: random.Random, case: Case, referred: Referred, day: date) -> PlannedContact:
    kind = rng.choice(["visit", "visit", "visit", "phone", "family", "multi_agency"])
    return PlannedContact(
        case=case,
        date=day,
        time=time(rng.choice([10, 11, 15, 16, 17]), rng.choice([0, 30])),
        kind=kind,
        with_whom=_with_whom(rng, kind, referred),
    )


def _not_recorded(
    rng: random.Random, open_cases: list[tuple[Case, Referred]], today: date
) -> list[PlannedContact]:
    """Three to five planned contacts of the last ten working days not yet recorded: one or two
    past the recording timeframe (5 working days: six to ten ago), the rest still within it."""
    late = rng.randint(1, 2)
    ago = [rng.randint(6, 10) for _ in range(late)]
    ago += [rng.randint(1, 4) for _ in range(rng.randint(3, 5) - late)]
    free = list(open_cases)
    rng.shuffle(free)
    planned = []
    for working_days in ago:
        day = working_days_before(today, working_days)
        # One a case, in a case already open that day.
        chosen = next(((case, r) for case, r in free if case.start_date <= day), None)
        if chosen is not None:
            free.remove(chosen)
            planned.append(_planned(rng, *chosen, day))
    return planned


def _recorded_from_the_diary(
    contacts: list[Contact],
    diary: list[tuple[Case, Referred]],
    today: date,
) -> list[PlannedContact]:
    """The last fortnight's contacts of the signed-in key worker's cases were in the diary too:
    each planned contact ticked off by the contact recorded from it."""
    cases = {case.pk for case, _referred in diary}
    return [
        PlannedContact(
            case=contact.case,
            date=contact.contact_date,
            time=contact.contact_time,
            kind=contact.kind,
            with_whom=contact.with_whom,
            contact=contact,
        )
        for contact in contacts
        if contact.case.pk in cases and (today - contact.contact_date).days <= 14
    ]


def _upcoming(
    rng: random.Random, open_cases: list[tuple[Case, Referred]], today: date
) -> list[PlannedContact]:
    """Five to seven contacts planned over the next two weeks."""
    chosen = rng.sample(open_cases, min(len(open_cases), rng.randint(5, 7)))
    return [
        _planned(rng, case, referred, add_working_days(today, rng.randint(1, 9)))
        for case, referred in chosen
    ]


# -- Assessments ----------------------------------------------------------------------------


def _assessments(
    rng: random.Random, case: Case, referred: Referred, today: date
) -> list[Assessment]:
    """The route's own assessment first (a child and family assessment, an early help one...),
    then perhaps the main worry's (a return home interview, an exploitation risk assessment)."""
    last = case.end_date or today
    kinds = [(FIRST_ASSESSMENT[referred.source], rng.choice(["lead", "lead", "support"]))]
    kinds.append(CONCERN_ASSESSMENT[referred.concerns[0]])
    assessments = []
    for k in range(rng.randint(1, 2)):
        title, role = kinds[k]
        assessments.append(
            Assessment(
                contract=case.contract,
                ref=f"{case.ref}-A{k + 1}",
                case=case,
                date=min(case.start_date + timedelta(days=rng.randrange(7, 90)), last),
                role=role,
                title=title,
                notes=fill(rng.choice(ASSESSMENT_NOTES), referred) if rng.random() < 0.4 else "",
            )
        )
    return assessments
