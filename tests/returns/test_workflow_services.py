"""The workflow's services: the moves, who may make them, and the history they leave."""

import pytest

from kpis.models import ReturnEvent, ReturnStatus
from kpis.return_queries import live_figures
from kpis.workflow import (
    ALLOWED_MOVES,
    Incomplete,
    NotPermitted,
    ReturnError,
    approve_return,
    reopen_return,
    request_changes,
    save_draft,
    submit_return,
)

pytestmark = pytest.mark.django_db


def explain_everything(ret, by):
    """Write an explanation for every indicator that is red or amber."""
    notes = {
        row["code"]: {"comment": "", "explanation": f"Why {row['code']} is behind."}
        for row in live_figures(ret)["indicators"]
        if row["status"] in ("red", "amber")
    }
    return save_draft(ret=ret, by=by, values={"indicator_notes": notes})


def test_it_has_one_table_of_moves_that_ends_every_path_at_approval():
    assert set(ALLOWED_MOVES.values()) <= set(ReturnStatus.values)
    assert ("approve", "draft") not in ALLOWED_MOVES


def test_it_refuses_a_submission_until_every_red_or_amber_indicator_is_explained(
    cornwall_q1, provider_a_manager
):
    with pytest.raises(Incomplete) as refused:
        submit_return(ret=cornwall_q1, by=provider_a_manager)
    assert refused.value.problems
    cornwall_q1.refresh_from_db()
    assert cornwall_q1.status == ReturnStatus.DRAFT
    assert not ReturnEvent.objects.exists()


def test_it_freezes_the_figures_and_writes_one_history_row_on_submission(
    cornwall_q1, provider_a_manager
):
    explain_everything(cornwall_q1, provider_a_manager)
    submitted = submit_return(ret=cornwall_q1, by=provider_a_manager, comment="Here it is")
    assert submitted.status == ReturnStatus.SUBMITTED
    cornwall_q1.refresh_from_db()
    assert cornwall_q1.frozen_figures["columns"] == ["Q1", "YTD"]
    (event,) = ReturnEvent.objects.all()
    assert (event.action, event.by, event.comment) == ("submit", provider_a_manager, "Here it is")


def test_a_second_submission_is_refused_with_a_message_and_no_second_row(
    cornwall_q1, provider_a_manager
):
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    with pytest.raises(ReturnError, match="already submitted"):
        submit_return(ret=cornwall_q1, by=provider_a_manager)
    assert ReturnEvent.objects.count() == 1


def test_provider_staff_cannot_approve(cornwall_q1, provider_a_manager, provider_a_worker):
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    for person in (provider_a_manager, provider_a_worker):
        with pytest.raises(NotPermitted):
            approve_return(ret=cornwall_q1, by=person)


def test_the_person_who_submitted_cannot_approve(cornwall_q1, administrator, provider_a_manager):
    # An administrator may both approve and (here, by a direct call) be the submitter.
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    with pytest.raises(NotPermitted):
        approve_return(ret=cornwall_q1, by=provider_a_manager)


def test_a_wolverhampton_return_walks_draft_changes_submitted_approved_reopened(
    wolverhampton_h1, provider_b_manager, commissioner_b, administrator
):
    explain_everything(wolverhampton_h1, provider_b_manager)
    submit_return(ret=wolverhampton_h1, by=provider_b_manager)
    request_changes(ret=wolverhampton_h1, by=commissioner_b, comment="Say more about A2.3")
    save_draft(ret=wolverhampton_h1, by=provider_b_manager, values={"service_activity": "More"})
    submit_return(ret=wolverhampton_h1, by=provider_b_manager)
    approve_return(ret=wolverhampton_h1, by=commissioner_b, comment="Thank you")
    with pytest.raises(ReturnError, match="reason"):
        reopen_return(ret=wolverhampton_h1, by=administrator, reason=" ")
    with pytest.raises(NotPermitted):
        reopen_return(ret=wolverhampton_h1, by=commissioner_b, reason="Typo")
    reopen_return(ret=wolverhampton_h1, by=administrator, reason="Wrong quarter's finances")
    actions = list(ReturnEvent.objects.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("submit", "draft", "submitted"),
        ("request_changes", "submitted", "changes_requested"),
        ("submit", "changes_requested", "submitted"),
        ("approve", "submitted", "approved"),
        ("reopen", "approved", "changes_requested"),
    ]
    assert ReturnEvent.objects.get(action="approve").figures["columns"] == [
        "Q1",
        "Q2",
        "H1",
        "YTD",
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Morwenna Trelawny joined in May.", ["Morwenna Trelawny"]),
        ("MORWENNA came to every session.", ["Morwenna"]),
        ("Young person A, aged 15, joined.", []),
        # A name inside another word is not a name.
        ("Morwennas and Trelawnyish", []),
        # Another contract's young person is not this contract's business.
        ("Kit Marlowe spoke at the council.", []),
    ],
)
def test_it_finds_young_peoples_recorded_names_in_a_case_study(contract_a, contract_b, text, found):
    from kpis.workflow import names_in_text
    from tests.kpis.helpers import person

    person(contract_a, first_name="Morwenna", last_name="Trelawny")
    person(contract_a, first_name="Al", last_name="Smith")
    person(contract_b, first_name="Kit", last_name="Marlowe")
    assert [name.word for name in names_in_text(contract_a, text)] == found
