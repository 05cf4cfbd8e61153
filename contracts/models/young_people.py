"""Young people, and their care-status history and placements."""

from __future__ import annotations

from datetime import date

from django.db import models
from simple_history.models import HistoricalRecords

from ..codes import CARE_STATUSES, DISABILITIES, ETHNICITIES, GENDERS, PLACEMENT_CODES, choices
from .constraints import LOCALITY_LENGTH, ends_after_start, required_text, unique_ref, valid_code
from .organisations import Contract


class YoungPersonQuerySet(models.QuerySet):
    """Young people, with the rules about a young person on a day (contracts.people) as methods
    to chain: `contract.young_people.with_care_status_on(day).in_age_band("14-15", day)`."""

    # contracts.people builds on these models, so it is imported when a method is called.

    def for_contract(self, contract: Contract) -> YoungPersonQuerySet:
        return self.filter(contract=contract)

    def with_care_status_on(self, day: date) -> YoungPersonQuerySet:
        """Each with `care_status`: their care status code on `day`, or 'none'."""
        from contracts.people import care_status_on

        return self.annotate(care_status=care_status_on(day))

    def with_age_band_on(self, day: date) -> YoungPersonQuerySet:
        """Each with `age_band`: their age band code on `day`."""
        from contracts.people import age_band_on

        return self.annotate(age_band=age_band_on(day))

    def aged_between(self, day: date, lowest: int, highest: int) -> YoungPersonQuerySet:
        """Those aged `lowest` to `highest` in completed years on `day`."""
        from contracts.people import aged_between

        return self.filter(aged_between(day, lowest, highest))

    def in_age_band(self, band: str, day: date) -> YoungPersonQuerySet:
        """Those in an age band on `day` (ValueError for an unknown band)."""
        from contracts.people import in_age_band

        return self.filter(in_age_band(band, day))


class YoungPerson(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="young_people")
    ref = models.CharField("reference", max_length=50)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=20, choices=choices(GENDERS))
    ethnicity = models.CharField(max_length=4, choices=choices(ETHNICITIES))
    disability = models.CharField(max_length=20, choices=choices(DISABILITIES))
    locality = models.CharField(max_length=LOCALITY_LENGTH)
    la_child_id = models.CharField(
        "council child ID (SSDA903 CHILD)", max_length=50, blank=True, default=""
    )

    objects = YoungPersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "ref"]
        verbose_name_plural = "young people"
        constraints = [
            unique_ref("young_person_ref_unique_in_contract"),
            required_text(
                "ref", "first_name", "last_name", "locality", name="young_person_required_text"
            ),
            valid_code("gender", GENDERS, "young_person_gender_valid"),
            valid_code("ethnicity", ETHNICITIES, "young_person_ethnicity_valid"),
            valid_code("disability", DISABILITIES, "young_person_disability_valid"),
        ]
        indexes = [models.Index(fields=["contract", "locality"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.ref})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CareStatus(models.Model):
    """One interval of a young person's care history (no two starting the same day)."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="care_statuses"
    )
    status = models.CharField(max_length=20, choices=choices(CARE_STATUSES))
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["young_person", "start_date"]
        verbose_name_plural = "care statuses"
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "start_date"], name="care_status_one_start_a_day"
            ),
            valid_code("status", CARE_STATUSES, "care_status_status_valid"),
            ends_after_start("start_date", "end_date", "care_status_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.start_date:%d/%m/%Y}"


class Placement(models.Model):
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="placements"
    )
    placement_code = models.CharField(max_length=2, choices=choices(PLACEMENT_CODES))
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["young_person", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "start_date"], name="placement_one_start_a_day"
            ),
            valid_code("placement_code", PLACEMENT_CODES, "placement_code_valid"),
            ends_after_start("start_date", "end_date", "placement_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_code} from {self.start_date:%d/%m/%Y}"
