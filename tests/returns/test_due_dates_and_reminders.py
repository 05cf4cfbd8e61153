"""Due dates (working days after the period ends, following the contract's setting), the
overdue list and the daily reminders."""

from datetime import date
from io import StringIO
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.urls import reverse

from contracts.dates import add_working_days
from contracts.models import Contract, Role
from kpis.engine.periods import FinancialYear
from kpis.models import Return, ReturnReminder
from kpis.returns.due import due_date_for, follow_due_date_setting, open_returns
from kpis.returns.queries import latest_returns_for, overdue_returns
from kpis.returns.workflow import submit_return
from tests.factories import UserFactory

from .test_workflow_services import explain_everything

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
    # More contracts, more returns: the same queries, and nothing written (the daily command
    # opens returns; the page lists the periods not opened yet). Session and user (2), the
    # contracts (1), their returns (1), the overdue returns with their contracts and providers
    # (1), the organisation (1).
    from tests.factories import ContractFactory

    for _ in range(3):
        ContractFactory(commissioner=council_a)
    with django_assert_num_queries(6):
        again = client.get(reverse("overdue_returns")).content.decode()
    assert not Return.objects.exists()
    assert 'data-testid="unopened"' in again
    call_command("open_returns", stdout=StringIO())
    with django_assert_num_queries(6):
        opened = client.get(reverse("overdue_returns")).content.decode()
    assert 'data-testid="unopened"' not in opened
    assert opened.count("2025/26 Q1") == again.count("2025/26 Q1") == 4
    assert "2025/26 Q1" in again and "2025/26 Q2" not in again


def due_dates(contract) -> dict[tuple[int, str], date]:
    return {
        (ret.financial_year, ret.period): ret.due_date
        for ret in Return.objects.filter(contract=contract)
    }


def test_when_the_setting_changes_the_returns_not_yet_submitted_follow_it(
    client, contract_a, commissioner, cornwall_q1, provider_a_manager
):
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    client.force_login(commissioner)
    form = {
        "title": contract_a.title,
        "start_date": contract_a.start_date.isoformat(),
        "end_date": contract_a.end_date.isoformat(),
        "annual_value": str(contract_a.annual_value),
        "record_timeframe_days": contract_a.record_timeframe_days,
        "return_due_working_days": 5,
        "residential_placement_codes": contract_a.residential_placement_codes,
        "mentoring_first_review_weeks": contract_a.mentoring_first_review_weeks,
        "mentoring_review_months": contract_a.mentoring_review_months,
    }
    response = client.post(reverse("contracts:edit", kwargs={"pk": contract_a.pk}), form)
    assert response.status_code == 302
    due = due_dates(contract_a)
    # Five working days after each quarter: 30 June 2025 (a Monday) to 7 July; 30 September
    # to 7 October; 31 March 2025 to 7 April.
    assert due[(2025, "Q2")] == date(2025, 10, 7)
    assert due[(2024, "Q4")] == date(2025, 4, 7)
    # The submitted return keeps the date it was due by.
    assert due[(2025, "Q1")] == date(2025, 7, 28)
    # And the overdue list follows: Q2 (due 7 October) is now late on 20 October.
    overdue = {(r.financial_year, r.period) for r in overdue_returns(date(2025, 10, 20))}
    assert (2025, "Q2") in overdue


def test_a_setting_changed_elsewhere_is_caught_up_by_the_daily_command(
    client, contract_a, provider_a_manager, django_assert_num_queries
):
    open_returns(contract=contract_a)
    # The admin or a shell: no form, no service call.
    Contract.objects.filter(pk=contract_a.pk).update(return_due_working_days=5)
    call_command("open_returns", stdout=StringIO())
    client.force_login(provider_a_manager)
    page = client.get(reverse("returns:list", kwargs={"pk": contract_a.pk})).content.decode()
    assert "07/10/2025" in page
    assert due_dates(contract_a)[(2025, "Q2")] == date(2025, 10, 7)
    # Once caught up, nothing more is written.
    contract_a.refresh_from_db()
    with django_assert_num_queries(1):
        changed = follow_due_date_setting(contract=contract_a)
    assert changed == 0


def test_the_latest_return_is_the_latest_period_whatever_the_due_dates(
    contract_a, cornwall_q1, provider_a_manager
):
    open_returns(contract=contract_a)
    # Q1 submitted when returns were due 75 working days after the quarter (15 October), Q2
    # due five days after its own (7 October): Q1's due date is the later one.
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager)
    Return.objects.filter(pk=cornwall_q1.pk).update(due_date=date(2025, 10, 15))
    Contract.objects.filter(pk=contract_a.pk).update(return_due_working_days=5)
    contract_a.refresh_from_db()
    follow_due_date_setting(contract=contract_a)
    q2 = Return.objects.get(contract=contract_a, financial_year=2025, period="Q2")
    assert q2.due_date < Return.objects.get(pk=cornwall_q1.pk).due_date
    (latest,) = latest_returns_for(Contract.objects.filter(pk=contract_a.pk))
    assert latest.ret == q2
    assert latest.submitted == cornwall_q1
    assert [(r.financial_year, r.period) for r in open_returns(contract=contract_a)][:3] == [
        (2025, "Q2"),
        (2025, "Q1"),
        (2024, "Q4"),
    ]
    assert Return.objects.filter(contract=contract_a).first() == q2


class RefusingBackend(EmailBackend):
    """A mail server that refuses one address (and takes the rest)."""

    refused = "refused@provider-b.example"

    def send_messages(self, messages):
        for message in messages:
            if self.refused in message.to:
                raise SMTPRecipientsRefused({self.refused: (550, b"No such mailbox")})
        return super().send_messages(messages)


def test_one_refused_e_mail_does_not_stop_the_others_and_is_tried_again(
    settings, contract_a, contract_b, provider_a_manager, provider_b, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    UserFactory(
        username="manager.b",
        role=Role.PROVIDER_MANAGER,
        organisation=provider_b,
        email=RefusingBackend.refused,
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="3 reminders could not be sent"):
        call_command("send_return_reminders", "--date", "2025-10-24", stdout=out, stderr=err)
    # A's six returns (see above) were sent; B's three half years (2024 H1 and H2, 2025 H1)
    # were refused, logged, and left without a reminder row.
    assert len(mail.outbox) == 6
    assert {tuple(message.to) for message in mail.outbox} == {(provider_a_manager.email,)}
    assert "6 reminders sent." in out.getvalue()
    assert err.getvalue().count("NOT SENT") == 3
    assert "No such mailbox" in err.getvalue()
    assert "was not sent" in caplog.text
    assert ReturnReminder.objects.filter(ret__contract=contract_b).count() == 0
    assert ReturnReminder.objects.filter(ret__contract=contract_a).count() == 6

    # The server takes B's address again: the next run sends only what failed.
    RefusingBackend.refused = "nobody@example.invalid"
    try:
        call_command("send_return_reminders", "--date", "2025-10-24", stdout=StringIO())
    finally:
        RefusingBackend.refused = "refused@provider-b.example"
    assert len(mail.outbox) == 9
    assert [tuple(m.to) for m in mail.outbox[6:]] == [("refused@provider-b.example",)] * 3
    assert ReturnReminder.objects.filter(ret__contract=contract_b).count() == 3


@pytest.mark.parametrize("error", [OSError("Connection refused"), TimeoutError("timed out")])
def test_a_mail_server_that_does_not_answer_is_reported_not_raised(
    settings, contract_a, provider_a_manager, monkeypatch, error
):
    def down(*args, **kwargs):
        raise error

    monkeypatch.setattr("kpis.returns.reminders.send_mail", down)
    err = StringIO()
    with pytest.raises(CommandError, match="6 reminders could not be sent"):
        call_command("send_return_reminders", "--date", "2025-10-24", stdout=StringIO(), stderr=err)
    assert not ReturnReminder.objects.exists()
    assert str(error) in err.getvalue()
