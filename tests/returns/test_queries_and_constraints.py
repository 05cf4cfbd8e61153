"""The read API the dashboard uses, and the constraints that keep bad returns out."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from contracts.models import Contract
from kpis.models import Return
from kpis.returns.queries import latest_returns_for
from kpis.returns.workflow import approve_return, reopen_return, submit_return

from .test_workflow_services import explain_everything

pytestmark = pytest.mark.django_db


def test_it_gives_each_contracts_latest_return_with_its_rag_counts_in_two_queries(
    contract_a,
    contract_b,
    cornwall_q1,
    wolverhampton_h1,
    provider_a_manager,
    commissioner,
    django_assert_num_queries,
):
    latest_q2 = Return.objects.get(contract=contract_a, financial_year=2025, period="Q2")
    explain_everything(latest_q2, provider_a_manager)
    submit_return(ret=latest_q2, by=provider_a_manager)
    approve_return(ret=latest_q2, by=commissioner)
    with django_assert_num_queries(2):
        latest = latest_returns_for(Contract.objects.order_by("ref"))
    by_ref = {row.contract.ref: row for row in latest}
    assert by_ref["A-EP"].ret == latest_q2
    assert by_ref["A-EP"].status == "approved"
    assert sum(by_ref["A-EP"].rag.values()) > 0
    assert by_ref["A-EP"].rag["red"] >= 1
    assert by_ref["B-YPT"].ret == wolverhampton_h1
    assert (by_ref["B-YPT"].status, by_ref["B-YPT"].rag) == ("draft", None)


def test_beside_a_fresh_draft_it_gives_the_latest_submitted_returns_counts(
    contract_a, cornwall_q1, provider_a_manager, commissioner, django_assert_num_queries
):
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    approve_return(ret=cornwall_q1, by=commissioner)
    frozen = Return.objects.get(pk=cornwall_q1.pk).frozen_figures
    with django_assert_num_queries(2):
        (row,) = latest_returns_for(Contract.objects.filter(pk=contract_a.pk))
    assert (row.ret.period, row.status) == ("Q2", "draft")
    assert row.submitted == cornwall_q1
    assert row.rag == {
        status: sum(1 for line in frozen["indicators"] if line["status"] == status)
        for status in ("green", "amber", "red")
    }


def test_a_reopened_return_has_no_counts_until_it_is_submitted_again(
    contract_a, cornwall_q1, provider_a_manager, commissioner, administrator
):
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    approve_return(ret=cornwall_q1, by=commissioner)
    reopen_return(ret=cornwall_q1, by=administrator, reason="Wrong quarter's finances")
    (row,) = latest_returns_for(Contract.objects.filter(pk=contract_a.pk))
    # Q1 keeps the figures frozen before, but they are no longer what it says.
    assert Return.objects.get(pk=cornwall_q1.pk).frozen_figures is not None
    assert (row.submitted, row.rag) == (None, None)


def test_a_contract_without_returns_is_listed_with_none(contract_a):
    (row,) = latest_returns_for(Contract.objects.filter(pk=contract_a.pk))
    assert (row.ret, row.status, row.rag) == (None, None, None)


@pytest.mark.parametrize(
    "change",
    [
        {"expenditure": -1},
        {"staffing_cost": -0.01},
        {"status": "lost"},
        {"period": "Q5"},
        # Submitted without its frozen figures.
        {"status": "submitted"},
    ],
)
def test_the_database_refuses_a_bad_return(cornwall_q1, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Return.objects.filter(pk=cornwall_q1.pk).update(**change)


def test_the_database_keeps_one_return_per_contract_and_period(cornwall_q1):
    with pytest.raises(IntegrityError), transaction.atomic():
        Return.objects.create(
            contract=cornwall_q1.contract,
            financial_year=2025,
            period="Q1",
            due_date=date(2025, 7, 28),
        )
