"""PostgreSQL: a backup is `pg_dump -Fc` of the database, a restore `pg_restore` of it, both run
with the binaries of the server's own major version.

The dump is taken in the snapshot of a transaction that also reads the migrations and each
table's row count, so the manifest describes exactly what was dumped, whatever people save
meanwhile. A restore is one transaction (psql --single-transaction): it drops every table,
view, sequence and function of the `public` schema, then creates the backup's (triggers and
their functions, constraints and indexes after the data, as pg_dump orders them); if any
statement fails, nothing has changed. The password goes to the tools through PGPASSWORD in
their environment, never on a command line another user could read.
"""

# ruff: noqa: S603 - the tools' paths are found by `binary`, their arguments are no user's input

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .manifest import BackupError

# The objects of `public` a restore drops first: relations by kind, then functions (trigger
# functions among them) that no extension owns.
RELATIONS = """
SELECT c.relkind, quote_ident(c.relname) FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
"""
FUNCTIONS = """
SELECT quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')'
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public'
AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
"""
DROP = {
    "r": "TABLE",
    "p": "TABLE",
    "f": "FOREIGN TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
}


def server_major(connection) -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def binary(name: str, major: int) -> str:
    """The path of a client tool (pg_dump, pg_restore, psql) no older than the server: from
    PG_BINDIR if set, else Debian's folder for the server's version, else the PATH."""
    folders = [settings.PG_BINDIR] if settings.PG_BINDIR else []
    folders.append(f"/usr/lib/postgresql/{major}/bin")
    found = next(
        (str(Path(f) / name) for f in folders if (Path(f) / name).is_file()),
        None,
    ) or shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found: install PostgreSQL {major}'s client tools "
            "(Debian: postgresql-client) or set PG_BINDIR to their folder."
        )
    output = subprocess.run([found, "--version"], capture_output=True, text=True, check=False)
    version = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
    if version is None or int(version.group(1)) < major:
        raise BackupError(
            f"{found} is {output.stdout.strip() or 'of unknown version'}, older than the "
            f"server (PostgreSQL {major}): set PG_BINDIR to PostgreSQL {major}'s bin folder."
        )
    return found


def _environment(connection) -> tuple[list[str], dict[str, str]]:
    """The tools' connection arguments, and their environment with the password in it."""
    params = connection.settings_dict
    arguments = []
    if params.get("HOST"):
        arguments += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        arguments += ["--port", str(params["PORT"])]
    if params.get("USER"):
        arguments += ["--username", str(params["USER"])]
    environment = {**os.environ, "PGDATABASE": str(params["NAME"])}
    if params.get("PASSWORD"):
        environment["PGPASSWORD"] = str(params["PASSWORD"])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if option in params.get("OPTIONS", {}):
            environment[variable] = str(params["OPTIONS"][option])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


def dump_database(connection, destination: Path) -> tuple[str, list[str], dict[str, int]]:
    """pg_dump to `destination`; the server version, the migrations and the row counts, all
    of the dump's snapshot."""
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction.")
    pg_dump = binary("pg_dump", server_major(connection))
    arguments, environment = _environment(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, version = cursor.fetchone()
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        migrations = []
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
        _run(
            [pg_dump, *arguments, "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={destination}"],
            environment,
            "pg_dump",
        )  # fmt: skip
    return version, migrations, counts


def check_dump(connection, dump: Path) -> None:
    """Refuse a file pg_restore cannot read."""
    pg_restore = binary("pg_restore", server_major(connection))
    result = subprocess.run(
        [pg_restore, "--list", str(dump)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"The backup's database cannot be read: {result.stderr.strip()}")


def _drop_statements(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(RELATIONS)
        relations = cursor.fetchall()
        cursor.execute(FUNCTIONS)
        functions = [name for (name,) in cursor.fetchall()]
    # Tables first (their owned sequences and triggers go with them), then what is left.
    order = ["r", "p", "f", "m", "v", "S"]
    statements = [
        f"DROP {DROP[kind]} IF EXISTS public.{name} CASCADE;"
        for kind in order
        for relkind, name in relations
        if relkind == kind
    ]
    return statements + [f"DROP FUNCTION IF EXISTS public.{name} CASCADE;" for name in functions]


def restore_database(connection, dump: Path, workdir: Path) -> None:
    """Replace the database's `public` schema with the dump's, in one transaction."""
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    major = server_major(connection)
    pg_restore, psql = binary("pg_restore", major), binary("psql", major)
    arguments, environment = _environment(connection)
    script = workdir / "restore.sql"
    _run(
        [pg_restore, "--no-owner", "--no-privileges", f"--file={script}", str(dump)],
        environment,
        "Reading the backup's database (pg_restore)",
    )
    drop = workdir / "drop.sql"
    drop.write_text("\n".join(_drop_statements(connection)) + "\n", encoding="utf-8")
    # Our own connection would hold locks the drops wait for.
    connection.close()
    _run(
        [psql, *arguments, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1",
         "--single-transaction", f"--file={drop}", f"--file={script}"],
        environment,
        "The restore (psql)",
    )  # fmt: skip
