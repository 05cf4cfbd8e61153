"""A contract's Funds4 Care fund for a financial year (its pot, the cap per grant and the
eligibility agreed with the council), its rounds (open and close dates, a panel of members) and
each round's rubric (criteria with weights, made with young people)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from contracts.codes import CARE_STATUSES, MAX_GRANT
from contracts.models import Contract, required_text

DEFAULT_POT = Decimal("40000.00")
# Who may apply unless the fund says otherwise: children in care and care leavers, 11 to 25.
DEFAULT_CARE_STATUSES = ["in_care", "care_leaver"]


class Fund(models.Model):
    """The Funds4 Care pot of one contract for one financial year, and who may apply to it.

    The provider's manager edits it, the commissioner sees it; every change is a history row.
    The pot is a ledger (funds4care.ledger): approvals commit money, payments spend it, and
    approving never takes what remains below zero (the fund's row is locked while it is
    checked)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="f4c_funds")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2026 is 2026/27."
    )
    pot = models.DecimalField(
        "pot (£)", max_digits=10, decimal_places=2, default=DEFAULT_POT,
        validators=[MinValueValidator(Decimal("0.00"))],
    )  # fmt: skip
    grant_cap = models.DecimalField(
        "largest grant (£)", max_digits=10, decimal_places=2, default=Decimal(MAX_GRANT),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(MAX_GRANT))],
    )  # fmt: skip
    min_age = models.PositiveSmallIntegerField("youngest age", default=11)
    max_age = models.PositiveSmallIntegerField("oldest age", default=25)
    care_statuses = models.JSONField(
        default=list, help_text="The care statuses that may apply, on the day of applying."
    )
    grants_per_year = models.PositiveSmallIntegerField(
        "grants a young person may have in the year", default=2,
        validators=[MinValueValidator(1)],
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "-financial_year"]
        verbose_name = "Funds4 Care fund"
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "financial_year"], name="f4c_fund_one_a_year"
            ),
            models.CheckConstraint(condition=Q(pot__gte=0), name="f4c_fund_pot_not_negative"),
            models.CheckConstraint(
                condition=Q(grant_cap__gt=0, grant_cap__lte=Decimal(MAX_GRANT)),
                name="f4c_fund_cap_at_most_250",
            ),
            models.CheckConstraint(
                condition=Q(min_age__lte=F("max_age")), name="f4c_fund_ages_in_order"
            ),
            models.CheckConstraint(
                condition=Q(grants_per_year__gte=1), name="f4c_fund_at_least_one_grant"
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=2000, financial_year__lte=2100),
                name="f4c_fund_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"Funds4 Care {self.financial_year}/{(self.financial_year + 1) % 100:02d}"

    def save(self, *args, **kwargs) -> None:
        if not self.care_statuses and self._state.adding:
            self.care_statuses = list(DEFAULT_CARE_STATUSES)
        super().save(*args, **kwargs)

    @property
    def care_status_labels(self) -> list[str]:
        return [CARE_STATUSES.get(code, code) for code in self.care_statuses]


class Round(models.Model):
    """A round of the fund: applications come in between its open and close dates, then its
    panel scores them against its rubric and the chair (the provider's manager) decides."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(max_length=100)
    opens_on = models.DateField()
    closes_on = models.DateField()
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="f4c_rounds", blank=True,
        help_text="The grant panel members who score this round's applications.",
    )  # fmt: skip

    history = HistoricalRecords(m2m_fields=[panel])

    class Meta:
        ordering = ["fund", "opens_on", "id"]
        constraints = [
            required_text("name", name="f4c_round_required_text"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="f4c_round_closes_after_opening"
            ),
            models.UniqueConstraint(fields=["fund", "name"], name="f4c_round_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, on: date) -> bool:
        return self.opens_on <= on <= self.closes_on


class Criterion(models.Model):
    """One criterion of a round's rubric: scored 0 to 5, or "not applicable" (left out of that
    application's average, never counted as 0), weighted in the average."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=100)
    guidance = models.CharField(
        max_length=300, blank=True, help_text="What a 5 looks like, in the panel's own words."
    )
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "position", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            required_text("name", name="f4c_criterion_required_text"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=10), name="f4c_criterion_weight_1_to_10"
            ),
            models.UniqueConstraint(fields=["round", "name"], name="f4c_criterion_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
