"""Writes for the records screens that must happen all at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ..models import Attendance, Session, User
from .refs import next_ref

# Tries before giving up on finding a free reference: each lost try means someone else saved
# a record of the same kind on the same contract in the same instant.
REF_ATTEMPTS = 5


@dataclass(frozen=True)
class RegisterChange:
    added: int
    removed: int
    attended: int


def record_attendance(
    *, session: Session, young_person_ids: Iterable[int], by: User | None
) -> RegisterChange:
    """Make a session's attendance exactly the given young people.

    The caller has checked that they belong to the session's contract. One delete and one
    insert, whatever the number of people, in one transaction: a failure leaves the register
    as it was. Bulk writes send no signals, so the history rows (who ticked or unticked whom)
    are written here, in bulk too.
    """
    wanted = set(young_person_ids)
    with transaction.atomic():
        # Lock the session so two people saving the same register at once take turns: the
        # second sees the first's rows and the set it saves is the one that stays.
        Session.objects.select_for_update().filter(pk=session.pk).values_list("pk").get()
        recorded = set(
            Attendance.objects.filter(session=session).values_list("young_person_id", flat=True)
        )
        to_remove = recorded - wanted
        to_add = wanted - recorded
        now = timezone.now()
        if to_remove:
            leaving = Attendance.objects.filter(session=session, young_person_id__in=to_remove)
            Attendance.history.model.objects.bulk_create(
                Attendance.history.model(
                    id=row.pk,
                    session_id=row.session_id,
                    young_person_id=row.young_person_id,
                    history_date=now,
                    history_type="-",
                    history_user=by,
                )
                for row in leaving
            )
            # A plain delete() would send a post_delete signal per row, and simple_history would
            # write one history row per signal: a query per row. Attendance has nothing that
            # depends on it, so the rows go in one DELETE; their history was written above.
            leaving._raw_delete(leaving.db)
        if to_add:
            added = Attendance.objects.bulk_create(
                [Attendance(session=session, young_person_id=pk) for pk in sorted(to_add)]
            )
            Attendance.history.bulk_history_create(added, default_user=by, default_date=now)
    return RegisterChange(added=len(to_add), removed=len(to_remove), attended=len(wanted))


def save_with_next_ref(record: models.Model) -> models.Model:
    """Save a new record of a contract under the contract's next free reference (refs.py).

    Two people saving at once can read the same "next" reference. The database's unique
    constraint (contract, ref) lets the first in; the other's insert fails, is rolled back to
    its savepoint, and tries again with the reference after. (On SQLite the write lock, taken
    when the transaction begins, already makes them take turns.) Any other failure is not
    this function's to mend: it is raised as it came.
    """
    model = type(record)
    for _attempt in range(REF_ATTEMPTS):
        record.ref = next_ref(model, record.contract)
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            if not model._default_manager.filter(contract=record.contract, ref=record.ref).exists():
                raise
        else:
            return record
    raise IntegrityError(
        f"No free {model._meta.verbose_name} reference after {REF_ATTEMPTS} tries."
    )
