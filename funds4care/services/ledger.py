"""The pot as a ledger, and the chair's decisions and payments that move it.

Per fund: committed (approved awards not yet paid), paid (payments recorded) and remaining
(the pot less both). Approving never takes what remains below zero, however many approvals
arrive at once: each approval locks the fund's row (PostgreSQL makes the others wait, then
they see the first one's award), and the approval itself is a compare-and-set, an UPDATE that
writes only if the award still fits when it runs. SQLite ignores FOR UPDATE but runs one
writer at a time (and Tamar's transactions take the write lock when they begin), so the
UPDATE's check is what guards it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import (
    DecimalField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from contracts.models import User

from ..models import PAYMENT_METHODS, Application, Fund, Payment, Round
from .common import Funds4CareError, checked, record_event, require_manager

MONEY = DecimalField(max_digits=12, decimal_places=2)
ZERO = Decimal("0.00")


def of_fund(fund: Fund) -> Q:
    """The applications whose money is the fund's: those of its rounds, and those with no round
    (imported) of the same contract decided in the fund's year."""
    start, end = date(fund.financial_year, 4, 1), date(fund.financial_year + 1, 3, 31)
    return Q(round__fund=fund) | Q(
        round__isnull=True, contract_id=fund.contract_id, decision_date__range=(start, end)
    )


def _sum(queryset, field: str) -> Coalesce:
    """SUM(field) of a queryset as a subquery (no GROUP BY), 0 when there are no rows."""
    total = queryset.order_by().annotate(total=Func(F(field), function="SUM")).values("total")
    return Coalesce(Subquery(total[:1], output_field=MONEY), Value(ZERO), output_field=MONEY)


def _committed(fund: Fund):
    unpaid = ~Exists(Payment.objects.filter(application=OuterRef("pk")))
    return Application.objects.filter(of_fund(fund), unpaid, decision="approved")


def _spent(fund: Fund):
    """Committed plus paid, as one database expression (used inside the approval's UPDATE)."""
    return _sum(_committed(fund), "amount_awarded") + _sum(
        Payment.objects.filter(
            application__in=Application.objects.filter(of_fund(fund)).values("pk")
        ),
        "amount",
    )


@dataclass(frozen=True)
class Ledger:
    pot: Decimal
    committed: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.pot - self.committed - self.paid

    def share(self, part: Decimal) -> int:
        """A part of the pot as a whole percentage (for the bar)."""
        return 0 if not self.pot else min(100, int(round(part * 100 / self.pot)))

    @property
    def paid_share(self) -> int:
        return self.share(self.paid)

    @property
    def committed_share(self) -> int:
        return self.share(self.committed)


def ledger_of(fund: Fund) -> Ledger:
    """The fund's pot, committed and paid: one query."""
    row = (
        Fund.objects.filter(pk=fund.pk)
        .annotate(
            committed=_sum(_committed(fund), "amount_awarded"),
            paid=_sum(
                Payment.objects.filter(
                    application__in=Application.objects.filter(of_fund(fund)).values("pk")
                ),
                "amount",
            ),
        )
        .values("pot", "committed", "paid")
        .get()
    )
    return Ledger(pot=row["pot"], committed=Decimal(row["committed"]), paid=Decimal(row["paid"]))


def spent_on(fund: Fund) -> Decimal:
    ledger = ledger_of(fund)
    return ledger.committed + ledger.paid


def _decidable(application: Application, by: User, doing: str) -> Application:
    """The application, locked and fresh, if the chair may decide it now."""
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("contract", "round__fund", "young_person")
        .get(pk=application.pk)
    )
    require_manager(by, locked.contract, doing)
    if locked.stage != Application.Stage.SUBMITTED:
        raise Funds4CareError(
            f"{locked} is {locked.get_stage_display().lower()}: it cannot be decided."
        )
    if locked.decision != "pending":
        raise Funds4CareError(already(locked))
    return locked


def already(application: Application) -> str:
    last = application.events.select_related("by").order_by("-at", "-id").first()
    said = f"{application} is already {application.status}"
    if last is None:
        return f"{said}; nothing was changed."
    who = last.by.get_full_name() or last.by.username
    when = timezone.localtime(last.at).strftime("%d/%m/%Y %H:%M")
    return f"{said} ({last.action} by {who} at {when}); nothing was changed."


def approve(*, application: Application, by: User, amount: Decimal, on: date) -> Application:
    """Award a grant: at most the request and the fund's cap, and never more than the pot has
    left. The loser of a race for the last of the pot is told so, and nothing changes."""
    if amount is None or amount <= 0:
        raise Funds4CareError("Give the amount awarded: more than £0.")
    with transaction.atomic():
        fund_id = (
            Application.objects.filter(pk=application.pk)
            .values_list("round__fund", flat=True)
            .get()
        )
        if fund_id is None:
            raise Funds4CareError(
                f"{application} belongs to no round: it was imported, and is decided there."
            )
        # The fund's row first, then the application's: every approval takes them in this
        # order, so two never wait for each other.
        fund = Fund.objects.select_for_update().get(pk=fund_id)
        locked = _decidable(application, by, "decide on applications")
        if amount > locked.amount_requested:
            raise Funds4CareError(
                f"£{amount:,.2f} is more than the £{locked.amount_requested:,.2f} requested."
            )
        if amount > fund.grant_cap:
            raise Funds4CareError(
                f"£{amount:,.2f} is more than the fund's largest grant, £{fund.grant_cap:,.2f}."
            )
        if on < locked.submitted_date:
            raise Funds4CareError(
                f"A decision cannot come before the application ({locked.submitted_date:%d/%m/%Y})."
            )
        # Compare-and-set: written only if, as the UPDATE runs, the fund's pot still covers
        # what is committed and paid plus this award.
        fits = GreaterThanOrEqual(
            Subquery(Fund.objects.filter(pk=fund.pk).values("pot")[:1], output_field=MONEY)
            - _spent(fund),
            Value(amount, output_field=MONEY),
        )
        moved = (
            Application.objects.filter(pk=locked.pk, decision="pending", stage="submitted")
            .filter(fits)
            .update(decision="approved", decision_date=on, amount_awarded=amount)
        )
        if moved != 1:
            left = ledger_of(fund).remaining
            raise Funds4CareError(
                f"{locked} was not approved: {fund} has £{left:,.2f} left, less than the "
                f"£{amount:,.2f} award. Nothing was changed; award less, or decline or defer it."
            )
        locked.decision, locked.decision_date, locked.amount_awarded = "approved", on, amount
        # The UPDATE wrote no history: this save writes the same values, and its history row.
        locked.save(update_fields=["decision", "decision_date", "amount_awarded"])
        record_event(locked, action="approved", from_status="submitted", by=by,
                     comment=f"£{amount:,.2f} awarded")  # fmt: skip
    return locked


def decline(*, application: Application, by: User, reason: str, on: date) -> Application:
    reason = (reason or "").strip()
    if not reason:
        raise Funds4CareError("Say why it is declined: the young person will be told.")
    with transaction.atomic():
        locked = _decidable(application, by, "decide on applications")
        if on < locked.submitted_date:
            raise Funds4CareError(
                f"A decision cannot come before the application ({locked.submitted_date:%d/%m/%Y})."
            )
        locked.decision, locked.decision_date, locked.decline_reason = "declined", on, reason
        checked(locked)
        locked.save(update_fields=["decision", "decision_date", "decline_reason"])
        record_event(locked, action="declined", from_status="submitted", by=by, comment=reason)
    return locked


def next_round(application: Application) -> Round | None:
    current = application.round
    if current is None:
        return None
    return (
        Round.objects.filter(fund_id=current.fund_id, opens_on__gt=current.opens_on)
        .order_by("opens_on", "id")
        .first()
    )


def defer(*, application: Application, by: User, to_round: Round | None = None) -> Application:
    """Move a pending application to a later round of the same fund (the next, unless said)."""
    with transaction.atomic():
        locked = _decidable(application, by, "defer applications")
        target = to_round or next_round(locked)
        if target is None:
            raise Funds4CareError(
                f"{locked.round} is the last round of {locked.round.fund}: open the next round "
                "first, then defer it there."
            )
        if target.fund_id != locked.round.fund_id or target.pk == locked.round_id:
            raise Funds4CareError("Defer it to a later round of the same fund.")
        was = locked.round
        locked.round = target
        locked.save(update_fields=["round"])
        # The next round's panel scores it afresh: the old round's sheets would read as its own.
        cleared, _ = locked.score_sheets.all().delete()
        comment = f"From {was} to {target}"
        if cleared:
            comment += f"; the scores given in {was} were cleared for the new panel"
        record_event(locked, action="deferred", from_status="submitted", by=by, comment=comment)
    return locked


def record_payment(
    *,
    application: Application,
    by: User,
    paid_on: date,
    amount: Decimal,
    method: str,
    reference: str,
) -> Payment:
    """Record the payment of an approved grant, once: a second (a double click) is told it is
    already recorded, and nothing changes."""
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("contract")
            .get(pk=application.pk)
        )
        require_manager(by, locked.contract, "record payments")
        if Payment.objects.filter(application=locked).exists():
            raise Funds4CareError(_paid_already(locked))
        if locked.decision != "approved":
            raise Funds4CareError(f"{locked} is not approved: there is nothing to pay.")
        if amount is None or amount <= 0:
            raise Funds4CareError("Give the amount paid: more than £0.")
        if amount > locked.amount_awarded:
            raise Funds4CareError(
                f"£{amount:,.2f} is more than the £{locked.amount_awarded:,.2f} awarded."
            )
        if paid_on < locked.decision_date:
            raise Funds4CareError(
                f"It was approved on {locked.decision_date:%d/%m/%Y}: it cannot be paid before."
            )
        if method not in PAYMENT_METHODS:
            raise Funds4CareError("Choose how it was paid.")
        payment = Payment(
            application=locked,
            paid_on=paid_on,
            amount=amount,
            method=method,
            reference=(reference or "").strip(),
            recorded_by=by,
        )
        if not payment.reference:
            raise Funds4CareError("Give the payment's reference (the bank's or the supplier's).")
        # The one-to-one is left to the database, where a double click cannot slip past it.
        checked(payment, exclude=["application"])
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError:
            # The one-to-one: a payment saved in the same instant (SQLite's lock, or another
            # database's), whose row this transaction could not yet see.
            raise Funds4CareError(_paid_already(locked)) from None
        locked.payment = payment
        record_event(locked, action="paid", from_status="approved", by=by,
                     comment=f"£{amount:,.2f} ({PAYMENT_METHODS[method].lower()}), "
                     f"reference {payment.reference}")  # fmt: skip
    return payment


def _paid_already(application: Application) -> str:
    payment = Payment.objects.select_related("recorded_by").get(application=application)
    who = payment.recorded_by.get_full_name() or payment.recorded_by.username
    return (
        f"The payment of {application} is already recorded (£{payment.amount:,.2f} on "
        f"{payment.paid_on:%d/%m/%Y}, by {who}); nothing was changed."
    )
