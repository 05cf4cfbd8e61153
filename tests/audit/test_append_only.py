"""The database keeps the audit append-only, on SQLite and PostgreSQL alike: no UPDATE, no
DELETE, by the ORM or by raw SQL; only a deleted account's rows lose the link to it."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from audit import triggers
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(provider_a_worker):
    return AuditEvent.objects.create(
        user=provider_a_worker,
        username="worker.a",
        kind="view",
        url_name="contracts:young_people",
        path="/contracts/1/young-people/",
        status_code=200,
        contract_pk=1,
    )


def refused(call) -> str:
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        call()
    return str(error.value)


def test_the_triggers_are_installed_by_migrate():
    installed = triggers.TRIGGERS.installed(connection)
    assert installed
    assert installed == triggers.TRIGGERS.expected(apps, connection.vendor)


def test_the_orm_cannot_change_a_row(event):
    event.kind = "export"
    assert "append-only" in refused(event.save)
    assert "append-only" in refused(lambda: AuditEvent.objects.update(path="/elsewhere/"))
    # Nor quietly take the user away while changing something else.
    assert "append-only" in refused(
        lambda: AuditEvent.objects.update(user=None, username="someone.else")
    )
    event.refresh_from_db()
    assert (event.kind, event.path, event.username) == (
        "view",
        "/contracts/1/young-people/",
        "worker.a",
    )


def test_the_orm_cannot_delete_a_row(event):
    assert "append-only" in refused(event.delete)
    assert "append-only" in refused(AuditEvent.objects.all().delete)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_cannot_change_or_delete_a_row(event):
    table = AuditEvent._meta.db_table

    def run(sql: str, params: list):
        def call():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)

        return call

    assert "append-only" in refused(
        run(f"UPDATE {table} SET status_code = %s WHERE id = %s", [500, event.pk])  # noqa: S608
    )
    assert "append-only" in refused(
        run(f"UPDATE {table} SET username = %s", ["nobody"])  # noqa: S608
    )
    assert "append-only" in refused(run(f"DELETE FROM {table} WHERE id = %s", [event.pk]))  # noqa: S608
    assert "append-only" in refused(run(f"DELETE FROM {table}", []))  # noqa: S608
    event.refresh_from_db()
    assert (event.status_code, event.username) == (200, "worker.a")


def test_a_deleted_account_leaves_its_rows_with_the_username(event, provider_a_worker):
    provider_a_worker.delete()
    event.refresh_from_db()
    assert event.user is None
    assert (event.username, event.kind, event.status_code) == ("worker.a", "view", 200)
    # And once unlinked, the row is as fixed as any other.
    assert "append-only" in refused(lambda: AuditEvent.objects.update(username="someone.else"))


def test_rows_are_still_added(event):
    AuditEvent.objects.create(username="worker.a", kind="logout")
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_audit_and_puts_the_triggers_back(event):
    """Tests that commit are emptied by `flush` after them: on SQLite a DELETE per table, which
    it lets through by lifting the triggers inside its own transaction."""
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    assert triggers.TRIGGERS.installed(connection) == triggers.TRIGGERS.expected(
        apps, connection.vendor
    )
    AuditEvent.objects.create(username="worker.a", kind="logout")
    assert "append-only" in refused(AuditEvent.objects.all().delete)
