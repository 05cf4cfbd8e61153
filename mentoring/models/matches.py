"""Mentees referred for a mentor, their matches, and what happens in a match: goals agreed,
reviews with each goal's progress, appointments the mentor supported (1.11), and how it ended.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from contracts.codes import APPOINTMENT_TYPES, GENDERS, choices
from contracts.dates import one_year_after
from contracts.models import Contract, YoungPerson, required_text
from contracts.models.constraints import LOCALITY_LENGTH, ends_after_start, text_at_most
from contracts.models.organisations import User

from ..codes import CLOSURE_REASONS, GOAL_PROGRESS
from .mentors import Mentor


class Match(models.Model):
    """A peer-mentoring match: at most 12 calendar months, so it has a limit date.

    `limit_date` is the same day a year after the start (from 29 February, 28 February). A
    match with no end date is active to its limit; an end date may not pass it. The limit is
    computed in save() (and by the import, which bulk-creates); the database holds the limit to
    the start and every end date to its limit. A mentor is never matched with themself (a
    trigger, see contracts.records.triggers).
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="matches")
    ref = models.CharField("reference", max_length=50)
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="matches")
    mentee = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="matches")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    limit_date = models.DateField(editable=False)
    closure_reason = models.CharField(
        "why it ended", max_length=20, choices=choices(CLOSURE_REASONS), blank=True, default=""
    )
    closure_note = models.TextField("how it ended", max_length=2000, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "ref"]
        verbose_name_plural = "matches"
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "ref"], name="match_ref_unique_in_contract"
            ),
            required_text("ref", name="match_required_text"),
            models.CheckConstraint(
                condition=Q(closure_reason="") | Q(closure_reason__in=list(CLOSURE_REASONS)),
                name="match_closure_reason_valid",
            ),
            text_at_most("closure_note", 2000, "match_closure_note_length"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="match_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__lte=models.F("limit_date")),
                name="match_at_most_12_months",
            ),
            models.CheckConstraint(
                condition=Q(limit_date__gt=models.F("start_date")),
                name="match_limit_after_start",
            ),
            # The limit is one_year_after(start_date), held here so that no write (an update()
            # of the start, a bulk_create) can stretch a match: the same day and month a year
            # later, or 28 February for a start on 29 February.
            models.CheckConstraint(
                condition=Q(
                    limit_date__year=models.F("start_date__year") + 1,
                    limit_date__month=models.F("start_date__month"),
                )
                & (
                    Q(limit_date__day=models.F("start_date__day"))
                    | Q(start_date__month=2, start_date__day=29, limit_date__day=28)
                ),
                name="match_limit_is_12_months_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Match {self.ref}"

    def save(self, *args, **kwargs) -> None:
        self.limit_date = one_year_after(self.start_date)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                raise ValidationError({"end_date": "The end date cannot be before the start."})
            if self.end_date > one_year_after(self.start_date):
                raise ValidationError(
                    {
                        "end_date": "A match lasts at most 12 calendar months: end it by "
                        f"{one_year_after(self.start_date):%d/%m/%Y}."
                    }
                )
        if self.mentor_id and self.mentee_id and self.mentor.young_person_id == self.mentee_id:
            raise ValidationError({"mentee": "A mentor cannot be matched with themself."})

    @property
    def runs_to(self):
        """Its last day: the end date, or the limit for one not ended."""
        return self.end_date or self.limit_date

    def is_active_on(self, day) -> bool:
        return self.start_date <= day <= self.runs_to


class SupportedAppointment(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="appointments")
    date = models.DateField()
    appointment_type = models.CharField("type", max_length=20, choices=choices(APPOINTMENT_TYPES))
    notes = models.CharField(
        "what it was",
        max_length=200,
        blank=True,
        default="",
        help_text="For example: \u201cGP, with Dr Lee\u201d or \u201cCollege open day\u201d.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["match", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "date", "appointment_type"],
                name="supported_appointment_once_a_day_per_type",
            ),
            models.CheckConstraint(
                condition=Q(appointment_type__in=list(APPOINTMENT_TYPES)),
                name="supported_appointment_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_appointment_type_display()} on {self.date:%d/%m/%Y}"


class MenteeReferral(models.Model):
    """A young person referred for a peer mentor: what they need, what they are into, where
    they live and who they would like, waiting until a match is made (or they withdraw)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="mentee_referrals"
    )
    ref = models.CharField("reference", max_length=50)
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="mentee_referrals"
    )
    referral_date = models.DateField("referred on")
    referrer = models.CharField(
        "referred by",
        max_length=200,
        blank=True,
        default="",
        help_text="Name and role, or \u201cSelf\u201d.",
    )
    needs = models.JSONField("what they want help with", default=list)
    needs_note = models.TextField(
        "in their words",
        max_length=2000,
        blank=True,
        default="",
        help_text="What they hope a mentor helps with.",
    )
    interests = models.JSONField(default=list, blank=True)
    locality = models.CharField(
        max_length=LOCALITY_LENGTH,
        blank=True,
        default="",
        help_text="Where they would meet a mentor; their own locality unless you change it.",
    )
    prefers_gender = models.CharField(
        "mentor they would like",
        max_length=20,
        blank=True,
        default="",
        choices=[
            ("", "No preference"),
            *(
                (c, f"A {label.lower()} mentor")
                for c, label in GENDERS.items()
                if c in ("female", "male")
            ),
        ],
    )
    preferences = models.CharField(
        "other wishes",
        max_length=500,
        blank=True,
        default="",
        help_text="For example: someone who has left care too; not on Saturdays.",
    )
    match = models.OneToOneField(
        Match, on_delete=models.SET_NULL, null=True, blank=True, related_name="referral"
    )
    withdrawn_date = models.DateField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=500, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["referral_date", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "ref"], name="mentee_referral_ref_unique_in_contract"
            ),
            required_text("ref", name="mentee_referral_required_text"),
            ends_after_start("referral_date", "withdrawn_date", "mentee_referral_withdrawn_after"),
            # Matched or withdrawn, never both.
            models.CheckConstraint(
                condition=Q(match__isnull=True) | Q(withdrawn_date__isnull=True),
                name="mentee_referral_matched_or_withdrawn",
            ),
            models.CheckConstraint(
                condition=Q(prefers_gender__in=["", "female", "male"]),
                name="mentee_referral_gender_preference_valid",
            ),
            text_at_most("needs_note", 2000, "mentee_referral_needs_note_length"),
        ]

    def __str__(self) -> str:
        return f"Mentee referral {self.ref}"

    @property
    def is_waiting(self) -> bool:
        return self.match_id is None and self.withdrawn_date is None


class MatchGoal(models.Model):
    """A goal the mentee agreed with their mentor."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField("goal", max_length=300)
    agreed_date = models.DateField("agreed on")
    achieved_date = models.DateField("achieved on", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreed_date", "pk"]
        constraints = [
            required_text("text", name="match_goal_required_text"),
            ends_after_start("agreed_date", "achieved_date", "match_goal_achieved_after_agreed"),
        ]

    def __str__(self) -> str:
        return self.text


class MatchReview(models.Model):
    """A review of a match with the mentee and mentor: how it is going, each goal's progress,
    and when the next is due (the contract's schedule, unless the coordinator changes it)."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField("reviewed on")
    notes = models.TextField(
        "how it is going",
        max_length=2000,
        help_text="What the mentee and mentor said; anything to change.",
    )
    next_review_date = models.DateField("next review", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["match", "date"], name="match_review_once_a_day"),
            required_text("notes", name="match_review_required_text"),
            text_at_most("notes", 2000, "match_review_notes_length"),
            models.CheckConstraint(
                condition=Q(next_review_date__isnull=True)
                | Q(next_review_date__gt=models.F("date")),
                name="match_review_next_after",
            ),
        ]

    def __str__(self) -> str:
        return f"Review on {self.date:%d/%m/%Y}"


class GoalProgress(models.Model):
    review = models.ForeignKey(MatchReview, on_delete=models.CASCADE, related_name="progress")
    goal = models.ForeignKey(MatchGoal, on_delete=models.CASCADE, related_name="progress")
    progress = models.CharField(max_length=20, choices=choices(GOAL_PROGRESS))
    note = models.CharField(max_length=300, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "goal"]
        verbose_name_plural = "goal progress"
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="goal_progress_once_a_review"),
            models.CheckConstraint(
                condition=Q(progress__in=list(GOAL_PROGRESS)), name="goal_progress_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_progress_display()}"
