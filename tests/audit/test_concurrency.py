"""Requests at the same moment each leave their row: the audit loses none."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from audit.writer import write
from tests import factories
from tests.concurrency import at_once

# Rows written by other threads must be committed to be seen: a transactional test.
pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 20


def only_on_postgresql():
    if connection.vendor != "postgresql":
        # SQLite's test database is one in-memory database shared between threads
        # (cache=shared): there a second writer is refused at once ("database table is
        # locked") rather than waiting its turn as it does on a real SQLite file, so the
        # threads would test the test database, not the audit.
        pytest.skip("threads writing at once need PostgreSQL (the test SQLite is in memory)")


def test_twenty_requests_at_once_leave_twenty_rows(contract_a, provider_a_worker):
    only_on_postgresql()
    person = factories.YoungPersonFactory(contract=contract_a)
    url = reverse("contracts:young_person_detail", args=[contract_a.pk, person.pk])
    clients = []
    for _ in range(PARALLEL):
        client = Client()
        client.force_login(provider_a_worker)
        clients.append(client)
    results = at_once(*(lambda client=client: client.get(url).status_code for client in clients))
    assert results == [200] * PARALLEL
    rows = AuditEvent.objects.filter(kind="view", url_name="contracts:young_person_detail")
    assert rows.count() == PARALLEL
    assert set(rows.values_list("young_person_pk", flat=True)) == {person.pk}


def test_the_writer_called_at_once_loses_no_row(provider_a_worker):
    only_on_postgresql()

    def failed_sign_in(n: int):
        return lambda: write("login_failed", None, username=f"guess.{n}").pk

    results = at_once(*(failed_sign_in(n) for n in range(PARALLEL)))
    assert all(isinstance(pk, int) for pk in results), results
    assert set(
        AuditEvent.objects.filter(kind="login_failed").values_list("username", flat=True)
    ) == {f"guess.{n}" for n in range(PARALLEL)}
