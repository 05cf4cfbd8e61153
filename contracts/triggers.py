"""The machinery both sets of Tamar's database triggers share (contracts.records.triggers,
kpis.return_triggers): finding, dropping and installing a set, and rebuilding it around migrate.

A set is not written by a migration but rebuilt around every `migrate` that applies one, from
the models as the migrations leave them: SQLite drops a table's triggers when a migration
remakes it (most ALTERs do), and refuses to finish the remake while another table's trigger
names it ("error in trigger ...: no such table").
"""

# ruff: noqa: S608 - the SQL is built from model metadata (quoted names), never from input

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db import connections, transaction

ERROR = "integrity_constraint_violation"  # PostgreSQL's SQLSTATE class 23: an IntegrityError
VENDORS = ("sqlite", "postgresql")


def q(name: str) -> str:
    """A quoted SQL name."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A quoted SQL string."""
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class TriggerSet:
    """Triggers (and, on PostgreSQL, their functions) whose names start with `prefix`, made by
    `statements(apps, vendor)` from the models of an app registry or a migration state."""

    prefix: str
    statements: Callable[..., list[str]]
    # A set that refuses to delete rows is lifted by `flush` on SQLite (lifted_for_flush).
    refuses_delete: bool = False

    def create_statements(self, apps, vendor: str) -> list[str]:
        if vendor not in VENDORS:
            raise NotImplementedError(f"No {self.prefix}* triggers written for {vendor}.")
        return self.statements(apps, vendor)

    def installed(self, connection) -> set[str]:
        """The names of the set's triggers in the database."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                    [self.prefix + "%"],
                )
            else:
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                    [self.prefix + "%"],
                )
            return {name for (name,) in cursor.fetchall()}

    def expected(self, apps, vendor: str) -> set[str]:
        """The names of the triggers the models call for."""
        return {
            sql.split()[2].strip('"')
            for sql in self.create_statements(apps, vendor)
            if sql.startswith("CREATE TRIGGER")
        }

    def drop(self, connection) -> None:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for name in self.installed(connection):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {q(name)}")
            else:
                # Dropping the functions drops their triggers with them.
                cursor.execute(
                    "SELECT p.oid::regprocedure::text FROM pg_proc p "
                    "WHERE p.proname LIKE %s AND pg_function_is_visible(p.oid)",
                    [self.prefix + "%"],
                )
                for (function,) in cursor.fetchall():
                    cursor.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")

    def install(self, apps, connection) -> None:
        """Replace the set's triggers with those the models in `apps` call for."""
        statements = self.create_statements(apps, connection.vendor)
        with transaction.atomic(using=connection.alias):
            self.drop(connection)
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

    @contextmanager
    def lifted(self, connection) -> Iterator[None]:
        """The triggers gone for what runs inside, and back before it commits: one
        transaction, so no other connection ever sees the tables unguarded."""
        with transaction.atomic(using=connection.alias):
            self.drop(connection)
            yield
            self.install(global_apps, connection)

    def drop_before_migrate(self, sender, using, plan=None, **kwargs) -> None:
        if plan and connections[using].vendor in VENDORS:
            self.drop(connections[using])

    def install_after_migrate(self, sender, using, apps=global_apps, plan=None, **kwargs) -> None:
        """After a migrate (or a flush, which sends the same signal without a plan or `apps`)."""
        connection = connections[using]
        if connection.vendor not in VENDORS:
            return
        # Nothing migrated: rebuild only if some are missing (a database older than the
        # triggers), not on every deploy, since replacing a trigger locks its table.
        if plan or self.installed(connection) != self.expected(apps, connection.vendor):
            self.install(apps, connection)

    def connect(self, app_config) -> None:
        """Rebuild the set around each migrate of `app_config`'s app."""
        from django.db.models.signals import post_migrate, pre_migrate

        uid = f"{self.prefix}triggers"
        pre_migrate.connect(self.drop_before_migrate, sender=app_config, dispatch_uid=uid)
        post_migrate.connect(self.install_after_migrate, sender=app_config, dispatch_uid=uid)
        if self not in CONNECTED:
            CONNECTED.append(self)


# Every set connected by an app's ready().
CONNECTED: list[TriggerSet] = []


@contextmanager
def lifted_for_flush(connection) -> Iterator[None]:
    """The sets that refuse to delete rows lifted for what runs inside (a flush: Django empties
    an SQLite database with a DELETE per table), each back before the transaction commits."""
    with transaction.atomic(using=connection.alias), ExitStack() as stack:
        for trigger_set in CONNECTED:
            if trigger_set.refuses_delete:
                stack.enter_context(trigger_set.lifted(connection))
        yield
