"""The record of each import of a file into a contract (the importer writes it)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .organisations import Contract, User


class ImportRun(models.Model):
    """One import of a file into a contract: who, what, when, and how it went.

    Written after the import's own transaction, so a refused import is kept too.
    """

    class Outcome(models.TextChoices):
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Refused: nothing changed"

    contract = models.ForeignKey(
        Contract,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_runs",
        help_text="Empty when a refused file named a contract that does not exist.",
    )
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        help_text="Empty for an import run from the command line.",
    )
    file_name = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    # {"young_people": {"created": 3, "updated": 0, "unchanged": 5}, ...} in table order.
    counts = models.JSONField(default=dict, blank=True)
    problem_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["imported", "refused"]), name="import_run_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(finished_at__gte=models.F("started_at")),
                name="import_run_finishes_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["contract", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_outcome_display().lower()})"
