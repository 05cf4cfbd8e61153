"""Peer mentors, their training and their supervision.

A mentor is one of the contract's young people (the specification wants young people in care
and care leavers to become mentors) or an adult volunteer. They are *trained* the day they
complete the last of the required modules (mentoring.training holds that rule, which 1.6
counts), may be matched only then, and are supervised at least monthly.
"""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from contracts.codes import GENDERS, MENTOR_MODULES, choices
from contracts.dates import age_on
from contracts.models import Contract, YoungPerson, required_text
from contracts.models.constraints import LOCALITY_LENGTH, ends_after_start, text_at_most
from contracts.models.organisations import User

from ..codes import MAX_MATCHES, SUPERVISION_KINDS


class Mentor(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="mentors")
    ref = models.CharField("reference", max_length=50)
    name = models.CharField(max_length=200)
    young_person = models.ForeignKey(
        YoungPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_roles",
        help_text="Set when the mentor is one of the contract's young people.",
    )
    start_date = models.DateField(
        "started", null=True, blank=True, help_text="The day they joined as a mentor."
    )
    left_date = models.DateField("left", null=True, blank=True)
    gender = models.CharField(
        max_length=20,
        choices=choices(GENDERS),
        blank=True,
        default="",
        help_text="For an adult volunteer; a young person's is on their record.",
    )
    locality = models.CharField(
        max_length=LOCALITY_LENGTH, blank=True, default="", help_text="Where they live."
    )
    travels_to = models.JSONField(
        "other localities they can reach",
        default=list,
        blank=True,
        help_text="Localities besides their own where they can meet a mentee.",
    )
    interests = models.JSONField(default=list, blank=True)
    max_matches = models.PositiveSmallIntegerField(
        "mentees at once",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MATCHES)],
        help_text=f"How many mentees they can support at the same time (1 to {MAX_MATCHES}).",
    )
    dbs_date = models.DateField("DBS check date", null=True, blank=True)
    dbs_ref = models.CharField("DBS certificate number", max_length=30, blank=True, default="")
    dbs_renewal_date = models.DateField(
        "DBS renewal due",
        null=True,
        blank=True,
        help_text="When the check is to be renewed (the provider's policy: often 3 years).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "ref"], name="mentor_ref_unique_in_contract"
            ),
            required_text("ref", "name", name="mentor_required_text"),
            ends_after_start("start_date", "left_date", "mentor_leaves_after_start"),
            ends_after_start("dbs_date", "dbs_renewal_date", "mentor_dbs_renewed_after_check"),
            models.CheckConstraint(
                condition=Q(max_matches__gte=1, max_matches__lte=MAX_MATCHES),
                name="mentor_max_matches_range",
            ),
            # A DBS check is a date and a certificate number together, or neither.
            models.CheckConstraint(
                condition=Q(dbs_date__isnull=True, dbs_ref="")
                | (Q(dbs_date__isnull=False) & ~Q(dbs_ref="")),
                name="mentor_dbs_date_and_ref_together",
            ),
            models.CheckConstraint(
                condition=Q(gender="") | Q(gender__in=list(GENDERS)),
                name="mentor_gender_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_volunteer(self) -> bool:
        """An adult volunteer, not one of the contract's young people."""
        return self.young_person_id is None

    def is_adult_on(self, day: date) -> bool:
        """Adults need a DBS check: every volunteer, and a young person from 18."""
        if self.young_person_id is None:
            return True
        return age_on(self.young_person.date_of_birth, day) >= 18

    def has_left_by(self, day: date) -> bool:
        return self.left_date is not None and self.left_date <= day


class MentorTraining(models.Model):
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="training")
    module = models.CharField(max_length=30, choices=choices(MENTOR_MODULES))
    completed_date = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["mentor", "completed_date"]
        verbose_name_plural = "mentor training"
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "module", "completed_date"],
                name="mentor_training_once_a_day_per_module",
            ),
            models.CheckConstraint(
                condition=Q(module__in=list(MENTOR_MODULES)), name="mentor_training_module_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_module_display()} on {self.completed_date:%d/%m/%Y}"


class Supervision(models.Model):
    """A 1-1 or group supervision, or a peer-support meeting, of one or more mentors, with the
    standing items the specification asks for: risk, safeguarding and wellbeing."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="mentor_supervisions"
    )
    date = models.DateField()
    kind = models.CharField("type", max_length=20, choices=choices(SUPERVISION_KINDS))
    mentors = models.ManyToManyField(Mentor, through="SupervisionMentor", related_name="+")
    led_by = models.CharField(max_length=200, help_text="Who led it: name and role.")
    risk = models.TextField(
        max_length=2000, help_text="Risks discussed, or \u201cNone raised\u201d."
    )
    safeguarding = models.TextField(
        max_length=2000, help_text="Safeguarding concerns discussed, or \u201cNone raised\u201d."
    )
    wellbeing = models.TextField(
        "the mentors' wellbeing",
        max_length=2000,
        help_text="How the mentors are, and any support agreed.",
    )
    notes = models.TextField("anything else", max_length=2000, blank=True, default="")
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "supervisions"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=list(SUPERVISION_KINDS)), name="supervision_kind_valid"
            ),
            required_text(
                "led_by", "risk", "safeguarding", "wellbeing", name="supervision_required_text"
            ),
            text_at_most("risk", 2000, "supervision_risk_length"),
            text_at_most("safeguarding", 2000, "supervision_safeguarding_length"),
            text_at_most("wellbeing", 2000, "supervision_wellbeing_length"),
            text_at_most("notes", 2000, "supervision_notes_length"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%d/%m/%Y}"


class SupervisionMentor(models.Model):
    """A mentor who was at a supervision."""

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="present")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="supervisions")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["supervision", "mentor"], name="supervision_mentor_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} at {self.supervision}"
