"""The workflow's services: the moves, who may make them, and the history they leave."""

import pytest

from kpis.models import ReturnEvent, ReturnStatus
from kpis.returns.figures import live_figures
from kpis.returns.workflow import (
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
        for row in live_figures(ret).to_json()["indicators"]
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
    with pytest.raises(ReturnError, match="Reply to the commissioner's request"):
        submit_return(ret=wolverhampton_h1, by=provider_b_manager)
    submit_return(ret=wolverhampton_h1, by=provider_b_manager, comment="Said more about A2.3.")
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


@pytest.fixture
def named(contract_a, contract_b):
    """Young people with known names (the factory's are random): two of contract A's share a
    surname that is also a word, one of B's must never be reported for A."""
    from tests.kpis.helpers import person

    person(contract_a, ref="YP-M", first_name="Morwenna", last_name="Trelawny")
    person(contract_a, ref="YP-A", first_name="Al", last_name="Smith")
    person(contract_a, ref="YP-H", first_name="Jory", last_name="Hill")
    person(contract_a, ref="YP-L", first_name="Mai", last_name="Li")
    person(contract_a, ref="YP-Z", first_name="Zoë", last_name="Penrose")
    person(contract_a, ref="YP-E", first_name="Élodie", last_name="O'Brien")
    person(contract_b, ref="YP-K", first_name="Kit", last_name="Marlowe")


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
        # The misses the audit found: a possessive, a surname alone or after an initial, a
        # name joined to a word by a hyphen.
        ("Morwenna's mother came too.", ["Morwenna"]),
        ("Morwenna\u2019s mother came too.", ["Morwenna"]),
        ("Trelawny was placed out of county.", ["Trelawny"]),
        ("M. Trelawny chaired it.", ["Trelawny"]),
        ("A Morwenna-led session.", ["Morwenna"]),
        # First and last names far apart are both named.
        ("Morwenna came; later Trelawny's carer rang.", ["Morwenna and Trelawny"]),
        # A surname that is a word is reported all the same: it is a warning.
        # A name that is also an everyday word, alone, only where it is written as a name.
        ("We walked up the hill.", []),
        ("Hill walking was popular.", []),
        ("We walked with Hill and friends.", ["Hill"]),
        # Two letters are a name ("Li"); one is an initial.
        ("Li settled well; young person S did not.", ["Li"]),
        # Case and accents: the text's accents are folded, a recorded accent found as written.
        ("zoë and ZOË came.", ["Zoë"]),
        ("Elodie came.", []),
        ("Élodie came.", ["Élodie"]),
        ("ÉLODIE came.", ["Élodie"]),
        # A recorded name with an apostrophe, typed with either kind.
        ("Young person O\u2019Brien.", ["O'Brien"]),
    ],
)
def test_it_finds_young_peoples_recorded_names_in_the_providers_words(
    contract_a, named, text, found, django_assert_num_queries
):
    from kpis.returns.names import names_in

    with django_assert_num_queries(1):
        names = names_in(contract_a, {"case studies": text})
    assert [name.word for name in names] == found


def test_a_plain_name_in_the_records_is_found_under_an_accent_in_the_text(contract_a):
    from kpis.returns.names import names_in
    from tests.kpis.helpers import person

    person(contract_a, ref="YP-R", first_name="Renee", last_name="Pascoe")
    assert [n.word for n in names_in(contract_a, {"x": "Renée came."})] == ["Renee"]


def test_it_looks_in_every_text_the_provider_wrote_in_one_query(
    cornwall_q1, provider_a_manager, named, django_assert_num_queries
):
    from kpis.returns.names import names_in_return

    saved = save_draft(
        ret=cornwall_q1,
        by=provider_a_manager,
        values={
            "service_activity": "Groups every week.",
            "social_value": "Jory Hill's mentor volunteers.",
            "financial_notes": "Li's bus fares.",
            "indicator_notes": {"1.2": {"comment": "", "explanation": "Morwenna left."}},
        },
    )
    with django_assert_num_queries(1):
        found = names_in_return(saved)
    assert [(name.ref, name.word, name.places) for name in found] == [
        ("YP-H", "Jory Hill", ("social and added value",)),
        ("YP-L", "Li", ("notes on the finances",)),
        ("YP-M", "Morwenna", ("1.2 explanation",)),
    ]


def test_it_asks_nothing_of_the_database_when_there_are_no_words(
    cornwall_q1, django_assert_num_queries
):
    from kpis.returns.names import names_in_return

    with django_assert_num_queries(0):
        assert names_in_return(cornwall_q1) == []


def test_a_long_text_is_searched_in_a_few_queries_not_one_too_many_for_the_database(
    contract_a, named
):
    from kpis.returns.names import names_in

    text = " ".join(f"word{n} other{n}" for n in range(20_000)) + " Trelawny"
    assert [name.word for name in names_in(contract_a, {"x": text})] == ["Trelawny"]
