from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .codes import (
    ACCREDITATION_ROUTES,
    CARE_STATUSES,
    DISABILITIES,
    ETHNICITIES,
    FEEDBACK_KINDS,
    FUNDING_STATUSES,
    GENDERS,
    KEY_WORKER_ROLES,
    OUTCOME_SCORES,
    PLACEMENT_CODES,
    SESSION_TYPES,
    TEMPORARY_PLACEMENT_CODES,
    choices,
    default_residential_placement_codes,
)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMMISSIONER = "commissioner", "Commissioner (council)"
        PROVIDER = "provider", "Provider"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["commissioner", "provider"]),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COMMISSIONER = "commissioner", "Commissioner"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    PROVIDER_WORKER = "provider_worker", "Provider worker"
    PANEL_MEMBER = "panel_member", "Grant panel member"
    ADMINISTRATOR = "administrator", "Administrator"


PROVIDER_ROLES = frozenset({Role.PROVIDER_MANAGER, Role.PROVIDER_WORKER})

# Which kind of organisation each role belongs to; None: no organisation needed.
ROLE_ORGANISATION_KIND = {
    Role.COMMISSIONER: Organisation.Kind.COMMISSIONER,
    Role.PROVIDER_MANAGER: Organisation.Kind.PROVIDER,
    Role.PROVIDER_WORKER: Organisation.Kind.PROVIDER,
    Role.PANEL_MEMBER: Organisation.Kind.PROVIDER,
    Role.ADMINISTRATOR: None,
}


class UserManager(DjangoUserManager):
    """A superuser (`manage.py createsuperuser`) is an administrator: every contract, no
    organisation. Migrations use this manager too (use_in_migrations, inherited)."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        extra_fields.setdefault("organisation", None)
        if extra_fields["role"] != Role.ADMINISTRATOR:
            raise ValueError("A superuser must have the administrator role.")
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: one organisation, one role."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    objects = UserManager()
    # Passwords and sign-in times are not history worth keeping.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            # Everyone but an administrator works for an organisation.
            models.CheckConstraint(
                condition=Q(role=Role.ADMINISTRATOR) | Q(organisation__isnull=False),
                name="user_organisation_required_unless_administrator",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        expected = ROLE_ORGANISATION_KIND.get(self.role)
        if expected and self.organisation_id and self.organisation.kind != expected:
            raise ValidationError(
                {
                    "organisation": f"A {self.get_role_display().lower()} belongs to a "
                    f"{Organisation.Kind(expected).label.lower()} organisation."
                }
            )

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR or self.is_superuser

    @property
    def is_commissioner(self) -> bool:
        return self.role == Role.COMMISSIONER

    @property
    def is_provider_staff(self) -> bool:
        return self.role in PROVIDER_ROLES

    @property
    def is_panel_member(self) -> bool:
        return self.role == Role.PANEL_MEMBER


class ContractQuerySet(models.QuerySet):
    def visible_to(self, user) -> ContractQuerySet:
        """The one rule for who may see a contract; every view, export and list uses it."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.role == Role.COMMISSIONER:
            return self.filter(commissioner_id=user.organisation_id)
        if user.role in PROVIDER_ROLES:
            return self.filter(provider_id=user.organisation_id)
        # Panel members see their rounds' applications, never contracts.
        return self.none()


class Contract(models.Model):
    class Framework(models.TextChoices):
        CORNWALL_EP = "cornwall_ep", "Cornwall Engagement and Participation (section 6.1)"
        WOLVERHAMPTON_YPT = "wolverhampton_ypt", "Wolverhampton Young Person's Team (Appendix 2)"

    ref = models.CharField("reference", max_length=50, unique=True)
    title = models.CharField(max_length=200)
    framework = models.CharField(max_length=30, choices=Framework.choices)
    commissioner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="commissioned_contracts",
        limit_choices_to={"kind": Organisation.Kind.COMMISSIONER},
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="provided_contracts",
        limit_choices_to={"kind": Organisation.Kind.PROVIDER},
    )
    start_date = models.DateField()
    end_date = models.DateField()
    annual_value = models.DecimalField(
        "annual value (£)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    record_timeframe_days = models.PositiveSmallIntegerField(
        "recording timeframe (working days)",
        default=5,
        validators=[MaxValueValidator(60)],
        help_text="Working days allowed to record a contact (Appendix 2, indicator A2.7).",
    )
    return_due_working_days = models.PositiveSmallIntegerField(
        "returns due (working days after the period ends)",
        default=20,
        validators=[MaxValueValidator(120)],
        help_text="How many working days the provider has to submit a period's return.",
    )
    residential_placement_codes = models.JSONField(
        default=default_residential_placement_codes,
        blank=True,
        help_text="SSDA903 placement codes that count as residential (indicator A2.2).",
    )

    objects = ContractQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["ref"]
        constraints = [
            models.CheckConstraint(
                condition=Q(framework__in=["cornwall_ep", "wolverhampton_ypt"]),
                name="contract_framework_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="contract_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(annual_value__gte=0), name="contract_annual_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(record_timeframe_days__lte=60),
                name="contract_record_timeframe_at_most_60",
            ),
            models.CheckConstraint(
                condition=~Q(commissioner=models.F("provider")),
                name="contract_commissioner_is_not_provider",
            ),
            models.CheckConstraint(
                condition=~Q(ref="") & ~Q(title=""), name="contract_required_text"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date cannot be before the start date."
        if self.commissioner_id and self.commissioner.kind != Organisation.Kind.COMMISSIONER:
            errors["commissioner"] = "The commissioner must be a commissioning organisation."
        if self.provider_id and self.provider.kind != Organisation.Kind.PROVIDER:
            errors["provider"] = "The provider must be a providing organisation."
        codes = self.residential_placement_codes
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            errors["residential_placement_codes"] = "Give a list of placement codes."
        else:
            unknown = sorted(set(codes) - set(PLACEMENT_CODES))
            temporary = sorted(set(codes) & TEMPORARY_PLACEMENT_CODES)
            if unknown:
                errors["residential_placement_codes"] = (
                    f"Not SSDA903 placement codes: {', '.join(unknown)}."
                )
            elif temporary:
                errors["residential_placement_codes"] = (
                    f"Temporary moves never count as placements: {', '.join(temporary)}."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def residential_placements(self) -> list[tuple[str, str]]:
        codes = self.residential_placement_codes
        return [(code, PLACEMENT_CODES.get(code, code)) for code in codes]


# ---------------------------------------------------------------------------------------------
# The records a provider keeps (import-format.md). Every record belongs to one contract: those
# with a `ref` carry the contract themselves (refs are unique within it), the others hang off a
# record that does (a young person, a session, a key worker...). A record never points at another
# contract's record: triggers generated from these foreign keys refuse it (record_triggers.py).
# ---------------------------------------------------------------------------------------------


def _valid_code(field: str, codes, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": list(codes)}), name=name)


def _ends_after_start(start: str, end: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": models.F(start)}),
        name=name,
    )


def _unique_ref(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["contract", "ref"], name=name)


def required_text(*fields: str, name: str) -> models.CheckConstraint:
    """A required text column is not empty: NOT NULL alone lets '' in (import-format.md: "a
    missing required value")."""
    condition = Q()
    for field in fields:
        condition &= ~Q(**{field: ""})
    return models.CheckConstraint(condition=condition, name=name)


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
    locality = models.CharField(max_length=100)
    la_child_id = models.CharField(
        "council child ID (SSDA903 CHILD)", max_length=50, blank=True, default=""
    )

    objects = YoungPersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "ref"]
        verbose_name_plural = "young people"
        constraints = [
            _unique_ref("young_person_ref_unique_in_contract"),
            required_text(
                "ref", "first_name", "last_name", "locality", name="young_person_required_text"
            ),
            _valid_code("gender", GENDERS, "young_person_gender_valid"),
            _valid_code("ethnicity", ETHNICITIES, "young_person_ethnicity_valid"),
            _valid_code("disability", DISABILITIES, "young_person_disability_valid"),
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
            _valid_code("status", CARE_STATUSES, "care_status_status_valid"),
            _ends_after_start("start_date", "end_date", "care_status_ends_after_start"),
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
            _valid_code("placement_code", PLACEMENT_CODES, "placement_code_valid"),
            _ends_after_start("start_date", "end_date", "placement_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_code} from {self.start_date:%d/%m/%Y}"


class Session(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="sessions")
    ref = models.CharField("reference", max_length=50)
    date = models.DateField()
    session_type = models.CharField(max_length=30, choices=choices(SESSION_TYPES))
    title = models.CharField(max_length=200)
    locality = models.CharField(max_length=100)
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
            _unique_ref("session_ref_unique_in_contract"),
            required_text("ref", "title", "locality", name="session_required_text"),
            _valid_code("session_type", SESSION_TYPES, "session_type_valid"),
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
    comment = models.TextField(blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["young_person", "date"]
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "date", "kind"], name="feedback_once_a_day_per_kind"
            ),
            _valid_code("kind", FEEDBACK_KINDS, "feedback_kind_valid"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_between_1_and_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%d/%m/%Y}"


class Initiative(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="initiatives")
    ref = models.CharField("reference", max_length=50)
    date = models.DateField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "ref"]
        constraints = [
            _unique_ref("initiative_ref_unique_in_contract"),
            required_text("ref", "title", name="initiative_required_text"),
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
            _valid_code("route", ACCREDITATION_ROUTES, "accreditation_route_valid"),
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
            _unique_ref("additional_funding_ref_unique_in_contract"),
            required_text("ref", "source", name="additional_funding_required_text"),
            _valid_code("status", FUNDING_STATUSES, "additional_funding_status_valid"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="additional_funding_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_status_display().lower()})"


class KeyWorker(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="key_workers")
    ref = models.CharField("reference", max_length=50)
    name = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            _unique_ref("key_worker_ref_unique_in_contract"),
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
            _unique_ref("case_ref_unique_in_contract"),
            required_text("ref", name="case_required_text"),
            _ends_after_start("start_date", "end_date", "case_ends_after_start"),
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
            _unique_ref("contact_ref_unique_in_contract"),
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
            _unique_ref("assessment_ref_unique_in_contract"),
            required_text("ref", name="assessment_required_text"),
            _valid_code("role", KEY_WORKER_ROLES, "assessment_role_valid"),
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
            _unique_ref("key_worker_activity_ref_unique_in_contract"),
            required_text("ref", "title", name="key_worker_activity_required_text"),
            _valid_code("role", KEY_WORKER_ROLES, "key_worker_activity_role_valid"),
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


class ImportRun(models.Model):
    """One import of a file into a contract: who, what, when, and how it went.

    Written after the import's own transaction, so a refused import is kept too.
    """

    class Outcome(models.TextChoices):
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Refused: nothing changed"

    contract = models.ForeignKey(
        Contract,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_runs",
        help_text="Empty when a refused file named a contract that does not exist.",
    )
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        help_text="Empty for an import run from the command line.",
    )
    file_name = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    # {"young_people": {"created": 3, "updated": 0, "unchanged": 5}, ...} in table order.
    counts = models.JSONField(default=dict, blank=True)
    problem_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["imported", "refused"]), name="import_run_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(finished_at__gte=models.F("started_at")),
                name="import_run_finishes_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["contract", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_outcome_display().lower()})"
