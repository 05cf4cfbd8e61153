"""Key workers' casework (Wolverhampton's Appendix 2): key workers, their cases with young
people, the contacts and assessments in a case, their other activities and their reviews."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..codes import KEY_WORKER_ROLES, choices
from .constraints import ends_after_start, required_text, unique_ref, valid_code
from .organisations import Contract
from .young_people import YoungPerson


class KeyWorker(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="key_workers")
    ref = models.CharField("reference", max_length=50)
    name = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            unique_ref("key_worker_ref_unique_in_contract"),
            required_text("ref", "name", name="key_worker_required_text"),
        ]

    def __str__(self) -> str:
        return self.name


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
        ]

    def __str__(self) -> str:
        return f"Case {self.ref}"


class Contact(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="contacts")
    ref = models.CharField("reference", max_length=50)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    contact_date = models.DateField()
    recorded_date = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-contact_date", "ref"]
        constraints = [
            unique_ref("contact_ref_unique_in_contract"),
            required_text("ref", name="contact_required_text"),
            models.CheckConstraint(
                condition=Q(recorded_date__gte=models.F("contact_date")),
                name="contact_recorded_after_it_happened",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact {self.ref}"


class Assessment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="assessments")
    ref = models.CharField("reference", max_length=50)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    date = models.DateField()
    role = models.CharField(max_length=10, choices=choices(KEY_WORKER_ROLES))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "ref"]
        constraints = [
            unique_ref("assessment_ref_unique_in_contract"),
            required_text("ref", name="assessment_required_text"),
            valid_code("role", KEY_WORKER_ROLES, "assessment_role_valid"),
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
    role = models.CharField(max_length=10, choices=choices(KEY_WORKER_ROLES))
    title = models.CharField(max_length=200)

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
    satisfactory = models.BooleanField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["key_worker", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_worker", "date"], name="performance_review_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.key_worker_id} on {self.date:%d/%m/%Y}"
