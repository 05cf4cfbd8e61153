"""A contract's KPI figures for a financial year: every indicator of its framework, every period
asked, with its target and status. Reads only; the rules come from kpis.frameworks.

The number of queries depends on the framework (one or two per indicator and period, one for
the targets), never on how many records there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from contracts.models import Contract

from ..frameworks import framework_for
from .figures import IndicatorFigures, ReturnFigures, figure_json, json_number
from .indicators import Indicator, Unit
from .periods import RETURN_PERIODS, YEAR_TO_DATE, FinancialYear, Period, span_so_far
from .periods import today as today_in_london
from .rag import status_of
from .rules import Figure, Scope
from .targets import targets_for


@contextmanager
def one_snapshot() -> Iterator[None]:
    """Run a return's queries in one read-only transaction, so every figure sees the records as
    they were at one moment even while an import is committing.

    Inside a caller's transaction this is a savepoint of it, and the caller's snapshot holds.
    Otherwise:

    - SQLite: a deferred transaction. Its first query takes a read lock (or, in WAL mode, a
      snapshot) that holds until the end, so later queries see what the first saw. The
      project's connections begin transactions IMMEDIATE (config/settings.py), which takes
      the write lock at once: that is right for writes, but a return taking it would make
      every other page, import and return queue behind it. Readers in deferred transactions
      run side by side. With a rollback journal, a writer still waits for them before it
      commits, and they wait for it while it commits (or once a large write has spilled to
      the file); in WAL mode neither waits for the other.
    - PostgreSQL needs REPEATABLE READ for one snapshot, which can only be asked for as a
      transaction's first statement. Its JIT compiler is switched off for the transaction: it
      costs more to compile these short aggregate queries than they take to run.
    """
    outermost = not connection.in_atomic_block
    with _read_transaction(deferred=outermost and connection.vendor == "sqlite"):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SET LOCAL jit = off")
        yield


@contextmanager
def _read_transaction(*, deferred: bool) -> Iterator[None]:
    """`transaction.atomic()`, beginning with a plain (deferred) BEGIN on SQLite if asked.

    Django's SQLite backend begins an outermost atomic block with `BEGIN <transaction_mode>`,
    the mode read from the settings when the connection opens; the connection is opened first
    so that opening it cannot undo the change. Only that BEGIN is deferred: the mode is
    restored as soon as the transaction has begun, and everything nested (savepoints) is
    Django's as usual.
    """
    if not deferred:
        with transaction.atomic():
            yield
        return
    connection.ensure_connection()
    mode = connection.transaction_mode
    connection.transaction_mode = "DEFERRED"
    try:
        with transaction.atomic():
            connection.transaction_mode = mode
            # Read-only as PostgreSQL's is: a write here would have to turn the read lock into
            # the write lock, which SQLite may refuse at once ("database is locked") while
            # another connection writes.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = ON")
            yield
    finally:
        connection.transaction_mode = mode
        if connection.connection is not None:  # else a new connection, writable already
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")


def compute_return(
    contract: Contract,
    year: FinancialYear,
    *,
    periods: tuple[str, ...] = RETURN_PERIODS,
    today: date | None = None,
    with_status: bool = False,
) -> ReturnFigures:
    """Every figure of the contract's framework for the year's periods, live from the records.

    With `with_status`, each row also has its year-to-date figure (under "YTD") and its status
    against the target, as of `today` (read now unless given).
    """
    framework = framework_for(contract.framework)
    today = today_in_london() if today is None else today
    year_to_date = None
    elapsed = 0
    if with_status:
        elapsed = year.quarters_elapsed(today)
        year_to_date = year.year_to_date(today)
    # One scope per distinct span of days, shared by every indicator: the year to date is a
    # period like any other, and when it is the same days as Q1, H1 or FY its figures are theirs.
    # A period in progress is counted to today (its figures are "so far"); one not started is
    # not counted at all (kpis.engine.periods.span_so_far).
    wanted = [year.period(name) for name in periods]
    if year_to_date is not None:
        wanted.append(year_to_date)
    counted = {period.name: span_so_far(period, today) for period in wanted}
    distinct: dict[tuple[date, date], Period] = {}
    for span in counted.values():
        if span is not None:
            distinct.setdefault((span.start, span.end), span)
    scopes = dict(zip(distinct, Scope.for_periods(contract, list(distinct.values())), strict=True))
    named: dict[str, Scope | None] = {
        name: None if span is None else scopes[(span.start, span.end)]
        for name, span in counted.items()
    }
    rows = []
    with one_snapshot():
        targets = targets_for(contract, year)
        for indicator in framework.indicators:
            figures = {
                name: nothing_yet(indicator)
                if scope is None
                else indicator.compute(contract, scope.period, scope)
                for name, scope in named.items()
            }
            status = None
            if year_to_date is not None:
                status = status_of(
                    indicator,
                    targets[indicator.code].value,
                    figures[YEAR_TO_DATE].value,
                    elapsed,
                )
            rows.append(IndicatorFigures(indicator, targets[indicator.code], figures, status))
    return ReturnFigures(
        framework=framework,
        year=year,
        rows=tuple(rows),
        columns=tuple(named),
        quarters_elapsed=elapsed,
        as_of=today,
    )


def nothing_yet(indicator: Indicator) -> Figure:
    """The figure of a period not started: nothing counted (pages and exports show a dash and
    "not started"; the board report's sums still hold with it, FY = Q1 + Q2 + Q3 + nothing)."""
    if indicator.unit == Unit.PERCENT:
        return Figure(None, 0, 0)
    return Figure(Decimal(0) if indicator.unit == Unit.HOURS else 0)


def kpi_return_document(contract: Contract, figures: ReturnFigures) -> dict[str, Any]:
    """The document of import-format.md, "kpi_return --json"."""
    return {
        "contract": contract.ref,
        "framework": figures.framework.code,
        "financial_year": figures.year.label,
        "indicators": [
            {
                "code": row.code,
                "title": row.title,
                "unit": str(row.unit),
                "target": json_number(row.target.value),
                "periods": {
                    name: figure_json(row.indicator, row.figures[name])
                    for name in RETURN_PERIODS
                    if name in row.figures
                },
            }
            for row in figures.rows
        ],
    }
