"""Organisations, the people who sign in for them (one role each), and the contracts between a
commissioning council and a providing organisation."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..casework.codes import DEFAULT_CASELOAD, DEFAULT_INVOLVEMENT_MONTHS
from ..codes import PLACEMENT_CODES, TEMPORARY_PLACEMENT_CODES, default_residential_placement_codes
from .constraints import LOCALITY_LENGTH

# A contract's list of localities stays a list a person can choose from.
MAX_LOCALITIES = 200


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
        if self.role == Role.PANEL_MEMBER:
            # Panel members are often under 18: their account is a display name and a login.
            kept = {"last_name": self.last_name, "email": self.email}
            if any(kept.values()):
                raise ValidationError(
                    {
                        name: "A grant panel member's account keeps a display name and a "
                        "login, nothing more: leave this empty."
                        for name, value in kept.items()
                        if value
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
    caseload = models.PositiveSmallIntegerField(
        "caseload (cases a key worker holds)",
        default=DEFAULT_CASELOAD,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="Open cases per key worker the team aims for: the team manager is warned "
        "before an allocation goes over it (section 3.5.2: about 10).",
    )
    involvement_min_months = models.PositiveSmallIntegerField(
        "shortest usual involvement (months)",
        default=DEFAULT_INVOLVEMENT_MONTHS[0],
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="A case closed sooner is flagged (section 3.5.2: 6 to 12 months).",
    )
    involvement_max_months = models.PositiveSmallIntegerField(
        "longest usual involvement (months)",
        default=DEFAULT_INVOLVEMENT_MONTHS[1],
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="A case open longer is flagged.",
    )
    # Peer mentoring (Cornwall): when a match is reviewed.
    mentoring_first_review_weeks = models.PositiveSmallIntegerField(
        "first review of a mentoring match (weeks after it starts)",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
        help_text="A new match is reviewed this many weeks after it starts.",
    )
    mentoring_review_months = models.PositiveSmallIntegerField(
        "later reviews of a mentoring match (every so many months)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="After the first review, a match is reviewed this often.",
    )
    # Issue 15, item 6: privacy's retention command anonymises a young person this many years
    # after their last involvement (a legal hold stops it).
    retention_years = models.PositiveSmallIntegerField(
        "keep a young person's records for (years after their last involvement)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Then their name, date of birth and what was written about them are "
        "anonymised; the counts stay. From 1 to 100 years.",
    )
    localities = models.JSONField(
        default=list,
        blank=True,
        help_text="The districts or areas the service works in: the young person and session "
        "forms offer them, and the lists filter by them. Set by the provider's managers.",
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
                condition=Q(caseload__gte=1, caseload__lte=50), name="contract_caseload_range"
            ),
            models.CheckConstraint(
                condition=Q(involvement_min_months__gte=1)
                & Q(involvement_min_months__lte=models.F("involvement_max_months"))
                & Q(involvement_max_months__lte=36),
                name="contract_involvement_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    mentoring_first_review_weeks__gte=1, mentoring_first_review_weeks__lte=26
                )
                & Q(mentoring_review_months__gte=1, mentoring_review_months__lte=12),
                name="contract_mentoring_reviews_range",
            ),
            models.CheckConstraint(
                condition=Q(retention_years__gte=1, retention_years__lte=100),
                name="contract_retention_years_range",
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
        shortest, longest = self.involvement_min_months, self.involvement_max_months
        if shortest is not None and longest is not None and shortest > longest:
            errors["involvement_max_months"] = (
                "The longest usual involvement cannot be shorter than the shortest."
            )
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
        localities = self.localities
        if not isinstance(localities, list) or not all(
            isinstance(name, str) and name and name == name.strip() for name in localities
        ):
            errors["localities"] = "Give a list of locality names."
        elif len(localities) > MAX_LOCALITIES:
            errors["localities"] = f"At most {MAX_LOCALITIES} localities."
        elif any(len(name) > LOCALITY_LENGTH for name in localities):
            errors["localities"] = f"A locality can be up to {LOCALITY_LENGTH} characters."
        elif len({name.casefold() for name in localities}) != len(localities):
            errors["localities"] = "A locality is listed twice."
        if errors:
            raise ValidationError(errors)

    @property
    def record_kinds(self) -> frozenset[str]:
        """The kinds of record this contract's framework keeps (contracts.frameworks)."""
        from ..frameworks import record_kinds

        return record_kinds(self.framework)

    def uses(self, kind: str) -> bool:
        return kind in self.record_kinds

    @property
    def residential_placements(self) -> list[tuple[str, str]]:
        codes = self.residential_placement_codes
        return [(code, PLACEMENT_CODES.get(code, code)) for code in codes]
