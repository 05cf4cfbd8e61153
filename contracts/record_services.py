"""Writes for the records screens that must happen all at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from .models import Attendance, Session


@dataclass(frozen=True)
class RegisterChange:
    added: int
    removed: int
    attended: int


def record_attendance(*, session: Session, young_person_ids: Iterable[int]) -> RegisterChange:
    """Make a session's attendance exactly the given young people.

    The caller has checked that they belong to the session's contract. One delete and one
    insert, whatever the number of people, in one transaction: a failure leaves the register
    as it was.
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
        if to_remove:
            Attendance.objects.filter(session=session, young_person_id__in=to_remove).delete()
        if to_add:
            Attendance.objects.bulk_create(
                [Attendance(session=session, young_person_id=pk) for pk in sorted(to_add)]
            )
    return RegisterChange(added=len(to_add), removed=len(to_remove), attended=len(wanted))
