"""A return reads the records in one snapshot, and on SQLite without taking the write lock.

The project's SQLite connections begin every transaction IMMEDIATE (config/settings.py), which
takes the write lock at once. A return is read-only: it begins deferred, so two returns run side
by side while an import writes, and neither sees what was written after it began.
"""

import copy
import sqlite3
import threading
from datetime import date

import pytest
from django.db import (
    DEFAULT_DB_ALIAS,
    InternalError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.backends.sqlite3.base import DatabaseWrapper

from kpis.engine.compute import compute_return, kpi_return_document, one_snapshot
from kpis.engine.periods import FinancialYear
from kpis.models import Target

from .datasets import make_cornwall_records
from .helpers import attend, person

pytestmark = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking")

FY2025 = FinancialYear(2025)
WAIT = 20  # seconds: far longer than a small return takes, far shorter than a hung test


def q1_return(contract) -> dict:
    """A return of one period: every indicator, a seventh of a year's queries."""
    return kpi_return_document(contract, compute_return(contract, FY2025, periods=("Q1",)))


def participants_in_q1(kpi_return: dict) -> int:
    row = next(row for row in kpi_return["indicators"] if row["code"] == "1.2")
    return row["periods"]["Q1"]["value"]


def file_database(tmp_path, journal_mode: str) -> dict:
    """A copy of the test database in a file (the test database is in memory, where SQLite
    locks differently), and the settings of a connection to it."""
    path = tmp_path / "tamar.sqlite3"
    connection.ensure_connection()
    copied = sqlite3.connect(path)
    connection.connection.backup(copied)
    copied.execute(f"PRAGMA journal_mode = {journal_mode}")
    copied.close()
    settings = copy.deepcopy(connection.settings_dict)
    settings["NAME"] = str(path)
    return settings


def in_a_thread(settings: dict, work, results: dict, name: str) -> threading.Thread:
    """Run `work` in a thread whose default connection is to the file database."""

    def run() -> None:
        own = DatabaseWrapper(settings, alias=DEFAULT_DB_ALIAS)
        connections[DEFAULT_DB_ALIAS] = own  # this thread's only: connections are per thread
        try:
            results[name] = work()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            results[name] = error
        finally:
            own.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


@sqlite_only
@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_two_returns_compute_at_once_while_a_third_connection_writes(ep, tmp_path, journal_mode):
    make_cornwall_records(ep, scale=1)
    settings = file_database(tmp_path, journal_mode)
    assert settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"  # as the project runs
    both_reading = threading.Barrier(3, timeout=WAIT)  # two returns in their snapshots, a writer
    written = threading.Event()
    results: dict = {}

    def a_return() -> tuple[dict, dict]:
        with one_snapshot():
            first = q1_return(ep)
            both_reading.wait()  # only passes if the other return is in its snapshot too
            assert written.wait(WAIT)
            again = q1_return(ep)
        return first, again

    def a_write() -> None:
        both_reading.wait()
        with transaction.atomic():  # IMMEDIATE: the write lock, while both returns read
            newcomer = person(ep, ref="NEW-1", date_of_birth=date(2010, 1, 1))
            attend(ep, newcomer, date(2025, 5, 1))
            written.set()
        # Committed: with a rollback journal, once both returns have ended; in WAL mode, at once.

    threads = [
        in_a_thread(settings, a_return, results, "first return"),
        in_a_thread(settings, a_return, results, "second return"),
        in_a_thread(settings, a_write, results, "write"),
    ]
    for thread in threads:
        thread.join(3 * WAIT)
    assert not any(thread.is_alive() for thread in threads)
    failures = {name: result for name, result in results.items() if isinstance(result, Exception)}
    assert failures == {}
    assert results["write"] is None
    # Each return saw the records as they were when it began, before and after the write.
    for name in ("first return", "second return"):
        first, again = results[name]
        assert again == first
    before = participants_in_q1(results["first return"][0])
    assert participants_in_q1(results["second return"][0]) == before

    later = in_a_thread(settings, lambda: q1_return(ep), results, "later")
    later.join(WAIT)
    assert participants_in_q1(results["later"]) == before + 1


def test_a_snapshot_refuses_writes_and_leaves_the_connection_as_it_was(ep):
    # SQLite: "attempt to write a readonly database"; PostgreSQL: "cannot execute INSERT in a
    # read-only transaction".
    with pytest.raises((OperationalError, InternalError), match="read-?only"), one_snapshot():
        Target.objects.create(contract=ep, financial_year=2025, indicator="1.2", value=1)
    if connection.vendor == "sqlite":
        assert connection.transaction_mode == "IMMEDIATE"
    assert not connection.in_atomic_block
    Target.objects.create(contract=ep, financial_year=2025, indicator="1.2", value=1)
    assert Target.objects.count() == 1


def test_inside_a_callers_transaction_a_snapshot_is_part_of_it(ep):
    with transaction.atomic():
        Target.objects.create(contract=ep, financial_year=2025, indicator="1.2", value=1)
        with one_snapshot():
            assert compute_return(ep, FY2025).rows[1].target.value == 1
        Target.objects.filter(indicator="1.2").update(value=2)
    assert Target.objects.get().value == 2
