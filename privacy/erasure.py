"""Erasing a young person: their name, date of birth, council ids and every word written by or
about them are overwritten in every table about them (discovery.person_tables), history tables
included, in one transaction. The rows stay, so counts stay: an attendance is still an
attendance of YP-0042, a care status still a care status. Approved returns are not touched at
all (their figures were frozen when they were submitted).

What is kept, and why, is in KEPT below; tests/privacy/test_erasure_fields.py fails when a
table about a young person gains a text field that is in neither list.
"""

from __future__ import annotations

from datetime import date

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast

from audit.models import AuditEvent, Kind
from contracts.models import User, YoungPerson

from .discovery import Table, person_tables
from .models import Erasure, LegalHold

ERASED = "(erased)"

# Field by field: what each table loses. A blank field stays blank; any other value becomes
# ERASED unless a replacement is given.
ERASED_FIELDS: dict[str, tuple[str, ...]] = {
    "contracts.YoungPerson": ("first_name", "last_name", "la_child_id"),
    "contracts.Feedback": ("comment",),
    "contracts.Referral": ("referrer", "decision_note"),
    "contracts.Case": ("closure_note",),
    "contracts.Contact": ("with_whom", "notes"),
    "contracts.Assessment": ("title", "notes"),
    "contracts.PlannedContact": ("with_whom",),
    "contracts.SupportPlan": ("goals", "young_persons_words"),
    "contracts.PlanReview": ("progress", "young_persons_words"),
    "funds4care.Application": ("purpose", "reason", "quote", "decline_reason"),
    "funds4care.ApplicationEvent": ("comment",),
    "funds4care.Payment": ("reference",),
    "funds4care.Score": ("comment",),
    "mentoring.Mentor": ("name", "dbs_ref"),
    "mentoring.Match": ("closure_note",),
    "mentoring.SupportedAppointment": ("notes",),
    "mentoring.MenteeReferral": ("referrer", "needs_note", "preferences", "withdrawn_reason"),
    "mentoring.MatchGoal": ("text",),
    "mentoring.MatchReview": ("notes",),
    "mentoring.GoalProgress": ("note",),
    "privacy.LegalHold": ("reason",),
}
REPLACEMENTS: dict[str, str] = {
    "contracts.YoungPerson.first_name": "Erased",
    "contracts.YoungPerson.last_name": "young person",
    "contracts.YoungPerson.la_child_id": "",
    "mentoring.Mentor.name": "Erased mentor",
    "mentoring.Mentor.dbs_ref": "",
}
# Tables whose rows are deleted, files and all: nothing counts them.
DELETED: dict[str, str] = {
    "funds4care.ApplicationFile": "quotes and letters attached to an application name them; "
    "no figure counts the files",
}
# Text fields of tables about a young person that stay, with the reason. Codes (fields with
# choices), references, dates, numbers and links stay everywhere: the figures count them.
KEPT: dict[str, str] = {
    "contracts.YoungPerson.locality": "a district, needed for the figures' breakdowns",
    "contracts.InformationProvided.method": "how information was given (a leaflet, a talk)",
    "contracts.Accreditation.award": "the award's name",
    "funds4care.Funds4CareRole.role": "the role's name",
    "funds4care.Funds4CareRole.training": "the training's name",
    "funds4care.ApplicationEvent.action": "a workflow step",
    "funds4care.ApplicationEvent.from_status": "a workflow status",
    "funds4care.ApplicationEvent.to_status": "a workflow status",
    "mentoring.Mentor.locality": "a district, needed for the figures' breakdowns",
    "mentoring.MenteeReferral.locality": "a district, needed for the figures' breakdowns",
    "mentoring.Supervision.led_by": "a supervision is a staff meeting about several mentors: "
    "it is kept whole for the others (the link to the erased mentor stays, their name goes)",
    "mentoring.Supervision.risk": "as led_by",
    "mentoring.Supervision.safeguarding": "as led_by",
    "mentoring.Supervision.wellbeing": "as led_by",
    "mentoring.Supervision.notes": "as led_by",
}


class ErasureRefused(Exception):
    """Said to the person asking: a legal hold is in force, or no reason was given."""


def coarsened_birth_date(born: date) -> date:
    """The first of the month they were born in: their age band on any day is then still
    right but for at most the days of that month, and the day itself is gone."""
    return born.replace(day=1)


def _updates(label: str) -> dict[str, object]:
    updates = {}
    for name in ERASED_FIELDS.get(label, ()):
        replacement = REPLACEMENTS.get(f"{label}.{name}", ERASED)
        updates[name] = Case(
            When(**{name: ""}, then=Value("")), default=Value(replacement), output_field=CharField()
        )
    return updates


def _deleted_files(table: Table, person_pk: int) -> list[tuple[object, str]]:
    files = [f for f in table.model._meta.concrete_fields if isinstance(f, models.FileField)]
    return [
        (field.storage, name)
        for field in files
        for name in table.rows(person_pk).values_list(field.attname, flat=True)
        if name
    ]


def _forget_admin_log(table: Table, person_pk: int) -> int:
    """The admin's log keeps each changed record's name as it was (`object_repr`)."""
    content_type = ContentType.objects.get_for_model(table.model)
    ids = table.rows(person_pk).annotate(text_id=Cast("pk", CharField())).values("text_id")
    return LogEntry.objects.filter(content_type=content_type, object_id__in=ids).update(
        object_repr=ERASED
    )


@transaction.atomic
def erase_young_person(
    *, person: YoungPerson, by: User | None, reason: str, via: str = "privacy:erase"
) -> Erasure:
    """Anonymise `person` in every table about them; refused while a legal hold is in force.
    `by` is None when the retention command does it unattended."""
    reason = reason.strip()
    if not reason:
        raise ErasureRefused("Say why the young person is being erased.")
    # Locked, so a hold placed meanwhile waits for this to finish (or this for it).
    person = YoungPerson.objects.select_for_update().select_related("contract").get(pk=person.pk)
    if LegalHold.objects.in_force().filter(young_person=person).exists():
        raise ErasureRefused(f"{person.ref} is under a legal hold: lift it first.")
    changed = deleted = 0
    files = []
    born = coarsened_birth_date(person.date_of_birth)
    for table in person_tables():
        label = table.label
        if label in DELETED:
            files += _deleted_files(table, person.pk)
            deleted += table.rows(person.pk).delete()[0]
            continue
        updates = _updates(label)
        if table.model is YoungPerson:
            updates["date_of_birth"] = Value(born)
        changed += _forget_admin_log(table, person.pk)
        if not updates:
            continue
        changed += table.rows(person.pk).update(**updates)
        history = table.history_rows(person.pk)
        if history is not None:
            changed += history.update(**updates)
    # One history row of the young person saying who erased them (holding no name).
    person.refresh_from_db()
    person._history_user = by
    person._change_reason = "Erased"
    person.save()
    erasure = Erasure.objects.create(
        contract_pk=person.contract_id,
        young_person_pk=person.pk,
        contract_ref=person.contract.ref,
        young_person_ref=person.ref,
        reason=reason,
        by=by,
        rows_changed=changed,
        rows_deleted=deleted,
    )
    AuditEvent.objects.create(
        user=by,
        username=by.get_username() if by else "",
        kind=Kind.ERASURE,
        url_name=via,
        contract_pk=person.contract_id,
        young_person_pk=person.pk,
    )
    # The files go once the rows' removal is committed (never files without their rows).
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return erasure
