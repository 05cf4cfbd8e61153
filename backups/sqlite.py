"""SQLite: a backup is a copy of the database file made with SQLite's online backup API, and a
restore copies it back the same way.

The backup API copies the database page by page under a read lock, so the copy is the database
as it was at one moment even while people are saving, and it is the whole database: tables,
indexes, constraints and the triggers that keep the audit and approved returns append-only
(audit.triggers, kpis.returns.triggers) and the records whole (contracts.records.triggers).
A restore replaces the database's pages in one step: another connection sees the old database
or the new one, never a mixture.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from contracts.triggers import q

from .manifest import BackupError


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _raw(connection) -> sqlite3.Connection:
    if connection.in_atomic_block:
        raise BackupError("A backup or restore cannot run inside a transaction.")
    connection.ensure_connection()
    return connection.connection


def copy_database(connection, destination: Path) -> None:
    """The live database, copied to a new file at `destination`."""
    with closing(sqlite3.connect(destination)) as target:
        _raw(connection).backup(target)
        # The copy is a plain file: no write-ahead log beside it to lose.
        target.execute("PRAGMA journal_mode=DELETE")


def state_of(path: Path) -> tuple[str, list[str], dict[str, int]]:
    """The SQLite version, the migrations applied and each table's rows, read from a copy."""
    with closing(_read_only(path)) as copy:
        tables = [
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        # The names are the database's own tables, quoted.
        counts = {
            table: copy.execute(f"SELECT COUNT(*) FROM {q(table)}").fetchone()[0]  # noqa: S608
            for table in tables
        }
        migrations = []
        if "django_migrations" in tables:
            migrations = [
                f"{app}.{name}"
                for app, name in copy.execute("SELECT app, name FROM django_migrations")
            ]
    return sqlite3.sqlite_version, migrations, counts


def check_copy(path: Path) -> None:
    """Refuse a file that is not a sound SQLite database."""
    try:
        with closing(_read_only(path)) as copy:
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The backup's database cannot be read: {error}.") from None
    if result != "ok":
        raise BackupError(f"The backup's database is damaged: {result}. Nothing was changed.")


def restore_database(connection, source: Path) -> None:
    """Replace the live database with the copy at `source`, in one step."""
    with closing(_read_only(source)) as copy:
        copy.backup(_raw(connection))
