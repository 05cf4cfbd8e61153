"""What a provider does with and for young people: sessions and who attended, information
provided, outcome assessments, feedback, initiatives, accreditations and additional funding."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..codes import (
    ACCREDITATION_ROUTES,
    FEEDBACK_KINDS,
    FUNDING_STATUSES,
    OUTCOME_SCORES,
    SESSION_TYPES,
    choices,
)
from .constraints import LOCALITY_LENGTH, required_text, text_at_most, unique_ref, valid_code
from .organisations import Contract
from .young_people import YoungPerson


class Session(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="sessions")
    ref = models.CharField("reference", max_length=50)
    date = models.DateField()
    session_type = models.CharField(max_length=30, choices=choices(SESSION_TYPES))
    title = models.CharField(max_length=200)
    locality = models.CharField(max_length=LOCALITY_LENGTH)
    duration_hours = models.DecimalField(
        "duration (hours)",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("24"))],
    )
    coproduction = models.BooleanField(
        default=False, help_text="Planned or run together with young people."
    )
    attendees = models.ManyToManyField(
        YoungPerson, through="Attendance", related_name="sessions_attended"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "ref"]
        constraints = [
            unique_ref("session_ref_unique_in_contract"),
            required_text("ref", "title", "locality", name="session_required_text"),
            valid_code("session_type", SESSION_TYPES, "session_type_valid"),
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0, duration_hours__lte=24),
                name="session_duration_between_0_and_24_hours",
            ),
        ]
        indexes = [models.Index(fields=["contract", "date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="attendance"
    )

    # Ticks on a register are written in bulk (record_attendance, the import), which writes
    # these rows itself: who added or removed whom, and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "young_person"], name="attendance_once_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.young_person_id} at {self.session_id}"


class InformationProvided(models.Model):
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="information_provided"
    )
    date = models.DateField()
    method = models.CharField(max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["young_person", "date"]
        verbose_name_plural = "information provided"
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "date"], name="information_provided_once_a_day"
            ),
            required_text("method", name="information_provided_required_text"),
        ]

    def __str__(self) -> str:
        return f"Information by {self.method} on {self.date:%d/%m/%Y}"


# Free text a person types at length: long enough for what it is for, short enough to read on
# a page and in a return. The database holds the limit too (text_at_most).
FEEDBACK_COMMENT_LENGTH = 2000
INITIATIVE_DESCRIPTION_LENGTH = 4000

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(10)]


class OutcomeAssessment(models.Model):
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="outcome_assessments"
    )
    date = models.DateField()
    confidence = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    resilience = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    aspirations = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    physical_health = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    mental_health = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    identity = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    relationships = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["young_person", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "date"], name="outcome_assessment_once_a_day"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{score}__gte": 1, f"{score}__lte": 10}),
                    name=f"outcome_{score}_between_1_and_10",
                )
                for score in OUTCOME_SCORES
            ],
        ]

    def __str__(self) -> str:
        return f"Outcome assessment on {self.date:%d/%m/%Y}"

    @property
    def total(self) -> int:
        return sum(getattr(self, score) for score in OUTCOME_SCORES)


class Feedback(models.Model):
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="feedback")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=choices(FEEDBACK_KINDS))
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(
        blank=True,
        default="",
        max_length=FEEDBACK_COMMENT_LENGTH,
        # A TextField's max_length reaches only its form; this checks full_clean() (the admin,
        # a shell) too.
        validators=[MaxLengthValidator(FEEDBACK_COMMENT_LENGTH)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["young_person", "date"]
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "date", "kind"], name="feedback_once_a_day_per_kind"
            ),
            valid_code("kind", FEEDBACK_KINDS, "feedback_kind_valid"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_between_1_and_5",
            ),
            text_at_most(
                "comment", FEEDBACK_COMMENT_LENGTH, "feedback_comment_at_most_2000_characters"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%d/%m/%Y}"


class Initiative(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="initiatives")
    ref = models.CharField("reference", max_length=50)
    date = models.DateField()
    title = models.CharField(max_length=200)
    description = models.TextField(
        blank=True,
        default="",
        max_length=INITIATIVE_DESCRIPTION_LENGTH,
        validators=[MaxLengthValidator(INITIATIVE_DESCRIPTION_LENGTH)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "ref"]
        constraints = [
            unique_ref("initiative_ref_unique_in_contract"),
            required_text("ref", "title", name="initiative_required_text"),
            text_at_most(
                "description",
                INITIATIVE_DESCRIPTION_LENGTH,
                "initiative_description_at_most_4000_characters",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Accreditation(models.Model):
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="accreditations"
    )
    award = models.CharField(max_length=200)
    route = models.CharField(max_length=20, choices=choices(ACCREDITATION_ROUTES))
    date = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["young_person", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "award", "date"], name="accreditation_once_a_day"
            ),
            valid_code("route", ACCREDITATION_ROUTES, "accreditation_route_valid"),
            required_text("award", name="accreditation_required_text"),
        ]

    def __str__(self) -> str:
        return f"{self.award} ({self.date:%d/%m/%Y})"


MONEY_VALIDATORS = [MinValueValidator(Decimal("0.00"))]


class AdditionalFunding(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="additional_funding"
    )
    ref = models.CharField("reference", max_length=50)
    date = models.DateField()
    source = models.CharField(max_length=200)
    amount = models.DecimalField(
        "amount (£)", max_digits=12, decimal_places=2, validators=MONEY_VALIDATORS
    )
    status = models.CharField(max_length=20, choices=choices(FUNDING_STATUSES))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "ref"]
        verbose_name_plural = "additional funding"
        constraints = [
            unique_ref("additional_funding_ref_unique_in_contract"),
            required_text("ref", "source", name="additional_funding_required_text"),
            valid_code("status", FUNDING_STATUSES, "additional_funding_status_valid"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="additional_funding_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_status_display().lower()})"
