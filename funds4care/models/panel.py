"""The youth panel's work on a round: each member's declaration of any conflict of interest per
application, and their scores (0 to 5, or not applicable) per criterion, saved as they go and
submitted once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from contracts.models.constraints import text_at_most

from .applications import Application
from .funds import Criterion

PANEL_COMMENT_MAX = 1000


class ScoreSheet(models.Model):
    """One panel member's view of one application: the conflict they declared, and when they
    submitted their scores (after which they cannot change them)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="score_sheets"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="f4c_score_sheets"
    )
    conflicted = models.BooleanField(
        help_text="The member knows the young person, or would gain from the grant."
    )
    declared_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member"], name="f4c_one_sheet_per_member"
            ),
            # A member with a conflict scores nothing, so has nothing to submit.
            models.CheckConstraint(
                condition=Q(conflicted=False) | Q(submitted_at__isnull=True),
                name="f4c_conflicted_member_submits_nothing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.application}"


class Score(models.Model):
    """A member's score of one criterion: 0 to 5, or empty for "not applicable"."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=PANEL_COMMENT_MAX)

    class Meta:
        ordering = ["sheet", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="f4c_score_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=5),
                name="f4c_score_0_to_5",
            ),
            text_at_most("comment", PANEL_COMMENT_MAX, "f4c_score_comment_length"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {'n/a' if self.value is None else self.value}"
