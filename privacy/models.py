"""Legal holds, and the record of each erasure (issue 15, items 5 and 6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from contracts.models import YoungPerson

REASON_LENGTH = 2000


class LegalHoldQuerySet(models.QuerySet):
    def in_force(self) -> LegalHoldQuerySet:
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """While a hold is in force (not lifted) nothing of the young person is erased, by hand
    or by retention: a court case, a complaint or an inquiry needs the records as they are."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="legal_holds"
    )
    reason = models.TextField(max_length=REASON_LENGTH)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            # One hold in force at a time: a second reason is added to the first, or the
            # first is lifted (two people placing one at once: the database keeps one).
            models.UniqueConstraint(
                fields=["young_person"],
                condition=Q(lifted_at__isnull=True),
                name="legal_hold_one_in_force",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="legal_hold_reason_required"),
            # Lifted means by someone, at a time, after it was placed.
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True, lifted_by__isnull=True)
                | Q(
                    lifted_at__isnull=False,
                    lifted_by__isnull=False,
                    lifted_at__gte=models.F("placed_at"),
                ),
                name="legal_hold_lifted_by_someone_after_placing",
            ),
        ]

    def __str__(self) -> str:
        state = "lifted" if self.lifted_at else "in force"
        return f"Legal hold placed {timezone.localtime(self.placed_at):%d/%m/%Y} ({state})"


class Erasure(models.Model):
    """That a young person was erased: who, when, why and how many rows changed. It names
    them by contract and reference only (the young person row stays, anonymised), with plain
    ids like the audit's, so it outlives the young person row if that is ever deleted."""

    contract_pk = models.PositiveBigIntegerField("contract id")
    young_person_pk = models.PositiveBigIntegerField("young person id", db_index=True)
    contract_ref = models.CharField(max_length=50)
    young_person_ref = models.CharField(max_length=50)
    reason = models.TextField(max_length=REASON_LENGTH)
    # None: by the retention command run by no one in particular (cron).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)
    rows_changed = models.PositiveIntegerField(default=0)
    rows_deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="erasure_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_ref} {self.young_person_ref} erased {self.at:%d/%m/%Y}"
