"""An approved return never changes: not in the application, not in the database, not when
the records are edited later; its page says what the records would now give instead."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from kpis.models import Return, ReturnEvent, ReturnStatus
from kpis.return_queries import changes_since_frozen
from kpis.workflow import ReturnError, approve_return, save_draft, submit_return
from tests.kpis.helpers import attend, person

from .test_workflow_services import explain_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(cornwall_q1, provider_a_manager, commissioner) -> Return:
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
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


def test_the_database_refuses_a_reopening_that_changes_anything_but_the_status(approved):
    assert refused(
        "UPDATE kpis_return SET status = 'changes_requested', expenditure = 1 WHERE id = %s",
        [approved.pk],
    )
    assert not refused(
        "UPDATE kpis_return SET status = 'changes_requested' WHERE id = %s", [approved.pk]
    )


def test_the_database_refuses_to_change_or_delete_history(approved):
    event = ReturnEvent.objects.first()
    assert refused("UPDATE kpis_returnevent SET comment = 'x' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        assert refused("DELETE FROM kpis_returnevent WHERE id = %s", [event.pk])
        assert refused("DELETE FROM kpis_return WHERE id = %s", [approved.pk])


def test_the_application_refuses_to_edit_an_approved_return(approved, provider_a_manager):
    with pytest.raises(ReturnError, match="no longer be changed"):
        save_draft(ret=approved, by=provider_a_manager, values={"case_studies": "Later"})


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
