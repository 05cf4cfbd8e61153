"""The payment of a grant: recorded once (a double click records one), it marks the grant paid
and moves its money from committed to paid in the fund's ledger."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from contracts.codes import MAX_GRANT
from contracts.models import required_text

from .applications import Application

PAYMENT_METHODS = {
    "bank_transfer": "Bank transfer",
    "card": "Prepaid card",
    "voucher": "Voucher",
    "supplier": "Paid to the supplier",
    "cash": "Cash",
}


class Payment(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="payment"
    )
    paid_on = models.DateField()
    amount = models.DecimalField("amount (£)", max_digits=10, decimal_places=2)
    method = models.CharField(max_length=20, choices=list(PAYMENT_METHODS.items()))
    reference = models.CharField(
        max_length=100, help_text="The bank's or the supplier's reference, to find it again."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="f4c_payment_positive"),
            models.CheckConstraint(
                condition=Q(amount__lte=Decimal(MAX_GRANT)), name="f4c_payment_at_most_250"
            ),
            models.CheckConstraint(
                condition=Q(method__in=list(PAYMENT_METHODS)), name="f4c_payment_method_valid"
            ),
            required_text("reference", name="f4c_payment_required_text"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} paid on {self.paid_on:%d/%m/%Y}"
