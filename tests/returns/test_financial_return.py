"""The financial monitoring return's Funds4 Care allocations come from the records: the awards
approved with a decision dated in the return's period, for its contract; live on a draft,
frozen with the figures on submission, and in the exports."""

from datetime import date
from decimal import Decimal

import pytest

from kpis.engine.figures import Funds4CareAwards
from kpis.engine.periods import FinancialYear
from kpis.returns.figures import changes_since_frozen, figures_of, funds4care_awards
from kpis.returns.workflow import approve_return, save_draft, submit_return
from reports.document import document_for
from tests.factories import TEST_PASSWORD, ApplicationFactory

from .test_workflow_services import explain_everything

pytestmark = pytest.mark.django_db

Q1_2025 = FinancialYear(2025).period("Q1")  # 1 April to 30 June 2025


def award(contract, decided: date, amount: str | None, decision: str = "approved", **fields):
    return ApplicationFactory(
        contract=contract,
        submitted_date=date(2025, 4, 1),
        amount_requested=Decimal("250.00"),
        decision=decision,
        decision_date=decided,
        amount_awarded=None if amount is None else Decimal(amount),
        **fields,
    )


@pytest.fixture
def awards(contract_a, contract_b):
    """Q1's awards: £100 on 1 April, £250 on 30 June, one approved without an amount yet
    (3 awards, £350). Not Q1's: one decided on 1 July, one declined, one pending, and one of
    another contract."""
    award(contract_a, date(2025, 4, 1), "100.00")
    award(contract_a, date(2025, 6, 30), "250.00")
    award(contract_a, date(2025, 5, 15), None)
    award(contract_a, date(2025, 7, 1), "200.00")
    award(contract_a, date(2025, 5, 1), None, decision="declined")
    award(contract_a, None, None, decision="pending")
    award(contract_b, date(2025, 5, 1), "90.00")


def test_it_counts_and_sums_the_periods_awards_in_one_query(
    contract_a, awards, django_assert_num_queries
):
    with django_assert_num_queries(1):
        funds = funds4care_awards(contract_a, Q1_2025)
    assert funds == Funds4CareAwards(awards=3, allocated=350, without_amount=1)


def test_a_period_without_awards_has_none(contract_a):
    assert funds4care_awards(contract_a, Q1_2025) == Funds4CareAwards(
        awards=0, allocated=0, without_amount=0
    )


def test_a_draft_shows_the_awards_live(client, cornwall_q1, provider_a_manager, awards):
    assert figures_of(cornwall_q1).funds4care.allocated == 350
    assert client.login(username=provider_a_manager.username, password=TEST_PASSWORD)
    page = client.get(cornwall_q1.get_absolute_url()).content.decode()
    finances = page.split('data-testid="finances"')[1].split("</table>")[0]
    assert "Funds4 Care allocated (£)</th><td" in finances and "£350.00" in finances
    assert ">3</td>" in finances
    assert "1 of them has no amount recorded" in page
    edit = client.get(cornwall_q1.get_absolute_url() + "edit/").content.decode()
    assert "<strong>£350.00</strong> in 3 awards" in edit
    # Nothing to type: the form has no Funds4 Care field.
    assert 'name="funds4care' not in edit


def test_submission_freezes_them_and_the_page_reports_a_later_award(
    client, cornwall_q1, provider_a_manager, commissioner, contract_a, awards
):
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    approved = approve_return(ret=cornwall_q1, by=commissioner)
    assert approved.frozen_figures["funds4care"] == {
        "awards": 3,
        "allocated": 350,
        "without_amount": 1,
    }
    award(contract_a, date(2025, 6, 2), "25.50")
    approved.refresh_from_db()
    assert figures_of(approved).funds4care.allocated == 350
    changes = {(c.code, c.title): (c.approved, c.now) for c in changes_since_frozen(approved)}
    assert changes[("F4C", "Funds4 Care allocated (£)")] == (350, 375.5)
    assert changes[("F4C", "Funds4 Care awards")] == (3, 4)
    assert client.login(username=commissioner.username, password=TEST_PASSWORD)
    compared = client.get(approved.get_absolute_url() + "changes/").content.decode()
    assert "F4C Funds4 Care awards, Q1: 3 in the return, 4 now" in compared
    page = client.get(approved.get_absolute_url()).content.decode()
    assert "£350.00" in page.split('data-testid="finances"')[1].split("</table>")[0]


def test_the_exports_carry_the_computed_figures_and_the_providers_note(
    cornwall_q1, provider_a_manager, awards
):
    saved = save_draft(
        ret=cornwall_q1,
        by=provider_a_manager,
        values={"expenditure": Decimal("12000.50"), "financial_notes": "Mostly bus fares."},
    )
    lines = {line.label: (line.value, line.kind) for line in document_for(saved).financial}
    assert lines["Funds4 Care allocated (£)"] == (Decimal("350"), "money")
    assert lines["Funds4 Care awards"] == (3, "number")
    assert lines["Expenditure (£)"] == (Decimal("12000.50"), "money")
    assert lines["Notes on the finances"] == ("Mostly bus fares.", "text")


def test_a_return_frozen_before_the_awards_were_counted_shows_none(
    client, cornwall_q1, provider_a_manager, commissioner
):
    explain_everything(cornwall_q1, provider_a_manager)
    submitted = submit_return(ret=cornwall_q1, by=provider_a_manager)
    frozen = dict(submitted.frozen_figures)
    del frozen["funds4care"]
    type(submitted).objects.filter(pk=submitted.pk).update(frozen_figures=frozen)
    submitted.refresh_from_db()
    lines = {line.label: line.value for line in document_for(submitted).financial}
    assert lines["Funds4 Care allocated (£)"] is None
    assert client.login(username=commissioner.username, password=TEST_PASSWORD)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "not counted from the records when this return was submitted" in page


def test_a_wolverhampton_return_has_no_funds4care_lines(wolverhampton_h1):
    assert figures_of(wolverhampton_h1).funds4care is None
    labels = [line.label for line in document_for(wolverhampton_h1).financial]
    assert "Funds4 Care awards" not in labels
    assert labels[-1] == "Notes on the finances"
