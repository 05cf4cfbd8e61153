"""Key workers' casework (Wolverhampton's Appendix 2): key workers, the referrals the team
manager screens, the cases allocated to key workers, the contacts, plans and assessments in a
case, key workers' other activities and their performance reviews.

The import (import-format.md) carries the columns the figures need; the screens keep more
(a referral's reasons, a contact's notes, how a case closed). Those extra columns are optional
here, so an imported row is a whole record and an import never empties what a screen wrote."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..casework.codes import (
    ACCEPTED,
    CLOSURE_OUTCOMES,
    CLOSURE_REASONS,
    CONTACT_KINDS,
    DECLINED,
    PENDING,
    REFERRAL_DECISIONS,
    REFERRAL_SOURCES,
    SIGNPOSTED,
)
from ..codes import KEY_WORKER_ROLES, choices
from .constraints import ends_after_start, required_text, text_at_most, unique_ref, valid_code
from .organisations import Contract, User
from .young_people import YoungPerson

NOTE_LENGTH = 5000


def blank_or_code(field: str, codes, name: str) -> models.CheckConstraint:
    """A code from the list, or empty (a record imported without it)."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": ["", *codes]}), name=name)


class KeyWorker(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="key_workers")
    ref = models.CharField("reference", max_length=50)
    name = models.CharField(max_length=200)
    # The person who signs in as this key worker: their caseload is "my cases".
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_worker_posts",
        help_text="Who signs in as this key worker, to see their own caseload.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            unique_ref("key_worker_ref_unique_in_contract"),
            required_text("ref", "name", name="key_worker_required_text"),
            models.UniqueConstraint(
                fields=["contract", "user"],
                condition=Q(user__isnull=False),
                name="key_worker_one_post_per_user_in_contract",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Referral(models.Model):
    """A referral to the team (section 3.5.1), screened by the team manager. An accepted one is
    allocated to a key worker as a case."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="referrals")
    ref = models.CharField("reference", max_length=50)
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="referrals"
    )
    referral_date = models.DateField("date of the referral")
    source = models.CharField("referred with", max_length=40, choices=choices(REFERRAL_SOURCES))
    # Codes of REFERRAL_CONCERNS, at least one (section 3.2.1).
    concerns = models.JSONField(default=list)
    referrer = models.CharField(
        "referred by", max_length=200, help_text="Name, role and team, as they gave them."
    )
    decision = models.CharField(max_length=20, choices=choices(REFERRAL_DECISIONS), default=PENDING)
    decision_date = models.DateField(null=True, blank=True)
    decision_note = models.TextField(
        "reason, or where to",
        blank=True,
        default="",
        max_length=2000,
        help_text="Why it was declined, or where the young person was signposted.",
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-referral_date", "-ref"]
        constraints = [
            unique_ref("referral_ref_unique_in_contract"),
            required_text("ref", "referrer", name="referral_required_text"),
            valid_code("source", REFERRAL_SOURCES, "referral_source_valid"),
            valid_code("decision", REFERRAL_DECISIONS, "referral_decision_valid"),
            # Decided exactly when a decision is dated, and never before the referral.
            models.CheckConstraint(
                condition=(Q(decision=PENDING) & Q(decision_date__isnull=True))
                | (
                    ~Q(decision=PENDING)
                    & Q(decision_date__isnull=False)
                    & Q(decision_date__gte=models.F("referral_date"))
                ),
                name="referral_decision_dated",
            ),
            # A declined or signposted referral says why, or where to.
            models.CheckConstraint(
                condition=Q(decision__in=[PENDING, ACCEPTED]) | ~Q(decision_note=""),
                name="referral_refusal_says_why",
            ),
            text_at_most("decision_note", 2000, "referral_decision_note_length"),
        ]
        indexes = [models.Index(fields=["contract", "decision"])]

    def __str__(self) -> str:
        return f"Referral {self.ref}"

    @property
    def concern_labels(self) -> list[str]:
        from ..casework.codes import REFERRAL_CONCERNS

        return [REFERRAL_CONCERNS.get(code, code) for code in self.concerns]

    @property
    def is_refused(self) -> bool:
        return self.decision in (DECLINED, SIGNPOSTED)


class Case(models.Model):
    """One key-worker involvement with a young person."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="cases")
    ref = models.CharField("reference", max_length=50)
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="cases")
    # RESTRICT, not PROTECT: a key worker with cases cannot be deleted on their own, but a
    # contract can still be deleted with all its key workers and cases together.
    key_worker = models.ForeignKey(KeyWorker, on_delete=models.RESTRICT, related_name="cases")
    referral_date = models.DateField()
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # The referral it was allocated from (none for a case imported from a spreadsheet).
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="case"
    )
    # How it closed, when closed on screen. (No constraint ties these to end_date: an import
    # may reopen a case by emptying its end date, and the outcome then waits, unshown.)
    closure_outcome = models.CharField(
        "outcome", max_length=30, blank=True, default="", choices=choices(CLOSURE_OUTCOMES)
    )
    closure_reason = models.CharField(
        "reason for closing",
        max_length=30,
        blank=True,
        default="",
        choices=choices(CLOSURE_REASONS),
    )
    closure_note = models.TextField("closing note", blank=True, default="", max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "ref"]
        constraints = [
            unique_ref("case_ref_unique_in_contract"),
            required_text("ref", name="case_required_text"),
            ends_after_start("start_date", "end_date", "case_ends_after_start"),
            models.CheckConstraint(
                condition=Q(start_date__gte=models.F("referral_date")),
                name="case_starts_after_referral",
            ),
            blank_or_code("closure_outcome", CLOSURE_OUTCOMES, "case_closure_outcome_valid"),
            blank_or_code("closure_reason", CLOSURE_REASONS, "case_closure_reason_valid"),
            text_at_most("closure_note", 2000, "case_closure_note_length"),
        ]
        indexes = [models.Index(fields=["contract", "key_worker", "end_date"])]

    def __str__(self) -> str:
        return f"Case {self.ref}"


class Contact(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="contacts")
    ref = models.CharField("reference", max_length=50)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    contact_date = models.DateField("date of the contact")
    # The day it was written up: set by Tamar when a contact is recorded on screen (A2.7).
    recorded_date = models.DateField()
    contact_time = models.TimeField("time", null=True, blank=True)
    kind = models.CharField(
        "type of contact", max_length=20, blank=True, default="", choices=choices(CONTACT_KINDS)
    )
    with_whom = models.CharField(
        "with whom",
        max_length=200,
        blank=True,
        default="",
        help_text="The young person, and anyone else there: a parent, a teacher, a social worker.",
    )
    notes = models.TextField(blank=True, default="", max_length=NOTE_LENGTH)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-contact_date", "-contact_time", "ref"]
        constraints = [
            unique_ref("contact_ref_unique_in_contract"),
            required_text("ref", name="contact_required_text"),
            models.CheckConstraint(
                condition=Q(recorded_date__gte=models.F("contact_date")),
                name="contact_recorded_after_it_happened",
            ),
            blank_or_code("kind", CONTACT_KINDS, "contact_kind_valid"),
            text_at_most("notes", NOTE_LENGTH, "contact_notes_length"),
        ]

    def __str__(self) -> str:
        return f"Contact {self.ref}"


class Assessment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="assessments")
    ref = models.CharField("reference", max_length=50)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    date = models.DateField()
    role = models.CharField(
        "the key worker's part",
        max_length=10,
        choices=choices(KEY_WORKER_ROLES),
        help_text="Led the assessment, or supported a colleague who led it (A2.5 and A2.6).",
    )
    title = models.CharField(
        "assessment",
        max_length=200,
        blank=True,
        default="",
        help_text="Which assessment: a child and family assessment, an early help assessment...",
    )
    notes = models.TextField(blank=True, default="", max_length=NOTE_LENGTH)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "ref"]
        constraints = [
            unique_ref("assessment_ref_unique_in_contract"),
            required_text("ref", name="assessment_required_text"),
            valid_code("role", KEY_WORKER_ROLES, "assessment_role_valid"),
            text_at_most("notes", NOTE_LENGTH, "assessment_notes_length"),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.ref}"


class KeyWorkerActivity(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="key_worker_activities"
    )
    ref = models.CharField("reference", max_length=50)
    key_worker = models.ForeignKey(KeyWorker, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField()
    role = models.CharField(
        "the key worker's part",
        max_length=10,
        choices=choices(KEY_WORKER_ROLES),
        help_text="Led the activity, or supported it (A2.8 and A2.9).",
    )
    title = models.CharField("activity", max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "ref"]
        verbose_name_plural = "key-worker activities"
        constraints = [
            unique_ref("key_worker_activity_ref_unique_in_contract"),
            required_text("ref", "title", name="key_worker_activity_required_text"),
            valid_code("role", KEY_WORKER_ROLES, "key_worker_activity_role_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class PerformanceReview(models.Model):
    key_worker = models.ForeignKey(
        KeyWorker, on_delete=models.CASCADE, related_name="performance_reviews"
    )
    date = models.DateField()
    satisfactory = models.BooleanField(
        help_text="Was the performance assessment satisfactory? (A2.10)"
    )
    notes = models.TextField(blank=True, default="", max_length=NOTE_LENGTH)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["key_worker", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_worker", "date"], name="performance_review_once_a_day"
            ),
            text_at_most("notes", NOTE_LENGTH, "performance_review_notes_length"),
        ]

    def __str__(self) -> str:
        return f"Performance review of {self.key_worker.ref} on {self.date:%d/%m/%Y}"
