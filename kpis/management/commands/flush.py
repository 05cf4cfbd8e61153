"""python manage.py flush: Django's, able to empty an SQLite database holding approved returns.

Django empties an SQLite database with one DELETE per table (PostgreSQL: TRUNCATE, which fires
no row trigger), and the triggers of kpis.returns.triggers refuse to delete an approved return or
any history row (audit's, any row of the audit). This command, which replaces Django's (an app's
command wins over Django's own, and the test teardown of transactional tests calls it by name),
lifts every set of triggers that refuses deletes (`contracts.triggers.lifted_for_flush`) inside
the transaction that empties the tables and puts them back before it commits.
"""

from __future__ import annotations

from django.core.management.commands import flush
from django.db import connections

from contracts.triggers import lifted_for_flush


class Command(flush.Command):
    def handle(self, **options) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        if options["interactive"]:
            # Asked before the transaction begins, so nobody waits on its lock for an answer.
            confirm = input(
                "You have requested a flush of the database.\n"
                "This will IRREVERSIBLY DESTROY all data currently in the "
                f'"{connection.settings_dict["NAME"]}" database,\n'
                "and return each table to an empty state.\n"
                "Are you sure you want to do this?\n\n"
                "    Type 'yes' to continue, or 'no' to cancel: "
            )
            if confirm != "yes":
                self.stdout.write("Flush cancelled.")
                return None
            options = {**options, "interactive": False}
        with lifted_for_flush(connection):
            return super().handle(**options)
