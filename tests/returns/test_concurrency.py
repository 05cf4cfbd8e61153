"""Two commissioners approving at once, or a double-clicked submit, arriving together: one
history row and a clear message for the other, never an error.

Real concurrency needs PostgreSQL (row locks, and a database two threads can share); the
sequential cases run on both databases in test_pages.py.
"""

import pytest
from django.db import connection

from kpis.models import IndicatorComment, Return, ReturnEvent, ReturnStatus
from kpis.returns.workflow import ReturnError, approve_return, comment_on_indicator, submit_return
from tests.concurrency import at_once

from .test_workflow_services import explain_everything

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_commissioners_approving_at_once_give_one_approval_and_one_message(
    cornwall_q1, provider_a_manager, commissioner, second_commissioner
):
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    results = at_once(
        lambda: approve_return(ret=cornwall_q1, by=commissioner),
        lambda: approve_return(ret=cornwall_q1, by=second_commissioner),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ReturnError), results
    assert "already approved" in str(errors[0])
    assert ReturnEvent.objects.filter(action="approve").count() == 1
    assert Return.objects.get(pk=cornwall_q1.pk).status == ReturnStatus.APPROVED


def test_a_double_submit_arriving_together_gives_one_submission(cornwall_q1, provider_a_manager):
    explain_everything(cornwall_q1, provider_a_manager)
    results = at_once(
        lambda: submit_return(ret=cornwall_q1, by=provider_a_manager),
        lambda: submit_return(ret=cornwall_q1, by=provider_a_manager),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ReturnError), results
    assert ReturnEvent.objects.filter(action="submit").count() == 1


def test_a_comment_arriving_with_the_approval_lands_before_it_or_is_refused(
    cornwall_q1, provider_a_manager, commissioner, second_commissioner
):
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    results = at_once(
        lambda: approve_return(ret=cornwall_q1, by=commissioner),
        lambda: comment_on_indicator(
            ret=cornwall_q1, indicator="1.2", by=second_commissioner, text="One more thing"
        ),
    )
    approved, commented = results
    assert not isinstance(approved, Exception), results
    approval = ReturnEvent.objects.get(action="approve")
    if isinstance(commented, Exception):
        assert isinstance(commented, ReturnError) and "threads are closed" in str(commented)
        assert not IndicatorComment.objects.exists()
    else:
        # It took the return's lock first: written before the approval was.
        assert IndicatorComment.objects.get().at <= approval.at
