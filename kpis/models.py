from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from contracts.models import Contract


class Target(models.Model):
    """The target a commissioner set for one indicator of a contract for one financial year.

    Without a row the framework's default applies (kpis.frameworks). An empty `value` is a
    target deliberately left empty ("monitor only", not agreed). Every change is a history row
    with who made it and when.
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpi_targets")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2025 is 2025/26."
    )
    indicator = models.CharField(max_length=10)
    value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "financial_year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "financial_year", "indicator"],
                name="kpi_target_one_per_indicator_and_year",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="kpi_target_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=2000, financial_year__lte=2100),
                name="kpi_target_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.financial_year}: {self.value}"
