"""What the casework screens do that is more than saving a form: the age rule of a referral,
the team manager's screening and allocation (each once, however many press the button), a
caseload against the contract's setting, recording a contact on the day it is written up, and
closing a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet

from ..dates import age_on, working_days_after
from ..models import Case, Contact, Contract, KeyWorker, PlannedContact, Referral, User, YoungPerson
from ..records.services import save_with_next_ref
from .codes import ACCEPTED, PENDING, REFERRAL_AGES


class CaseworkRefused(Exception):
    """An action the records do not allow now, with the reason in plain words."""


# -- Referrals ------------------------------------------------------------------------------


def age_refusal(date_of_birth: date, referral_date: date) -> str | None:
    """Why a young person cannot be referred on that day, or None (section 3.2.1: aged 11 to
    16 at the point of referral; once referred, support does not stop at 17)."""
    youngest, oldest = REFERRAL_AGES
    age = age_on(date_of_birth, referral_date)
    if youngest <= age <= oldest:
        return None
    when = f"{referral_date:%-d %B %Y}"
    if age < youngest:
        return (
            f"They are {age} on {when}: the team takes referrals of young people aged "
            f"{youngest} to {oldest} on the day they are referred."
        )
    return (
        f"They are {age} on {when}: the team takes referrals of young people aged {youngest} "
        f"to {oldest} on the day they are referred. (Support that has begun carries on past "
        f"{oldest + 1}; a new referral cannot start it.)"
    )


def screen(referral: Referral, *, decision: str, note: str, by: User | None, on: date) -> Referral:
    """The team manager's decision on a referral waiting for screening. Only one decision is
    ever taken: the row changes only while it is still pending, so a second press (or a
    colleague deciding at the same moment) is refused, not written over."""
    if decision == PENDING:
        raise CaseworkRefused("Choose accept, decline or signpost.")
    if on < referral.referral_date:
        raise CaseworkRefused("A decision cannot be dated before the referral.")
    changed = Referral.objects.filter(pk=referral.pk, decision=PENDING).update(
        decision=decision, decision_date=on, decision_note=note.strip(), decided_by=by
    )
    if not changed:
        raise CaseworkRefused("This referral has already been screened.")
    referral.refresh_from_db()
    # update() sends no signal: write the history row here.
    Referral.history.bulk_history_create([referral], update=True, default_user=by)
    return referral


def allocate(
    referral: Referral, *, key_worker: KeyWorker, start_date: date, by: User | None
) -> Case:
    """Open the case of an accepted referral with a key worker. Once: the referral is locked,
    and a referral already allocated is refused (the database holds one case per referral)."""
    if key_worker.contract_id != referral.contract_id:
        raise CaseworkRefused("That key worker is not on this contract.")
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.decision != ACCEPTED:
            raise CaseworkRefused("Only an accepted referral can be allocated.")
        if Case.objects.filter(referral=locked).exists():
            raise CaseworkRefused("This referral has already been allocated.")
        if start_date < locked.referral_date:
            raise CaseworkRefused("A case cannot start before its referral.")
        case = Case(
            contract_id=locked.contract_id,
            young_person_id=locked.young_person_id,
            key_worker=key_worker,
            referral=locked,
            referral_date=locked.referral_date,
            start_date=start_date,
        )
        try:
            save_with_next_ref(case)
        except IntegrityError as error:
            raise CaseworkRefused("This referral has already been allocated.") from error
    return case


def referral_counts(contract: Contract) -> dict[str, int]:
    """Referrals waiting for screening, and accepted ones waiting for a key worker: one query."""
    return contract.referrals.aggregate(
        waiting=Count("pk", filter=Q(decision=PENDING)),
        to_allocate=Count("pk", filter=Q(decision=ACCEPTED, case__isnull=True)),
    )


# -- Caseloads ------------------------------------------------------------------------------


def open_cases(contract: Contract, today: date) -> QuerySet[Case]:
    """Cases on a caseload today: started, and not closed (a case closed today is off it,
    though A2.3 still counts it in the period it was open in)."""
    return contract.cases.filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    )


def key_workers_with_caseloads(contract: Contract, today: date) -> QuerySet[KeyWorker]:
    """The contract's key workers, each with `open_count`: their cases open today."""
    return contract.key_workers.annotate(
        open_count=Count(
            "cases",
            filter=Q(cases__start_date__lte=today)
            & (Q(cases__end_date__isnull=True) | Q(cases__end_date__gt=today)),
            distinct=True,  # safe to annotate further joins onto
        )
    ).order_by("name")


def months_between(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end` (a day short of a month is 0)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


@dataclass(frozen=True)
class Involvement:
    """How long a case has run against the contract's usual 6 to 12 months."""

    months: int
    flag: str  # "" when within the usual length

    @property
    def words(self) -> str:
        if self.months == 0:
            return "less than a month"
        return f"{self.months} month{'s' if self.months != 1 else ''}"

    @classmethod
    def of(cls, case: Case, contract: Contract, today: date) -> Involvement:
        end = case.end_date if case.end_date and case.end_date <= today else None
        months = months_between(case.start_date, end or today)
        if end is None and months >= contract.involvement_max_months:
            flag = f"Open longer than {contract.involvement_max_months} months"
        elif end is not None and months < contract.involvement_min_months:
            flag = f"Closed within {contract.involvement_min_months} months"
        elif end is not None and months > contract.involvement_max_months:
            flag = f"Ran longer than {contract.involvement_max_months} months"
        else:
            flag = ""
        return cls(months, flag)


# -- Contacts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeliness:
    """A contact's recording against the contract's timeframe (A2.7)."""

    working_days: int
    timeframe: int

    @classmethod
    def of(cls, contact_date: date, recorded_date: date, contract: Contract) -> Timeliness:
        return cls(working_days_after(contact_date, recorded_date), contract.record_timeframe_days)

    @property
    def in_time(self) -> bool:
        return self.working_days <= self.timeframe

    @property
    def words(self) -> str:
        days = self.working_days
        if days == 0:
            spoken = "recorded the same day"
        else:
            spoken = f"recorded {days} working day{'s' if days != 1 else ''} after it happened"
        if self.in_time:
            return f"On time: {spoken}, within the {self.timeframe} working days agreed."
        return f"Late: {spoken}; the contract allows {self.timeframe} working days."


def record_contact(contact: Contact, *, by: User | None, today: date) -> Contact:
    """Save a new contact, written up today (the recorded date is the system's, never typed),
    and tick off the planned contact it came from, if any."""
    contact.recorded_date = today
    contact.recorded_by = by
    with transaction.atomic():
        save_with_next_ref(contact)
        planned = getattr(contact, "_from_plan", None)
        if planned is not None:
            PlannedContact.objects.filter(pk=planned.pk, contact__isnull=True).update(
                contact=contact
            )
    return contact


def waiting_to_record(cases: QuerySet[Case], today: date) -> QuerySet[PlannedContact]:
    """Planned contacts of these cases that have happened and are not recorded yet."""
    return (
        PlannedContact.objects.filter(case__in=cases, contact__isnull=True, date__lte=today)
        .select_related("case__young_person")
        .order_by("date", "time")
    )


def upcoming(cases: QuerySet[Case], today: date) -> QuerySet[PlannedContact]:
    return (
        PlannedContact.objects.filter(case__in=cases, contact__isnull=True, date__gt=today)
        .select_related("case__young_person")
        .order_by("date", "time")
    )


# -- Closing --------------------------------------------------------------------------------


def close_case(
    case: Case, *, end_date: date, outcome: str, reason: str, note: str, by: User | None
) -> Case:
    if case.end_date is not None:
        raise CaseworkRefused("This case is already closed.")
    if end_date < case.start_date:
        raise CaseworkRefused("A case cannot close before it started.")
    case.end_date = end_date
    case.closure_outcome = outcome
    case.closure_reason = reason
    case.closure_note = note.strip()
    case._history_user = by
    case.save(update_fields=["end_date", "closure_outcome", "closure_reason", "closure_note"])
    return case


def young_person_for(contract: Contract, pk: int | str | None) -> YoungPerson | None:
    if not pk or not str(pk).isdigit():
        return None
    return contract.young_people.filter(pk=pk).first()
