"""A backup of the two worked examples' records and returns (one approved, with an attachment),
restored into an empty database, gives the same rows, the same files and the same return
figures, and the append-only triggers still refuse changes.

On PostgreSQL the empty database is a second one created on the test's server and dropped
afterwards; on SQLite a new file. The default connection is pointed at it for the restore and
the checks, so the application's own code (the return engine, the triggers) reads it.
"""

import json
from contextlib import contextmanager
from datetime import date
from io import StringIO
from uuid import uuid4

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction

from audit.models import AuditEvent
from backups.services import row_counts
from contracts.models import Contract, Role, Session, YoungPerson
from kpis.models import Return, ReturnAttachment, ReturnEvent, ReturnStatus
from kpis.returns.attachments import attach_file
from kpis.returns.due import open_returns
from kpis.returns.workflow import approve_return, comment_on_indicator, submit_return
from tests.documents import pdf
from tests.examples import EXAMPLES
from tests.factories import UserFactory
from tests.returns.test_workflow_services import explain_everything

pytestmark = pytest.mark.django_db(transaction=True)

AFTER_THE_YEAR = date(2026, 5, 1)
ATTACHMENT = pdf(pages=2)


def quietly(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@contextmanager
def empty_database(tmp_path):
    """The default connection pointed at a new, empty database, then back."""
    original = connections[DEFAULT_DB_ALIAS]
    params = {**original.settings_dict}
    name = f"tamar_restore_{uuid4().hex[:12]}"
    if original.vendor == "postgresql":
        with original.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        params["NAME"] = name
    else:
        params["NAME"] = str(tmp_path / f"{name}.sqlite3")
    restored = original.__class__(params, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = restored
    try:
        yield restored
    finally:
        restored.close()
        connections[DEFAULT_DB_ALIAS] = original
        if original.vendor == "postgresql":
            with original.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def kpi_json(ref: str) -> dict:
    return json.loads(quietly("kpi_return", "--contract", ref, "--year", "2025", "--json"))


def what_is_held() -> dict:
    """Everything the comparison reads: rows per table, a sample of rows, the returns."""
    return {
        "counts": row_counts(),
        "young_people": list(
            YoungPerson.objects.order_by("pk").values_list(
                "pk",
                "contract__ref",
                "ref",
                "first_name",
                "last_name",
                "date_of_birth",
                "locality",
            )[::7]
        ),  # fmt: skip
        "sessions": list(Session.objects.order_by("pk").values()[::5]),
        "returns": list(Return.objects.order_by("pk").values()),
        "events": list(ReturnEvent.objects.order_by("pk").values()),
        "audit": list(AuditEvent.objects.order_by("pk").values()),
        "figures": {ref: kpi_json(ref) for ref in ("EP-1", "YPT-1")},
    }


@pytest.fixture
def examples(settings):
    """Both worked examples imported; EP-1's Q1 2025/26 approved with a file attached and a
    comment, its Q2 submitted; an audit row."""
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        for folder in ("ep", "ypt"):
            quietly("import_records", str(EXAMPLES / folder))
        ep = Contract.objects.get(ref="EP-1")
        manager = UserFactory(role=Role.PROVIDER_MANAGER, organisation=ep.provider)
        commissioner = UserFactory(role=Role.COMMISSIONER, organisation=ep.commissioner)
        open_returns(contract=ep)
        q1, q2 = (ep.returns.get(financial_year=2025, period=p) for p in ("Q1", "Q2"))
        attach_file(ret=q1, by=manager, upload=SimpleUploadedFile("visits.pdf", ATTACHMENT))
        for ret in (q1, q2):
            explain_everything(ret, manager)
            submit_return(ret=ret, by=manager)
        comment_on_indicator(ret=q1, indicator="1.2", by=commissioner, text="Why so low?")
        approve_return(ret=q1, by=commissioner)
        AuditEvent.objects.create(user=commissioner, username=commissioner.username, kind="view")
    return q1


def refused(sql: str, params: list) -> bool:
    """Whether the database refuses the statement as a trigger does (an IntegrityError; a
    missing table would be another error, and fail the test)."""
    try:
        with transaction.atomic(), connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError:
        return True
    return False


def test_a_restored_backup_holds_the_same_records_files_and_returns(examples, settings, tmp_path):
    archive = tmp_path / "tamar.tar.gz"
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        before = what_is_held()
        quietly("backup", "--output", str(archive))
    # Uploads go to an empty folder too, as on a new server.
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with empty_database(tmp_path), time_machine.travel(AFTER_THE_YEAR, tick=False):
        assert row_counts() == {}
        out = quietly("restore", str(archive), "--yes")
        assert "Restored the backup of" in out
        after = what_is_held()
        assert after["counts"] == before["counts"]
        assert sum(before["counts"].values()) > 1000
        for part in ("young_people", "sessions", "returns", "events", "audit", "figures"):
            assert after[part] == before[part], part
        approved = Return.objects.get(status=ReturnStatus.APPROVED)
        # Its frozen figures came back with it (compared with the rest of the returns above).
        assert approved.pk == examples.pk and approved.frozen_figures["indicators"]
        attachment = ReturnAttachment.objects.get()
        with attachment.file.open("rb") as file:
            assert file.read() == ATTACHMENT
        # Still append-only: the approved return, its history and the audit.
        assert refused("UPDATE kpis_return SET case_studies = 'x' WHERE id = %s", [approved.pk])
        assert refused("DELETE FROM kpis_returnevent WHERE ret_id = %s", [approved.pk])
        assert refused("UPDATE audit_auditevent SET username = 'someone else'", [])
        assert refused("DELETE FROM audit_auditevent", [])
        # And the records' integrity triggers: an attendance of EP-1's sessions by a young
        # person of YPT-1.
        assert refused(
            "UPDATE contracts_attendance SET young_person_id = %s",
            [YoungPerson.objects.filter(contract__ref="YPT-1").values("pk")[:1][0]["pk"]],
        )
