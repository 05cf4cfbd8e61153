"""Fifty approvals at once against a pot that can take ten: exactly ten are approved, the pot
never goes below zero, and the forty others get a clear message, never an error page.

On PostgreSQL the fifty run in threads released together by a barrier (the fund's row lock
makes them take turns). SQLite's test database is in memory and shared: threads writing to it
at once fail on its table locks, not on Tamar's checks, so there the race is simulated instead:
each approval's locked read of the pot is made to see the pot as it was before any award (what
a lost race would see without the lock), and the compare-and-set UPDATE alone must keep it.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from funds4care.models import Application, Payment
from funds4care.services import Funds4CareError
from funds4care.services import ledger as ledger_module
from funds4care.services.ledger import approve, ledger_of, record_payment
from tests.concurrency import at_once

from .factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

AWARD = Decimal("250.00")


@pytest.fixture
def fifty(fund, spring):
    fund.pot = AWARD * 10
    fund.save()
    return [SubmittedApplicationFactory(round=spring, amount_requested=AWARD) for _ in range(50)]


def approving(application, manager):
    return lambda: approve(application=application, by=manager, amount=AWARD, on=date(2026, 5, 20))


def assert_ten_approved(fund, results):
    approved = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if not isinstance(r, Application)]
    assert len(approved) == 10, results
    assert all(isinstance(r, Funds4CareError) for r in refused), refused
    assert all("was not approved: Funds4 Care 2026/27 has £0.00 left" in str(r) for r in refused)
    assert Application.objects.filter(decision="approved").count() == 10
    assert ledger_of(fund).remaining == Decimal("0.00")
    # Only the winners have their history row.
    assert Application.history.filter(decision="approved").count() == 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need PostgreSQL")
def test_fifty_approvals_at_once_leave_exactly_ten_on_postgresql(fund, fifty, provider_a_manager):
    results = at_once(*[approving(application, provider_a_manager) for application in fifty])
    assert_ten_approved(fund, results)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need PostgreSQL")
def test_a_double_clicked_payment_arriving_together_gives_one(fund, spring, provider_a_manager):
    application = SubmittedApplicationFactory(round=spring, amount_requested=AWARD)
    approve(application=application, by=provider_a_manager, amount=AWARD, on=date(2026, 5, 20))

    def paying():
        return record_payment(
            application=application, by=provider_a_manager, paid_on=date(2026, 5, 21),
            amount=AWARD, method="card", reference="CARD-7",
        )  # fmt: skip

    results = at_once(paying, paying)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and "already recorded" in str(errors[0]), results
    assert Payment.objects.count() == 1


def test_an_award_written_after_the_lock_is_seen_by_the_compare_and_set(
    fund, fifty, provider_a_manager, monkeypatch
):
    """Runs on both databases. SQLite ignores FOR UPDATE, so another approval may commit
    between this one's lock and its write: simulated here by writing another award, as an
    UPDATE from outside the service, just after this approval has taken its locks. The pot
    then has its last £250 committed, and this approval must be refused."""
    first_nine, other, this = fifty[:9], fifty[9], fifty[10]
    for application in first_nine:
        approving(application, provider_a_manager)()
    real = ledger_module._decidable

    def meanwhile(application, by, doing):
        locked = real(application, by, doing)
        Application.objects.filter(pk=other.pk).update(
            decision="approved", decision_date=date(2026, 5, 20), amount_awarded=AWARD
        )
        return locked

    monkeypatch.setattr(ledger_module, "_decidable", meanwhile)
    with pytest.raises(Funds4CareError, match="has £0.00 left, less than the £250.00 award"):
        approving(this, provider_a_manager)()
    this.refresh_from_db()
    assert this.decision == "pending"
    assert not this.events.exists()


def test_fifty_approvals_one_after_another_leave_exactly_ten(fund, fifty, provider_a_manager):
    results = []
    for application in fifty:
        try:
            results.append(approving(application, provider_a_manager)())
        except Funds4CareError as error:
            results.append(error)
    assert_ten_approved(fund, results)
