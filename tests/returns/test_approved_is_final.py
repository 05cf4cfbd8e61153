"""An approved return never changes: not in the application, not in the database, not when
the records are edited later; its page says what the records would now give instead. Its
threads and attachments are closed with it, and its history is never changed or deleted."""

from datetime import date

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, get_commands
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from kpis.models import IndicatorComment, Return, ReturnAttachment, ReturnEvent, ReturnStatus
from kpis.returns import triggers as return_triggers
from kpis.returns.attachments import ATTACHMENTS_CLOSED, attach_file, remove_attachment
from kpis.returns.due import open_returns
from kpis.returns.figures import changes_since_frozen
from kpis.returns.workflow import (
    THREADS_CLOSED,
    ReturnError,
    approve_return,
    comment_on_indicator,
    save_draft,
    submit_return,
)
from tests.documents import pdf
from tests.factories import TEST_PASSWORD
from tests.kpis.helpers import attend, person

from .test_workflow_services import explain_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(cornwall_q1, provider_a_manager, commissioner) -> Return:
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    return approve_return(ret=cornwall_q1, by=commissioner)


@pytest.fixture
def with_thread_and_file(cornwall_q1, provider_a_manager, commissioner, settings, tmp_path):
    """Q1 with a comment and an attachment, then approved."""
    settings.MEDIA_ROOT = tmp_path
    attach_file(
        ret=cornwall_q1,
        by=provider_a_manager,
        upload=SimpleUploadedFile("report.pdf", pdf()),
    )
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    comment_on_indicator(ret=cornwall_q1, indicator="1.2", by=commissioner, text="Why so low?")
    return approve_return(ret=cornwall_q1, by=commissioner)


def refused(sql: str, params: list) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


def test_the_database_refuses_to_change_an_approved_returns_figures(approved):
    assert refused(
        "UPDATE kpis_return SET frozen_figures = %s WHERE id = %s", ['{"x": 1}', approved.pk]
    )
    assert refused("UPDATE kpis_return SET case_studies = 'edited' WHERE id = %s", [approved.pk])
    # Even an UPDATE that sets a column to what it is: an approved row is not written to.
    assert refused("UPDATE kpis_return SET status = 'approved' WHERE id = %s", [approved.pk])


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_the_database_refuses_to_move_an_approved_return_anywhere_but_back_for_changes(
    approved, status
):
    assert refused("UPDATE kpis_return SET status = %s WHERE id = %s", [status, approved.pk])


def test_a_column_added_later_is_covered_too(approved):
    """The rule names no column: a migration adding one needs nothing more."""
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL alters no table with foreign-key checks still pending (the fixture's).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE kpis_return ADD COLUMN added_later varchar(10) NULL")
        cursor.execute("UPDATE kpis_return SET added_later = 'x' WHERE id = %s", [approved.pk])


def test_the_database_reopens_an_approved_return_only_with_its_history_row(approved, administrator):
    reopen = "UPDATE kpis_return SET status = 'changes_requested' WHERE id = %s"
    # A plain status change, without the reopening's history row: refused.
    assert refused(reopen, [approved.pk])
    with pytest.raises(IntegrityError, match="history row"), transaction.atomic():
        Return.objects.filter(pk=approved.pk).update(status="changes_requested")
    with transaction.atomic():
        ReturnEvent.objects.create(
            ret=approved,
            action="reopen",
            from_status="approved",
            to_status="changes_requested",
            by=administrator,
            comment="Wrong quarter",
        )
        # With it, still only the status may change.
        assert refused(
            "UPDATE kpis_return SET status = 'changes_requested', expenditure = 1 WHERE id = %s",
            [approved.pk],
        )
        assert not refused(reopen, [approved.pk])
    assert Return.objects.get(pk=approved.pk).status == ReturnStatus.CHANGES_REQUESTED


def test_the_database_refuses_to_change_or_delete_history(approved):
    event = ReturnEvent.objects.first()
    assert refused("UPDATE kpis_returnevent SET comment = 'x' WHERE id = %s", [event.pk])
    assert refused("DELETE FROM kpis_returnevent WHERE id = %s", [event.pk])
    assert ReturnEvent.objects.count() == 2


def test_the_database_refuses_to_delete_an_approved_return_with_or_without_its_history(
    approved,
):
    assert refused("DELETE FROM kpis_returnevent WHERE ret_id = %s", [approved.pk])
    assert refused("DELETE FROM kpis_return WHERE id = %s", [approved.pk])
    # Both in one transaction, the history first (SQLite checks the foreign keys at commit).
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM kpis_returnevent WHERE ret_id = %s", [approved.pk])
        cursor.execute("DELETE FROM kpis_return WHERE id = %s", [approved.pk])
    assert Return.objects.filter(pk=approved.pk).exists()


def test_a_draft_return_can_still_be_deleted(contract_a):
    open_returns(contract=contract_a)
    draft = Return.objects.get(contract=contract_a, financial_year=2025, period="Q2")
    assert not refused("DELETE FROM kpis_return WHERE id = %s", [draft.pk])


def test_the_database_refuses_to_add_change_or_delete_comments_of_an_approved_return(
    with_thread_and_file, commissioner
):
    ret = with_thread_and_file
    comment = IndicatorComment.objects.get(ret=ret)
    assert refused(
        "INSERT INTO kpis_indicatorcomment (ret_id, indicator, by_id, at, text) "
        "VALUES (%s, '1.2', %s, %s, 'Later')",
        [ret.pk, commissioner.pk, "2025-10-20 10:00:00+00"],
    )
    assert refused("UPDATE kpis_indicatorcomment SET text = 'x' WHERE id = %s", [comment.pk])
    assert refused("DELETE FROM kpis_indicatorcomment WHERE id = %s", [comment.pk])
    assert list(IndicatorComment.objects.values_list("text", flat=True)) == ["Why so low?"]


def test_the_database_refuses_to_add_change_or_delete_attachments_of_an_approved_return(
    with_thread_and_file, provider_a_manager
):
    ret = with_thread_and_file
    attachment = ReturnAttachment.objects.get(ret=ret)
    assert refused(
        "INSERT INTO kpis_returnattachment (ret_id, file, name, size, uploaded_by_id, "
        "uploaded_at) VALUES (%s, 'returns/x.pdf', 'x.pdf', 5, %s, %s)",
        [ret.pk, provider_a_manager.pk, "2025-10-20 10:00:00+00"],
    )
    assert refused("UPDATE kpis_returnattachment SET name = 'x' WHERE id = %s", [attachment.pk])
    assert refused("DELETE FROM kpis_returnattachment WHERE id = %s", [attachment.pk])
    assert ReturnAttachment.objects.get(ret=ret).name == "report.pdf"


def test_a_comment_cannot_be_moved_onto_an_approved_return(
    with_thread_and_file, contract_a, commissioner
):
    open_returns(contract=contract_a)
    q2 = Return.objects.get(contract=contract_a, financial_year=2025, period="Q2")
    other = IndicatorComment.objects.create(ret=q2, indicator="1.2", by=commissioner, text="Q2?")
    assert refused(
        "UPDATE kpis_indicatorcomment SET ret_id = %s WHERE id = %s",
        [with_thread_and_file.pk, other.pk],
    )


def test_the_threads_of_a_submitted_return_are_open(cornwall_q1, provider_a_manager, commissioner):
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    comment_on_indicator(ret=cornwall_q1, indicator="1.2", by=commissioner, text="Why?")
    comment_on_indicator(ret=cornwall_q1, indicator="1.2", by=provider_a_manager, text="Leave.")
    assert IndicatorComment.objects.filter(ret=cornwall_q1).count() == 2


def test_the_application_refuses_to_edit_an_approved_return(approved, provider_a_manager):
    with pytest.raises(ReturnError, match="no longer be changed"):
        save_draft(ret=approved, by=provider_a_manager, values={"case_studies": "Later"})


@pytest.mark.parametrize("persona", ["commissioner", "provider_a_manager", "administrator"])
def test_the_application_refuses_a_comment_on_an_approved_return(request, approved, persona):
    with pytest.raises(ReturnError) as refusal:
        comment_on_indicator(
            ret=approved, indicator="1.2", by=request.getfixturevalue(persona), text="Later"
        )
    assert str(refusal.value) == THREADS_CLOSED
    assert not IndicatorComment.objects.exists()


def test_the_application_refuses_attachment_changes_on_an_approved_return(
    with_thread_and_file, provider_a_manager
):
    ret = with_thread_and_file
    with pytest.raises(ReturnError) as refusal:
        attach_file(ret=ret, by=provider_a_manager, upload=SimpleUploadedFile("x.pdf", pdf()))
    assert str(refusal.value) == ATTACHMENTS_CLOSED
    with pytest.raises(ReturnError) as refusal:
        remove_attachment(attachment=ReturnAttachment.objects.get(ret=ret), by=provider_a_manager)
    assert str(refusal.value) == ATTACHMENTS_CLOSED
    assert ReturnAttachment.objects.filter(ret=ret).count() == 1


def test_an_approved_returns_page_says_its_threads_are_closed(client, approved, commissioner):
    assert client.login(username=commissioner.username, password=TEST_PASSWORD)
    detail = client.get(approved.get_absolute_url()).content.decode()
    assert "Add comment" not in detail
    comment_url = reverse(
        "returns:comment",
        kwargs={"pk": approved.contract_id, "return_id": approved.pk, "code": "1.2"},
    )
    response = client.post(comment_url, {"text": "One more thing"}, follow=True)
    assert response.status_code == 200
    assert "its threads are closed" in response.content.decode()
    assert not IndicatorComment.objects.exists()


def test_records_edited_after_approval_leave_the_figures_and_show_the_difference(
    approved, contract_a
):
    frozen = Return.objects.get(pk=approved.pk).frozen_figures
    assert changes_since_frozen(approved) == []
    young = person(contract_a, date_of_birth=date(2009, 1, 1))
    attend(contract_a, young, date(2025, 5, 6))
    approved.refresh_from_db()
    assert approved.status == ReturnStatus.APPROVED
    assert approved.frozen_figures == frozen
    changed = {(change.code, change.column) for change in changes_since_frozen(approved)}
    assert ("1.2", "Q1") in changed
    change = next(c for c in changes_since_frozen(approved) if c.code == "1.2")
    assert (change.approved, change.now) == (0, 1)


def test_every_trigger_the_models_call_for_is_in_the_database():
    assert return_triggers.installed(connection) == return_triggers.expected(
        apps, connection.vendor
    )
    # Four rules on SQLite's one-event triggers: the return (2), its history (2), its
    # comments and attachments (3 each); on PostgreSQL one trigger per table.
    assert len(return_triggers.installed(connection)) == (
        10 if connection.vendor == "sqlite" else 4
    )


def test_the_flush_command_is_this_projects():
    """Django's test teardown and `manage.py flush` find it by name (an app's command wins)."""
    assert get_commands()["flush"] == "kpis"


@pytest.mark.django_db(transaction=True)
def test_a_database_holding_an_approved_return_can_still_be_flushed(approved):
    """SQLite is emptied with DELETEs, which the triggers refuse; the flush lifts them for its
    own transaction and puts them back (PostgreSQL: TRUNCATE, no row trigger fires). The
    teardown of this test flushes once more."""
    call_command("flush", interactive=False, verbosity=0)
    assert not Return.objects.exists() and not ReturnEvent.objects.exists()
    assert return_triggers.installed(connection) == return_triggers.expected(
        apps, connection.vendor
    )
