"""What a key worker keeps about a case beyond its contacts: the contacts they have planned
(their diary, and what is waiting to be written up) and the support plan with its reviews."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..casework.codes import CONTACT_KINDS
from ..codes import choices
from .casework import NOTE_LENGTH, Case, Contact, blank_or_code
from .constraints import ends_after_start, required_text, text_at_most


class PlannedContact(models.Model):
    """A contact a key worker has arranged (their diary). Once it has happened it is waiting
    to be recorded, and overdue when the contract's recording timeframe has passed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="planned_contacts")
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    kind = models.CharField(
        "type of contact", max_length=20, blank=True, default="", choices=choices(CONTACT_KINDS)
    )
    with_whom = models.CharField("with whom", max_length=200, blank=True, default="")
    # Set when it is recorded: the contact it became.
    contact = models.OneToOneField(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="planned"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "time"]
        constraints = [blank_or_code("kind", CONTACT_KINDS, "planned_contact_kind_valid")]

    def __str__(self) -> str:
        return f"Contact planned for {self.date:%d/%m/%Y}"


class SupportPlan(models.Model):
    """A case's plan of support (section 3.1.9 b and e): goals, and the young person's own words
    about them (the voice of the child). Reviewed with them; a review may set the next date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    agreed_date = models.DateField("agreed on")
    goals = models.TextField(max_length=NOTE_LENGTH)
    young_persons_words = models.TextField(
        "in the young person's own words",
        max_length=NOTE_LENGTH,
        help_text="What they want from the work, as they said it.",
    )
    review_date = models.DateField("review by")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-agreed_date", "-pk"]
        constraints = [
            required_text("goals", "young_persons_words", name="support_plan_required_text"),
            models.CheckConstraint(
                condition=Q(review_date__gte=models.F("agreed_date")),
                name="support_plan_reviewed_after_agreed",
            ),
            text_at_most("goals", NOTE_LENGTH, "support_plan_goals_length"),
            text_at_most("young_persons_words", NOTE_LENGTH, "support_plan_words_length"),
        ]

    def __str__(self) -> str:
        return f"Support plan agreed {self.agreed_date:%d/%m/%Y}"


class PlanReview(models.Model):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField()
    progress = models.TextField("progress against the goals", max_length=NOTE_LENGTH)
    young_persons_words = models.TextField(
        "in the young person's own words", max_length=NOTE_LENGTH
    )
    next_review_date = models.DateField("next review by", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            required_text("progress", "young_persons_words", name="plan_review_required_text"),
            ends_after_start("date", "next_review_date", "plan_review_next_after_this"),
            text_at_most("progress", NOTE_LENGTH, "plan_review_progress_length"),
            text_at_most("young_persons_words", NOTE_LENGTH, "plan_review_words_length"),
        ]

    def __str__(self) -> str:
        return f"Plan review on {self.date:%d/%m/%Y}"
