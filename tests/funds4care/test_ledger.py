"""The pot as a ledger: committed (approved, unpaid), paid, remaining; the chair's decisions and
payments, each refused with a clear message when it cannot be."""

from datetime import date
from decimal import Decimal

import pytest

from funds4care.models import Application, Payment
from funds4care.services import Funds4CareError
from funds4care.services.funds import update_fund
from funds4care.services.ledger import (
    approve,
    decline,
    defer,
    ledger_of,
    record_payment,
)

from ..factories import ApplicationFactory
from .factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db

DECIDED = date(2026, 5, 20)
D = Decimal


def pay(application, by, amount=None, reference="BACS-1"):
    application.refresh_from_db()
    return record_payment(
        application=application, by=by, paid_on=date(2026, 5, 25),
        amount=amount or application.amount_awarded, method="bank_transfer", reference=reference,
    )  # fmt: skip


def test_the_ledger_counts_committed_paid_and_remaining(fund, spring, provider_a_manager):
    fund.pot = D("1000.00")
    fund.save()
    a, b, c, d = (SubmittedApplicationFactory(round=spring) for _ in range(4))
    approve(application=a, by=provider_a_manager, amount=D("200.00"), on=DECIDED)
    approve(application=b, by=provider_a_manager, amount=D("150.50"), on=DECIDED)
    approve(application=c, by=provider_a_manager, amount=D("120.00"), on=DECIDED)
    decline(application=d, by=provider_a_manager, reason="No quote", on=DECIDED)
    pay(a, provider_a_manager)
    pay(c, provider_a_manager, amount=D("99.99"))  # cheaper in the end: the rest goes back
    ledger = ledger_of(fund)
    # committed: b 150.50; paid: a 200.00 + c 99.99 = 299.99; remaining 1000 - 450.49.
    assert (ledger.pot, ledger.committed, ledger.paid) == (D("1000"), D("150.50"), D("299.99"))
    assert ledger.remaining == D("549.51")


def test_imported_awards_of_the_year_count_and_other_years_do_not(
    fund, contract_a, provider_a_manager
):
    ApplicationFactory(contract=contract_a, decision="approved", decision_date=date(2026, 4, 1),
                       submitted_date=date(2026, 3, 20), amount_awarded=D("80.00"))  # fmt: skip
    ApplicationFactory(contract=contract_a, decision="approved", decision_date=date(2026, 3, 31),
                       submitted_date=date(2026, 3, 20), amount_awarded=D("70.00"))  # fmt: skip
    assert ledger_of(fund).committed == D("80.00")


def test_an_award_is_at_most_the_request_and_the_cap(fund, spring, provider_a_manager):
    asked = SubmittedApplicationFactory(round=spring, amount_requested=D("400.00"))
    with pytest.raises(Funds4CareError, match=r"more than the fund's largest grant, £250.00"):
        approve(application=asked, by=provider_a_manager, amount=D("250.01"), on=DECIDED)
    with pytest.raises(Funds4CareError, match=r"more than the £400.00 requested"):
        approve(application=asked, by=provider_a_manager, amount=D("400.01"), on=DECIDED)
    approved = approve(application=asked, by=provider_a_manager, amount=D("250"), on=DECIDED)
    assert (approved.decision, approved.decision_date, approved.amount_awarded) == (
        "approved", DECIDED, D("250"),
    )  # fmt: skip
    event = approved.events.last()
    assert (event.action, event.to_status, event.comment) == (
        "approved",
        "approved",
        "£250.00 awarded",
    )


def test_approving_never_takes_the_pot_below_zero(fund, spring, provider_a_manager):
    fund.pot = D("300.00")
    fund.save()
    first, second = (SubmittedApplicationFactory(round=spring) for _ in range(2))
    approve(application=first, by=provider_a_manager, amount=D("200.00"), on=DECIDED)
    with pytest.raises(Funds4CareError) as refused:
        approve(application=second, by=provider_a_manager, amount=D("100.01"), on=DECIDED)
    assert str(refused.value) == (
        f"Application {second.ref} was not approved: Funds4 Care 2026/27 has £100.00 left, less "
        "than the £100.01 award. Nothing was changed; award less, or decline or defer it."
    )
    second.refresh_from_db()
    assert second.decision == "pending" and not second.events.filter(action="approved").exists()
    approve(application=second, by=provider_a_manager, amount=D("100.00"), on=DECIDED)
    assert ledger_of(fund).remaining == D("0.00")


def test_a_second_decision_is_told_the_first(spring, provider_a_manager):
    application = SubmittedApplicationFactory(round=spring)
    approve(application=application, by=provider_a_manager, amount=D("10"), on=DECIDED)
    with pytest.raises(Funds4CareError, match=r"already approved \(approved by .* at "):
        decline(application=application, by=provider_a_manager, reason="x", on=DECIDED)


def test_declining_needs_a_reason(spring, provider_a_manager):
    application = SubmittedApplicationFactory(round=spring)
    with pytest.raises(Funds4CareError, match="Say why it is declined"):
        decline(application=application, by=provider_a_manager, reason="  ", on=DECIDED)
    declined = decline(
        application=application, by=provider_a_manager, reason="No quote", on=DECIDED
    )
    assert (declined.status, declined.decline_reason) == ("declined", "No quote")


def test_deferring_moves_it_to_the_next_round_still_pending(spring, summer, provider_a_manager):
    application = SubmittedApplicationFactory(round=spring)
    deferred = defer(application=application, by=provider_a_manager)
    assert deferred.round == summer and deferred.status == "submitted"
    assert deferred.events.last().comment == "From Spring 2026 to Summer 2026"
    with pytest.raises(Funds4CareError, match="last round of Funds4 Care 2026/27"):
        defer(application=deferred, by=provider_a_manager)


def test_a_payment_is_recorded_once(spring, provider_a_manager):
    application = SubmittedApplicationFactory(round=spring)
    approve(application=application, by=provider_a_manager, amount=D("120"), on=DECIDED)
    pay(application, provider_a_manager)
    with pytest.raises(Funds4CareError, match=r"already recorded \(£120.00 on 25/05/2026"):
        pay(application, provider_a_manager, reference="BACS-2")
    assert Payment.objects.count() == 1
    assert Application.objects.get(pk=application.pk).status == "paid"
    assert list(application.events.values_list("action", flat=True)) == ["approved", "paid"]


def test_only_an_approved_grant_is_paid_and_not_more_than_awarded(spring, provider_a_manager):
    application = SubmittedApplicationFactory(round=spring)
    with pytest.raises(Funds4CareError, match="not approved: there is nothing to pay"):
        pay(application, provider_a_manager, amount=D("10"))
    approve(application=application, by=provider_a_manager, amount=D("120"), on=DECIDED)
    with pytest.raises(Funds4CareError, match=r"£120.01 is more than the £120.00 awarded"):
        pay(application, provider_a_manager, amount=D("120.01"))
    with pytest.raises(Funds4CareError, match="reference"):
        pay(application, provider_a_manager, reference=" ")


def test_only_the_providers_managers_decide_and_pay(
    spring, provider_a_worker, commissioner, provider_b_worker
):
    application = SubmittedApplicationFactory(round=spring)
    for person in (provider_a_worker, commissioner, provider_b_worker):
        with pytest.raises(Funds4CareError, match="Only the provider's managers"):
            approve(application=application, by=person, amount=D("10"), on=DECIDED)


def test_the_pot_cannot_be_set_below_what_is_spent(fund, spring, provider_a_manager):
    approve(application=SubmittedApplicationFactory(round=spring), by=provider_a_manager,
            amount=D("200"), on=DECIDED)  # fmt: skip
    with pytest.raises(Funds4CareError, match=r"less than the £200.00 already awarded"):
        update_fund(fund=fund, by=provider_a_manager, values={"pot": D("199.99")})
    changed = update_fund(fund=fund, by=provider_a_manager, values={"pot": D("200")})
    assert changed.pot == D("200") and changed.history.count() == 2
