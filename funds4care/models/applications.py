"""Funds4 Care applications (imported, or made on screen by provider staff for a young person),
their history and files, and young people's roles in running the fund (1.8)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from contracts.codes import DECISIONS, MAX_GRANT, choices
from contracts.models import Contract, YoungPerson, required_text
from contracts.models.constraints import text_at_most

from .funds import Round

# What an application says of itself: the form's free texts, at most these many characters.
APPLICATION_TEXT_MAX = 2000


class Funds4CareRole(models.Model):
    """A young person's role in running Funds4 Care (panel member, chair, evaluator...)."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="f4c_roles"
    )
    role = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    training = models.CharField(
        max_length=300, blank=True,
        help_text="The training they had for the role, and when (safeguarding, scoring fairly...).",
    )  # fmt: skip

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
    """An application to Funds4 Care. `decision` is what the KPIs count (kpi-rules.md 1.9,
    1.10) and what the import writes; `stage` is where an application made on screen stands
    before a decision (a draft, submitted, or withdrawn); `status` says both in one word, with
    "paid" once its payment is recorded (funds4care.ledger)."""

    class Stage(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="f4c_applications"
    )
    ref = models.CharField("reference", max_length=50)
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="f4c_applications"
    )
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="applications", null=True, blank=True
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.SUBMITTED)
    # Empty while a draft: an application counts (1.9) from the day it is submitted.
    submitted_date = models.DateField(null=True, blank=True)
    purpose = models.TextField(
        "what it is for", blank=True, max_length=APPLICATION_TEXT_MAX,
        help_text="What the money would buy or pay for.",
    )  # fmt: skip
    reason = models.TextField(
        "why it would help", blank=True, max_length=APPLICATION_TEXT_MAX,
        help_text="In the young person's own words, if they want.",
    )  # fmt: skip
    quote = models.TextField(
        "quote or price", blank=True, max_length=APPLICATION_TEXT_MAX,
        help_text="Where the price comes from: a shop, a website, a course's fee.",
    )  # fmt: skip
    decline_reason = models.TextField(
        "why it was declined", blank=True, max_length=APPLICATION_TEXT_MAX
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
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
            models.CheckConstraint(
                condition=Q(stage__in=["draft", "submitted", "withdrawn"]),
                name="f4c_application_stage_valid",
            ),
            # Submitted (or withdrawn after submitting) has its day; a draft or a withdrawn
            # application has no decision.
            models.CheckConstraint(
                condition=Q(stage="draft") | Q(submitted_date__isnull=False),
                name="f4c_application_submitted_has_its_date",
            ),
            models.CheckConstraint(
                # Said of the known stages only: an unknown one is stage_valid's to refuse.
                condition=~Q(stage__in=["draft", "withdrawn"]) | Q(decision="pending"),
                name="f4c_application_decided_only_once_submitted",
            ),
            models.CheckConstraint(
                condition=Q(decision="declined") | Q(decline_reason=""),
                name="f4c_application_reason_only_when_declined",
            ),
            *[
                text_at_most(name, APPLICATION_TEXT_MAX, f"f4c_application_{name}_length")
                for name in ("purpose", "reason", "quote", "decline_reason")
            ],
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

    @property
    def status(self) -> str:
        """One word for where it stands: draft, submitted, withdrawn, approved, declined, or
        paid (an approved application whose payment is recorded)."""
        if self.stage != self.Stage.SUBMITTED or self.decision == "pending":
            return self.stage
        if self.decision == "approved" and hasattr(self, "payment"):
            return "paid"
        return self.decision

    @property
    def status_words(self) -> str:
        """The status as people read it: "Under review" once its round has closed and the
        panel is scoring it, until the chair decides."""
        status = self.status
        if status == "submitted" and self.round_id and self.round.closes_on < timezone.localdate():
            return "Under review"
        return status.capitalize()


class ApplicationEvent(models.Model):
    """A move of an application (created, submitted, withdrawn, approved, declined, deferred,
    paid): who, when, from what to what, and why. Rows are only added."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True, max_length=APPLICATION_TEXT_MAX)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            text_at_most("comment", APPLICATION_TEXT_MAX, "f4c_application_event_comment_length")
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.action} by {self.by}"


class ApplicationFile(models.Model):
    """A file attached to an application: a quote, a photo of the item, a letter."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="funds4care/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
