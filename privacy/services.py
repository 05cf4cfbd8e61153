"""Placing and lifting legal holds, and writing down a subject access export (free of HTTP)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEvent, Kind
from contracts.models import User, YoungPerson

from .models import LegalHold


class HoldRefused(Exception):
    """Said to the person: a hold is in force already, or none is to lift, or no reason."""


@transaction.atomic
def place_hold(*, person: YoungPerson, by: User, reason: str) -> LegalHold:
    reason = reason.strip()
    if not reason:
        raise HoldRefused("Say why the records must be kept.")
    # Locked like erasure locks it: a hold and an erasure never cross.
    YoungPerson.objects.select_for_update().filter(pk=person.pk).first()
    try:
        with transaction.atomic():
            return LegalHold.objects.create(young_person=person, reason=reason, placed_by=by)
    except IntegrityError as error:  # legal_hold_one_in_force
        raise HoldRefused(f"{person.ref} is under a legal hold already.") from error


@transaction.atomic
def lift_hold(*, person: YoungPerson, by: User) -> LegalHold:
    hold = LegalHold.objects.select_for_update().in_force().filter(young_person=person).first()
    if hold is None:
        raise HoldRefused(f"{person.ref} is under no legal hold.")
    hold.lifted_at = timezone.now()
    hold.lifted_by = by
    hold.save(update_fields=["lifted_at", "lifted_by"])
    return hold


def record_export(*, person: YoungPerson, by: User | None, via: str) -> AuditEvent:
    """The audit row of an export made outside a page (the command): a page's export is
    written by the audit's middleware, with the address it was asked from."""
    return AuditEvent.objects.create(
        user=by,
        username=by.get_username() if by else "",
        kind=Kind.SUBJECT_ACCESS,
        url_name=via,
        contract_pk=person.contract_id,
        young_person_pk=person.pk,
    )
