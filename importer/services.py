"""The import as the command and the page use it: check a file, or check and write it.

`preview_import` checks and plans, changing nothing. `run_import` checks again and writes,
all in one transaction: any problem (or a write that fails because the records changed
meanwhile) leaves the database exactly as it was. Either way an `ImportRun` records who
imported which file when, and how it went.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from contracts.models import Contract, ImportRun, User
from contracts.safety import RefusedFile

from .engine import Checker
from .plans import Counts, ImportCheck, Problem, Progress
from .schema import TABLES_BY_NAME
from .sources import open_source
from .writer import write


@dataclass
class ImportResult:
    file_name: str
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    contract: Contract | None = None
    run: ImportRun | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts_as_dict(self) -> dict[str, dict[str, int]]:
        return {table: counts.as_dict() for table, counts in self.counts.items()}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a file is checked and written.

    A county's import holds a million small tuples and dicts alive at once (its rows, keys and
    the contract's stored records), and the collector walks them again and again as they pile
    up: a fifth of the check's time, for no garbage, as the import makes no cycles to speak of.
    Freed memory is still freed at once (reference counting); the collector resumes after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def refused(file_name: str, reason: str) -> ImportResult:
    return ImportResult(file_name, problems=[Problem(file_name, None, None, reason)])


def check(
    source_path: Path,
    *,
    file_name: str,
    contract: Contract | None,
    may_change_contract: bool,
    progress: Progress | None,
) -> tuple[ImportResult, ImportCheck | None]:
    try:
        source = open_source(source_path, file_name)
    except RefusedFile as error:
        return refused(file_name, str(error)), None
    except OSError as error:
        return refused(file_name, f"{file_name} cannot be read ({error.strerror or error})."), None
    with source, collector_paused():
        checked = Checker(
            source,
            contract=contract,
            may_change_contract=may_change_contract,
            progress=progress,
        ).run()
    result = ImportResult(
        file_name, problems=checked.problems, counts=checked.counts(), contract=checked.contract
    )
    return result, checked


def preview_import(
    source_path: Path,
    *,
    file_name: str,
    contract: Contract | None = None,
    may_change_contract: bool = True,
) -> ImportResult:
    """What importing the file would do, and every problem; nothing is written."""
    result, _checked = check(
        source_path,
        file_name=file_name,
        contract=contract,
        may_change_contract=may_change_contract,
        progress=None,
    )
    return result


def run_import(
    source_path: Path,
    *,
    file_name: str | None = None,
    contract: Contract | None = None,
    may_change_contract: bool = True,
    user: User | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check the file and, if it has no problem, write it: all of it or nothing."""
    file_name = file_name or source_path.name
    started_at = timezone.now()
    try:
        with transaction.atomic():
            if contract is not None:
                # Two imports into one contract at once would each plan against records the
                # other is about to write; the second waits here (PostgreSQL) instead.
                contract = (
                    Contract.objects.select_related("commissioner", "provider")
                    .select_for_update(of=("self",))
                    .get(pk=contract.pk)
                )
            result, checked = check(
                source_path,
                file_name=file_name,
                contract=contract,
                may_change_contract=may_change_contract,
                progress=progress,
            )
            if checked is not None and checked.ok:
                with collector_paused():
                    result.contract = write(
                        checked,
                        user=user,
                        reason=f"Imported from {file_name}"[:100],
                        progress=progress,
                    )
    except IntegrityError:
        result = refused(
            file_name,
            "the contract's records changed while this file was being imported, so nothing "
            "was changed: import it again",
        )
    except DatabaseError as error:
        # A database refusing a write it should have accepted is a bug in the checks; the
        # transaction is rolled back and the person is told, rather than shown a crash.
        result = refused(
            file_name, f"the database refused the import, so nothing changed ({error})"
        )
    if result.ok:
        refresh_statistics(result)
    result.run = record_run(
        result, contract=result.contract or contract, user=user, file_name=file_name,
        started_at=started_at,
    )  # fmt: skip
    return result


def record_run(result, *, contract, user, file_name: str, started_at) -> ImportRun:
    """The import's line in the contract's log: who, when, which file, and what came of it
    (the workbook import's and the SSDA903 import's alike)."""
    return ImportRun.objects.create(
        contract=contract,
        user=user,
        file_name=file_name[:255],
        started_at=started_at,
        finished_at=max(timezone.now(), started_at),
        outcome=ImportRun.Outcome.IMPORTED if result.ok else ImportRun.Outcome.REFUSED,
        counts=result.counts_as_dict() if result.ok else {},
        problem_count=len(result.problems),
    )


# Rows written to a table before PostgreSQL is told to look at it again.
ANALYZE_AFTER_ROWS = 1000


def refresh_statistics(result: ImportResult) -> None:
    """ANALYZE the tables a large import wrote, on PostgreSQL.

    Until autovacuum gets round to it (a minute or more), a freshly filled table has no
    statistics, and PostgreSQL plans the KPI queries as if it held a handful of rows: a full
    return then took minutes instead of 2 s on the benchmark's data. SQLite plans without
    statistics, so there is nothing to do there.
    """
    if connection.vendor != "postgresql":
        return
    tables = [
        TABLES_BY_NAME[name]
        for name, counts in result.counts.items()
        if name in TABLES_BY_NAME and counts.created + counts.updated >= ANALYZE_AFTER_ROWS
    ]
    with connection.cursor() as cursor:
        for table in tables:
            for model in (
                table.model,
                getattr(getattr(table.model, "history", None), "model", None),
            ):
                if model is not None:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
