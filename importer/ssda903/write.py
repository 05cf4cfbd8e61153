"""Write what checked SSDA903 files say, all of it or nothing, with a history row for every
care status and placement the import creates, changes or deletes (bulk writes send no
signals, so simple_history writes none by itself), and an ImportRun for every import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone

from contracts.models import CareStatus, Contract, Placement, User, YoungPerson

from ..plans import Problem
from ..services import ANALYZE_AFTER_ROWS, record_run
from ..writer import batches
from .check import IN_CARE, Ssda903Result, check_ssda903
from .episodes import Span, SpanChanges


def run_ssda903_import(
    header_path: Path,
    episodes_path: Path,
    *,
    contract: Contract,
    header_name: str | None = None,
    episodes_name: str | None = None,
    user: User | None = None,
) -> Ssda903Result:
    """Check the files again and, if they have no problem, write what they say: all or
    nothing. Either way an ImportRun records who imported which files when."""
    started_at = timezone.now()
    names = {"header_name": header_name, "episodes_name": episodes_name}
    try:
        with transaction.atomic():
            # Two imports into one contract at once would each plan against records the
            # other is about to write; the second waits here (PostgreSQL) instead.
            Contract.objects.select_for_update().filter(pk=contract.pk).values_list("pk").get()
            result = check_ssda903(header_path, episodes_path, contract=contract, **names)
            if result.ok:
                write(result, user=user, reason=f"SSDA903 import ({result.file_names})"[:100])
    except (IntegrityError, DatabaseError) as error:
        result = Ssda903Result(header_name or header_path.name, episodes_name or episodes_path.name)
        reason = (
            "the young people's records changed while the files were being imported"
            if isinstance(error, IntegrityError)
            else f"the database refused the import ({error})"
        )
        result.problems.append(
            Problem(result.episodes_name, None, None, f"{reason}, so nothing was changed")
        )
    if result.ok:
        refresh_statistics(result)
    result.run = record_run(
        result, contract=contract, user=user, file_name=f"{result.file_names} (SSDA903)",
        started_at=started_at,
    )  # fmt: skip
    return result


def write(result: Ssda903Result, *, user: User | None, reason: str) -> None:
    """Carry out a checked plan, in bulk, with a history row for every record it touches."""
    now = timezone.now()
    for model, kind, fields in (
        (CareStatus, "periods", ["end_date"]),
        (Placement, "placements", ["placement_code", "end_date"]),
    ):
        stored = result.stored[model]
        creates, updates, deletes = [], [], []
        for person in result.changes:
            changes: SpanChanges = getattr(person, kind)
            deletes += [stored[pk] for pk in changes.delete]
            for pk, span in changes.update:
                record = stored[pk]
                record.end_date = span.end
                if model is Placement:
                    record.placement_code = span.code
                updates.append(record)
            creates += [new_record(model, person.young_person, span) for span in changes.create]
        history = model.history
        # Records are matched by their first day (unique per young person), so no deletion,
        # update and creation touch the same day: no order among them can break the
        # one-start-a-day constraints. All three share the moment in their history rows.
        for batch in batches(deletes):
            history.model.objects.bulk_create(
                history_row(history.model, record, "-", user, reason, now) for record in batch
            )
            # A plain delete() would send a signal per row, and simple_history would write
            # a history row for each: a query per row. Nothing refers to these records, so
            # they go in one DELETE a batch; their history is written just above.
            leaving = model._default_manager.filter(pk__in=[record.pk for record in batch])
            leaving._raw_delete(leaving.db)
        for batch in batches(updates):
            model._default_manager.bulk_update(batch, fields)
            history.bulk_history_create(
                batch,
                update=True,
                default_user=user,
                default_change_reason=reason,
                default_date=now,
            )
        for batch in batches(creates):
            model._default_manager.bulk_create(batch)
            history.bulk_history_create(
                batch, default_user=user, default_change_reason=reason, default_date=now
            )


def new_record(model: type[models.Model], person: YoungPerson, span: Span) -> models.Model:
    if model is CareStatus:
        return CareStatus(
            young_person=person, status=IN_CARE, start_date=span.start, end_date=span.end
        )
    return Placement(
        young_person=person, placement_code=span.code, start_date=span.start, end_date=span.end
    )


def history_row(
    history_model: type[models.Model],
    record: models.Model,
    kind: str,
    user: User | None,
    reason: str,
    when: Any,
) -> models.Model:
    return history_model(
        **{field.attname: getattr(record, field.attname) for field in history_model.tracked_fields},
        history_date=when,
        history_type=kind,
        history_user=user,
        history_change_reason=reason,
    )


def refresh_statistics(result: Ssda903Result) -> None:
    """ANALYZE what a large import wrote, on PostgreSQL, as the workbook import does
    (services.refresh_statistics): a table PostgreSQL has no statistics for is planned as
    nearly empty, and A2.1 and A2.2 read these two."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model, counts in ((CareStatus, result.periods), (Placement, result.placements)):
            if counts.written + counts.deleted < ANALYZE_AFTER_ROWS:
                continue
            for table in (model._meta.db_table, model.history.model._meta.db_table):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
