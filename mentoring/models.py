from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from contracts.codes import APPOINTMENT_TYPES, MENTOR_MODULES, choices
from contracts.dates import one_year_after
from contracts.models import Contract, YoungPerson, required_text


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
    left_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "ref"], name="mentor_ref_unique_in_contract"
            ),
            required_text("ref", "name", name="mentor_required_text"),
        ]

    def __str__(self) -> str:
        return self.name


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


class SupportedAppointment(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="appointments")
    date = models.DateField()
    appointment_type = models.CharField(max_length=20, choices=choices(APPOINTMENT_TYPES))

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
