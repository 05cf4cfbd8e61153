"""Due dates (working days after the period ends), the overdue list and the daily reminders."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from contracts.models import Contract, Role
from kpis.models import Return, ReturnReminder
from kpis.periods import FinancialYear
from kpis.return_queries import add_working_days, due_date_for, overdue_returns
from kpis.workflow import open_returns
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("period_end", "working_days", "due"),
    [
        (date(2025, 6, 30), 20, date(2025, 7, 28)),
        (date(2025, 9, 30), 20, date(2025, 10, 28)),
        # New Year's Day is skipped.
        (date(2025, 12, 31), 20, date(2026, 1, 29)),
        # Good Friday and Easter Monday 2026 are skipped.
        (date(2026, 3, 31), 5, date(2026, 4, 9)),
        # A Friday to the next Monday is one working day.
        (date(2025, 10, 17), 1, date(2025, 10, 20)),
    ],
)
def test_it_counts_working_days_after_the_period_skipping_bank_holidays(
    period_end, working_days, due
):
    assert add_working_days(period_end, working_days) == due


def test_the_due_date_follows_the_contracts_setting(contract_a):
    contract_a.return_due_working_days = 5
    assert due_date_for(contract_a, FinancialYear(2025), "Q4") == date(2026, 4, 9)


def test_it_opens_a_return_for_every_period_ended_and_only_once(contract_a, contract_b):
    first = open_returns(contract=contract_a)
    again = open_returns(contract=contract_a)
    assert [(r.financial_year, r.period) for r in first] == [
        (2025, "Q2"),
        (2025, "Q1"),
        (2024, "Q4"),
        (2024, "Q3"),
        (2024, "Q2"),
        (2024, "Q1"),
    ]
    assert [r.pk for r in again] == [r.pk for r in first]
    halves = open_returns(contract=contract_b)
    assert [(r.financial_year, r.period) for r in halves] == [
        (2025, "H1"),
        (2024, "H2"),
        (2024, "H1"),
    ]


def test_the_overdue_list_has_unsubmitted_returns_past_their_due_date(
    contract_a, contract_b, commissioner
):
    open_returns(contract=contract_a)
    open_returns(contract=contract_b)
    overdue = overdue_returns(date(2025, 10, 20))
    assert ("A-EP", 2025, "Q1") in {(r.contract.ref, r.financial_year, r.period) for r in overdue}
    assert ("A-EP", 2025, "Q2") not in {
        (r.contract.ref, r.financial_year, r.period) for r in overdue
    }
    mine = overdue_returns(date(2025, 10, 20), contracts=Contract.objects.visible_to(commissioner))
    assert {r.contract.ref for r in mine} == {"A-EP"}


def test_it_reminds_the_providers_managers_once_a_day(contract_a, provider_a_manager, provider_a):
    UserFactory(username="worker.x", role=Role.PROVIDER_WORKER, organisation=provider_a)
    out = StringIO()
    call_command("send_return_reminders", "--date", "2025-10-24", stdout=out)
    # Five overdue Cornwall returns (2024 Q1-Q4, 2025 Q1) and Q2, due on 28 October.
    assert len(mail.outbox) == 6
    assert {tuple(message.to) for message in mail.outbox} == {(provider_a_manager.email,)}
    overdue = [m for m in mail.outbox if "2025/26 Q1 overdue" in m.subject]
    assert overdue and "was due on 28/07/2025" in overdue[0].body
    call_command("send_return_reminders", "--date", "2025-10-24", stdout=StringIO())
    assert len(mail.outbox) == 6
    assert ReturnReminder.objects.count() == 6
    call_command("send_return_reminders", "--date", "2025-10-27", stdout=StringIO())
    assert len(mail.outbox) == 12
    assert "6 reminders sent." in out.getvalue()


def test_it_does_not_remind_about_a_submitted_return(contract_a, provider_a_manager, cornwall_q1):
    # A contract starting in 2025, so its only return by August is Q1's.
    Contract.objects.filter(pk=contract_a.pk).update(start_date=date(2025, 4, 1))
    Return.objects.filter(contract=contract_a).exclude(pk=cornwall_q1.pk).delete()
    Return.objects.filter(pk=cornwall_q1.pk).update(
        status="submitted", frozen_figures={}, frozen_at="2025-07-01T10:00Z"
    )
    call_command("send_return_reminders", "--date", "2025-08-01", stdout=StringIO())
    assert mail.outbox == []


def test_the_overdue_page_lists_only_the_persons_own_contracts_in_constant_queries(
    client, contract_a, contract_b, commissioner, council_a, django_assert_num_queries
):
    from django.urls import reverse

    from tests.factories import TEST_PASSWORD

    assert client.login(username=commissioner.username, password=TEST_PASSWORD)
    page = client.get(reverse("overdue_returns")).content.decode()
    assert "A-EP" in page and "B-YPT" not in page
    assert page.count("Overdue returns") >= 1
    # More contracts, more returns: the same queries. Session and user (2), the contracts (1),
    # their returns (1), opening the missing (1), the overdue returns with their contracts and
    # providers (1), the organisation (1).
    from tests.factories import ContractFactory

    for _ in range(3):
        ContractFactory(commissioner=council_a)
    with django_assert_num_queries(7):
        again = client.get(reverse("overdue_returns")).content.decode()
    with django_assert_num_queries(6):
        client.get(reverse("overdue_returns"))
    assert again.count("2025/26 Q1") == 4
    assert "2025/26 Q1" in again and "2025/26 Q2" not in again
