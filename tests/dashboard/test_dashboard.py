"""The dashboard: each visible contract's latest return, its statuses and what is overdue."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from kpis.models import ReturnStatus
from tests.factories import ContractFactory

from .conftest import make_return

pytestmark = pytest.mark.django_db

# Q1 and Q2 of 2025/26 are over; Q1's return was due in August, Q2's is due in late October.
IN_Q3_2025 = datetime(2025, 11, 15, 12, tzinfo=UTC)
DASHBOARD = "/dashboard/"


def test_its_address_is_the_dashboard():
    assert reverse("dashboard:index") == DASHBOARD


@pytest.fixture
def returns(ep, contract_b):
    """A's Q1 approved (2 green, 1 amber, 1 red, 1 without status), its Q2 a late draft;
    B's H1 submitted, all green."""
    approved = make_return(
        ep, 2025, "Q1", ReturnStatus.APPROVED, rag=("green", "green", "amber", "red", None)
    )
    late = make_return(ep, 2025, "Q2")
    theirs = make_return(contract_b, 2025, "H1", ReturnStatus.SUBMITTED, rag=("green",) * 3)
    return approved, late, theirs


@time_machine.travel(IN_Q3_2025, tick=False)
def test_a_commissioner_sees_their_contracts_latest_return_statuses_and_whats_late(
    client, commissioner, ep, contract_b, returns
):
    approved, late, _theirs = returns
    client.force_login(commissioner)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    [line] = response.context["lines"]
    assert line.contract == ep
    assert line.latest == late  # Q2 is later than Q1, whatever its status
    assert line.status_label == "Draft"
    # A draft's statuses are live, not frozen: those shown are Q1's, as approved.
    assert line.rag_from == approved
    assert (line.rag.green, line.rag.amber, line.rag.red, line.rag.no_status) == (2, 1, 1, 1)
    assert line.overdue == [late]
    assert response.context["overdue"] == [late]
    assertContains(response, ep.ref)
    assertNotContains(response, contract_b.ref)
    assertContains(response, reverse("kpis:table", kwargs={"pk": ep.pk}))
    assertContains(response, reverse("kpis:trend", kwargs={"pk": ep.pk, "code": "1.2"}))
    assertContains(response, late.get_absolute_url())
    assertContains(response, reverse("reports:board_report", kwargs={"pk": ep.pk, "year": 2025}))
    row = response.content.decode().split(f'data-contract="{ep.ref}"')[1].split("</tr>")[0]
    assert f'In <a href="{approved.get_absolute_url()}">Q1 2025/26</a> (approved):' in row


@time_machine.travel(IN_Q3_2025, tick=False)
def test_a_contract_with_only_drafts_has_no_counts(client, commissioner, ep):
    make_return(ep, 2025, "Q1")
    make_return(ep, 2025, "Q2")
    client.force_login(commissioner)
    response = client.get(DASHBOARD)
    [line] = response.context["lines"]
    assert (line.rag, line.rag_from) == (None, None)
    assertContains(response, "Not submitted yet")


@time_machine.travel(IN_Q3_2025, tick=False)
def test_a_return_sent_back_shows_the_one_before_it(client, commissioner, ep):
    """Q2 was submitted and sent back for changes: its frozen figures are no longer what it
    says, so the counts are Q1's."""
    q1 = make_return(ep, 2025, "Q1", ReturnStatus.APPROVED, rag=("green", "red"))
    q2 = make_return(ep, 2025, "Q2", ReturnStatus.SUBMITTED, rag=("red", "red"))
    type(q2).objects.filter(pk=q2.pk).update(status=ReturnStatus.CHANGES_REQUESTED)
    client.force_login(commissioner)
    [line] = client.get(DASHBOARD).context["lines"]
    assert line.latest == q2 and line.status_label == "Changes requested"
    assert line.rag_from == q1
    assert (line.rag.green, line.rag.red) == (1, 1)


@time_machine.travel(IN_Q3_2025, tick=False)
def test_it_counts_the_frozen_statuses_of_a_submitted_return(
    client, commissioner_b, contract_b, returns
):
    client.force_login(commissioner_b)
    [line] = client.get(DASHBOARD).context["lines"]
    assert line.status_label == "Submitted"
    assert (line.rag.green, line.rag.amber, line.rag.red, line.rag.no_status) == (3, 0, 0, 0)
    assert line.overdue == []


@time_machine.travel(IN_Q3_2025, tick=False)
def test_it_counts_red_amber_green_and_no_status(client, commissioner, ep):
    make_return(ep, 2025, "Q1", ReturnStatus.APPROVED, rag=("green", "green", "amber", "red", None))
    client.force_login(commissioner)
    response = client.get(DASHBOARD)
    [line] = response.context["lines"]
    assert (line.rag.green, line.rag.amber, line.rag.red, line.rag.no_status) == (2, 1, 1, 1)


@time_machine.travel(IN_Q3_2025, tick=False)
def test_a_period_past_due_without_any_return_is_overdue_too(client, commissioner, ep):
    """No row exists until someone opens the returns: 2024/25's four quarters and 2025/26's
    Q2 (due 28/10/2025) are owed; Q1 2025/26 has its return."""
    make_return(ep, 2025, "Q1", ReturnStatus.SUBMITTED, rag=("green",))
    client.force_login(commissioner)
    response = client.get(DASHBOARD)
    [line] = response.context["lines"]
    assert line.overdue == []
    assert [(late.year.year, late.period) for late in line.unopened] == [
        (2024, "Q1"),
        (2024, "Q2"),
        (2024, "Q3"),
        (2024, "Q4"),
        (2025, "Q2"),
    ]
    assert line.unopened[-1].due_date == date(2025, 10, 28)
    assertContains(response, "A-EP Q2 2025/26</a>")
    assertContains(response, "not started")


@time_machine.travel(datetime(2024, 7, 15, 12, tzinfo=UTC), tick=False)
def test_nothing_is_overdue_before_the_first_return_is_due(client, commissioner, ep):
    client.force_login(commissioner)
    response = client.get(DASHBOARD)
    assertContains(response, "No return is overdue.")


@time_machine.travel(IN_Q3_2025, tick=False)
def test_an_administrator_sees_every_contract(client, administrator, ep, contract_b, returns):
    client.force_login(administrator)
    response = client.get(DASHBOARD)
    assert [line.contract for line in response.context["lines"]] == [ep, contract_b]


@time_machine.travel(IN_Q3_2025, tick=False)
def test_provider_staff_see_only_their_own_contracts(client, provider_b_worker, ep, contract_b):
    client.force_login(provider_b_worker)
    response = client.get(DASHBOARD)
    assert [line.contract for line in response.context["lines"]] == [contract_b]
    assertNotContains(response, ep.ref)


def test_a_panel_member_sees_no_contract(client, panel_member, ep, contract_b):
    client.force_login(panel_member)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["lines"] == []
    assertNotContains(response, ep.ref)
    assertContains(response, "You have no contracts to show here.")


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def queries_for_the_dashboard(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(DASHBOARD).status_code == 200
    return len(captured)


# The session and user (2); the overdue returns with their contracts (1); the periods that
# have a return (1); the contracts with each one's latest return id (1) and those returns (1);
# the user's organisation in the navigation (1).
DASHBOARD_QUERIES = 7


@time_machine.travel(IN_Q3_2025, tick=False)
def test_its_queries_do_not_grow_with_the_contracts(
    client, commissioner, council_a, ep, django_assert_max_num_queries
):
    client.force_login(commissioner)
    make_return(ep, 2025, "Q1", ReturnStatus.APPROVED, rag=("green", "red"))
    make_return(ep, 2025, "Q2")
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        one = client.get(DASHBOARD)
    assert len(one.context["lines"]) == 1

    for _ in range(4):
        contract = ContractFactory(commissioner=council_a)
        make_return(contract, 2025, "Q1", ReturnStatus.SUBMITTED, rag=("amber",))
        make_return(contract, 2025, "Q2")
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        five = client.get(DASHBOARD)
    assert len(five.context["lines"]) == 5
    assert len(five.context["overdue"]) == 5
    assert len(five.context["unopened"]) == 5 * 4  # 2024/25's quarters, for each contract
    assert queries_for_the_dashboard(client) == DASHBOARD_QUERIES


@time_machine.travel(datetime(2025, 12, 2, 12, tzinfo=UTC), tick=False)
def test_the_board_report_of_the_year_in_progress_says_its_figures_are_so_far(
    client, commissioner, ep
):
    client.force_login(commissioner)
    response = client.get(DASHBOARD)
    buttons = re.findall(r"<button [^>]*formaction[^>]*>(.*?)</button>", response.content.decode())
    texts = [re.sub(r"<[^>]+>", " ", button).split() for button in buttons]
    assert [" ".join(text) for text in texts] == [
        "2024/25",
        "2025/26 so far, to 2 December 2025",
    ]
    assertContains(response, "board report of A-EP, so far, to 2 December 2025")
