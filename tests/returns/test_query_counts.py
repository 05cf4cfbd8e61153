"""The return list and a return's page ask the same number of queries however many returns,
events, comments and records there are.

A Cornwall Q1 draft's page: session and user (2); the contract (1); the return, then its
events, comments and attachments, each with its people (4); the figures computed from the
records: a savepoint, the targets, the year's participation facts (5: attendance, matches,
feedback, the participants' details, the localities), twelve other aggregates for Q1 (whose span
the year to date shares), the release (20; on PostgreSQL also JIT off, 1), and the Funds4 Care
awards of the financial return (1); the person's organisation for the navigation bar (1); for
the provider's manager, once the return has any of the provider's words, the young people
named in them for the anonymity warning (1).

A submitted or approved return's page reads its frozen figures and computes nothing: session
and user, contract, the return with its events, comments and attachments, the organisation
(8); the commissioner deciding also reads the earlier returns not yet approved (1), and is
warned of names from the note the submission kept (no query). Which figures the records would
now give differently is a page of its own (`returns:changes`), computed when asked for.

The list: session and user (2); the contract (1); the returns already open (1); opening the
missing ones (1, only when some are missing); the returns in order (1); the organisation (1).
"""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from kpis.models import IndicatorComment, ReturnEvent
from kpis.returns.due import open_returns
from kpis.returns.workflow import save_draft
from tests.kpis.helpers import attend, person

from .test_pages import draft_post, log_in, url

pytestmark = pytest.mark.django_db

EXTRA = 1 if connection.vendor == "postgresql" else 0
DRAFT_PAGE = 2 + 1 + 4 + (20 + EXTRA) + 1 + 1
DRAFT_PAGE_WITH_CASE_STUDIES = DRAFT_PAGE + 1
# Before frozen returns stopped recomputing: 28 (PostgreSQL 29), deciding 30 (31).
FROZEN_PAGE = 2 + 1 + 4 + 1
DECIDING_PAGE = FROZEN_PAGE + 1
LIST_PAGE = 2 + 1 + 1 + 1 + 1 + 1


def add_records(contract, how_many: int) -> None:
    for index in range(how_many):
        young = person(contract, date_of_birth=date(2009, 1, 1))
        attend(contract, young, date(2025, 5, 1 + index % 28))


def test_a_draft_page_asks_the_same_queries_for_more_records_and_comments(
    client, cornwall_q1, provider_a_manager, commissioner, django_assert_num_queries
):
    save_draft(ret=cornwall_q1, by=provider_a_manager, values={"case_studies": "Person A"})
    log_in(client, provider_a_manager)
    add_records(cornwall_q1.contract, 2)
    with django_assert_num_queries(DRAFT_PAGE_WITH_CASE_STUDIES):
        assert client.get(url("detail", cornwall_q1)).status_code == 200
    add_records(cornwall_q1.contract, 20)
    for index in range(10):
        IndicatorComment.objects.create(
            ret=cornwall_q1, indicator="1.2", by=commissioner, text=f"Question {index}"
        )
    with django_assert_num_queries(DRAFT_PAGE_WITH_CASE_STUDIES):
        assert client.get(url("detail", cornwall_q1)).status_code == 200


def test_an_approved_page_asks_the_same_queries_for_more_history_and_records(
    client,
    cornwall_q1,
    provider_a_manager,
    commissioner,
    second_commissioner,
    django_assert_num_queries,
):
    log_in(client, provider_a_manager)
    client.post(url("edit", cornwall_q1), draft_post(cornwall_q1))
    client.post(url("submit", cornwall_q1), {})
    client.logout()
    log_in(client, commissioner)
    with django_assert_num_queries(DECIDING_PAGE):
        assert client.get(url("detail", cornwall_q1)).status_code == 200
    client.post(url("request_changes", cornwall_q1), {"request_changes-comment": "More"})
    client.logout()
    log_in(client, provider_a_manager)
    client.post(url("submit", cornwall_q1), {"submit-comment": "More, as asked."})
    client.logout()
    log_in(client, second_commissioner)
    client.post(url("approve", cornwall_q1), {})
    assert ReturnEvent.objects.count() == 4
    add_records(cornwall_q1.contract, 10)
    with django_assert_num_queries(FROZEN_PAGE):
        response = client.get(url("detail", cornwall_q1))
    assert url("changes", cornwall_q1) in response.content.decode()


def test_the_list_asks_the_same_queries_for_one_or_many_years_of_returns(
    client, contract_a, provider_a_manager, django_assert_num_queries
):
    log_in(client, provider_a_manager)
    page = reverse("returns:list", kwargs={"pk": contract_a.pk})
    # Looking creates nothing: the periods ended are listed, not opened, until the daily command
    # or the "Open" button.
    with django_assert_num_queries(LIST_PAGE - 1):
        response = client.get(page)
    # Five overdue and Q2, not yet due.
    assert response.content.decode().count('data-testid="unopened"') == 6
    open_returns(contract=contract_a)
    with django_assert_num_queries(LIST_PAGE - 1):
        response = client.get(page)
    assert response.content.decode().count('text-bg-danger">Overdue</span>') == 5
