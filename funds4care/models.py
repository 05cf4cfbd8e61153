from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from contracts.codes import DECISIONS, MAX_GRANT, choices
from contracts.models import Contract, YoungPerson, required_text


class Funds4CareRole(models.Model):
    """A young person's role in running Funds4 Care (panel member, chair, evaluator...)."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="f4c_roles"
    )
    role = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["young_person", "start_date"]
        verbose_name = "Funds4 Care role"
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "role", "start_date"], name="f4c_role_once_a_day"
            ),
            required_text("role", name="f4c_role_required_text"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="f4c_role_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} from {self.start_date:%d/%m/%Y}"


class Application(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="f4c_applications"
    )
    ref = models.CharField("reference", max_length=50)
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="f4c_applications"
    )
    submitted_date = models.DateField()
    amount_requested = models.DecimalField(
        "amount requested (£)",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    decision = models.CharField(max_length=10, choices=choices(DECISIONS), default="pending")
    decision_date = models.DateField(null=True, blank=True)
    amount_awarded = models.DecimalField(
        "amount awarded (£)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(Decimal(MAX_GRANT))],
    )
    onward_support = models.BooleanField(
        default=False, help_text="The application led to onward non-financial support."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_date", "ref"]
        verbose_name = "Funds4 Care application"
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "ref"], name="f4c_application_ref_unique_in_contract"
            ),
            required_text("ref", name="f4c_application_required_text"),
            models.CheckConstraint(
                condition=Q(decision__in=list(DECISIONS)), name="f4c_application_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__gte=0),
                name="f4c_application_request_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True)
                | (
                    Q(amount_awarded__gte=0, amount_awarded__lte=Decimal(MAX_GRANT))
                    & Q(amount_awarded__lte=models.F("amount_requested"))
                ),
                name="f4c_award_at_most_250_and_the_request",
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True) | Q(decision="approved"),
                name="f4c_award_only_when_approved",
            ),
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True)
                | Q(decision_date__gte=models.F("submitted_date")),
                name="f4c_decided_after_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"Application {self.ref}"

    def clean(self) -> None:
        super().clean()
        if (
            self.amount_awarded is not None
            and self.amount_requested is not None
            and self.amount_awarded > self.amount_requested
        ):
            raise ValidationError(
                {"amount_awarded": "The award cannot be more than the amount requested."}
            )
        if self.amount_awarded is not None and self.decision != "approved":
            raise ValidationError({"amount_awarded": "Only an approved application has an award."})
