from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from contracts.models import Contract
from contracts.models.constraints import text_at_most

from .engine.indicators import Unit
from .engine.periods import HALVES, QUARTERS
from .frameworks import FRAMEWORKS

# Every indicator code of every framework, and those of percentages (a code names the same
# indicator whichever framework has it: the two sets of codes do not overlap).
INDICATOR_CODES = sorted(i.code for f in FRAMEWORKS.values() for i in f.indicators)
PERCENT_CODES = sorted(
    i.code for f in FRAMEWORKS.values() for i in f.indicators if i.unit == Unit.PERCENT
)


class Target(models.Model):
    """The target a commissioner set for one indicator of a contract for one financial year.

    Without a row the framework's default applies (kpis.frameworks). An empty `value` is a
    target deliberately left empty ("monitor only", not agreed). Every change is a history row
    with who made it and when.
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpi_targets")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2025 is 2025/26."
    )
    indicator = models.CharField(max_length=10)
    value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "financial_year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "financial_year", "indicator"],
                name="kpi_target_one_per_indicator_and_year",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="kpi_target_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=2000, financial_year__lte=2100),
                name="kpi_target_year_plausible",
            ),
            # What the database can check without the contract: the code is some framework's
            # (clean() checks it is the contract's), and a percentage is at most 100.
            models.CheckConstraint(
                condition=Q(indicator__in=INDICATOR_CODES), name="kpi_target_indicator_known"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | Q(value__lte=100)
                | ~Q(indicator__in=PERCENT_CODES),
                name="kpi_target_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.financial_year}: {self.value}"

    def clean(self) -> None:
        """The indicator is one of the contract's framework, and a percentage is at most 100:
        the targets page, the admin and a shell all write through here."""
        super().clean()
        if self.contract_id is None or not self.indicator:
            return  # the field's own error says what is missing
        framework = FRAMEWORKS[self.contract.framework]
        try:
            indicator = framework.indicator(self.indicator)
        except KeyError:
            codes = ", ".join(i.code for i in framework.indicators)
            raise ValidationError(
                {
                    "indicator": f"{self.indicator} is not an indicator of {framework.title}; "
                    f"its indicators are {codes}."
                },
                code="unknown_indicator",
            ) from None
        if indicator.unit == Unit.PERCENT and self.value is not None and self.value > 100:
            raise ValidationError(
                {"value": f"{indicator.code} is a percentage: its target is at most 100."},
                code="percent_over_100",
            )


# ---------------------------------------------------------------------------------------------
# Returns: a contract's report for one period, its history, its comment threads, attachments.
# ---------------------------------------------------------------------------------------------

# Every period a return can be made for (each framework says which it reports on:
# Framework.return_periods).
ALL_RETURN_PERIODS = (*QUARTERS, *HALVES)
MONEY = {"max_digits": 12, "decimal_places": 2, "null": True, "blank": True}

# The longest text each kind of free text may hold, in characters: checked by the forms (which
# say the limit beside the field) and by the database. A narrative section is a page or two of
# a report; a comment or a reason a paragraph or two.
NARRATIVE_MAX = 6000
COMMENT_MAX = 2000


NARRATIVE_TEXTS = (
    "service_activity",
    "inputs_observations",
    "outputs_observations",
    "outcomes_observations",
    "social_value",
    "case_studies",
)


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"


# Statuses in which the provider still owes the commissioner something: the return is theirs.
AWAITED = (ReturnStatus.DRAFT, ReturnStatus.CHANGES_REQUESTED)


class Return(models.Model):
    """One contract's return for one reporting period.

    While it is a draft (or sent back) its figures are computed live from the records; on
    submission every figure and breakdown is frozen into `frozen_figures`, the Funds4 Care
    awards of the financial monitoring return with them (they come from the records too). Once
    approved, the database itself refuses any change to the row, its comments or its
    attachments, but the administrator's reopening (a status change and nothing else, which
    must come with its history row): see kpis.returns.triggers.
    """

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="returns")
    financial_year = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=2)
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    due_date = models.DateField()
    frozen_figures = models.JSONField(null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    # Per indicator code: {"comment": "...", "explanation": "..."} (the provider's words).
    indicator_notes = models.JSONField(default=dict, blank=True)

    # The narrative report (Cornwall specification, "Performance").
    service_activity = models.TextField(
        blank=True,
        max_length=NARRATIVE_MAX,
        help_text="Overview of service delivery, broken down by service type.",
    )
    inputs_observations = models.TextField(
        "key observations on inputs", blank=True, max_length=NARRATIVE_MAX
    )
    outputs_observations = models.TextField(
        "key observations on outputs", blank=True, max_length=NARRATIVE_MAX
    )
    outcomes_observations = models.TextField(
        "key observations on outcomes", blank=True, max_length=NARRATIVE_MAX
    )
    social_value = models.TextField(
        "social and added value",
        blank=True,
        max_length=NARRATIVE_MAX,
        help_text="Additional funding achieved or applied for, added value from the "
        "organisation's other services, new volunteer and peer initiatives.",
    )
    case_studies = models.TextField(
        blank=True,
        max_length=NARRATIVE_MAX,
        help_text="Anonymised: never a young person's name. Include safeguarding and child "
        "sexual exploitation cases.",
    )

    # The quarterly financial monitoring return.
    expenditure = models.DecimalField("expenditure (£)", **MONEY)
    staffing_cost = models.DecimalField("staffing cost (£)", **MONEY)
    staff_fte = models.DecimalField(
        "staff (full-time equivalent)", max_digits=6, decimal_places=2, null=True, blank=True
    )
    additional_income = models.DecimalField("additional income (£)", **MONEY)
    # The Funds4 Care allocations are not typed: they are the awards of the records
    # (kpis.returns.figures.funds4care_awards), live on a draft and frozen on submission.
    financial_notes = models.TextField(
        "notes on the finances",
        blank=True,
        max_length=COMMENT_MAX,
        help_text="Anything the figures do not say: an underspend, how the Funds4 Care awards "
        "were spread.",
    )

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Newest period first: a period's name orders its year (Q1-Q4, or H1-H2), whatever
        # the due dates (they follow the contract's setting).
        ordering = ["contract", "-financial_year", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "financial_year", "period"], name="return_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReturnStatus.values), name="return_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period__in=ALL_RETURN_PERIODS), name="return_period_valid"
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=2000, financial_year__lte=2100),
                name="return_year_plausible",
            ),
            # A return that has been submitted or approved always carries its frozen figures.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "changes_requested"])
                | Q(frozen_figures__isnull=False, frozen_at__isnull=False),
                name="return_frozen_once_submitted",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0}),
                    name=f"return_{name}_not_negative",
                )
                for name in (
                    "expenditure",
                    "staffing_cost",
                    "staff_fte",
                    "additional_income",
                )
            ],
            *[
                text_at_most(name, NARRATIVE_MAX, f"return_{name}_length")
                for name in NARRATIVE_TEXTS
            ],
            text_at_most("financial_notes", COMMENT_MAX, "return_financial_notes_length"),
        ]

    def __str__(self) -> str:
        return f"{self.contract.ref} {self.financial_year_label} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("returns:detail", kwargs={"pk": self.contract_id, "return_id": self.pk})

    @property
    def financial_year_label(self) -> str:
        return f"{self.financial_year}/{(self.financial_year + 1) % 100:02d}"

    @property
    def is_editable(self) -> bool:
        return self.status in AWAITED


class ReturnEvent(models.Model):
    """A change of a return's state: who, when, from what to what, and why.

    Rows are only ever added: the database refuses to change or delete one
    (kpis.returns.triggers).
    The approval's row keeps a copy of the figures approved, so reopening loses nothing.
    """

    class Action(models.TextChoices):
        SUBMIT = "submit", "Submitted"
        REQUEST_CHANGES = "request_changes", "Asked for changes"
        APPROVE = "approve", "Approved"
        REOPEN = "reopen", "Reopened"

    ret = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    to_status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    by = models.ForeignKey("contracts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True, max_length=COMMENT_MAX)
    figures = models.JSONField(null=True, blank=True)
    # A submission's copy of the provider's part (narrative, finances, notes): what a return sent
    # back says changed since is read against it.
    provider_part = models.JSONField(null=True, blank=True)
    # A submission's note of where its text seemed to name young people of the records: one
    # list of the texts' labels per person, never a name or a reference. The commissioner is
    # warned from it, so a submitted return's page reads no record table (None: submitted before
    # Tamar kept the note).
    named_in = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["submit", "request_changes", "approve", "reopen"]),
                name="return_event_action_valid",
            ),
            models.CheckConstraint(
                condition=Q(from_status__in=ReturnStatus.values)
                & Q(to_status__in=ReturnStatus.values),
                name="return_event_status_valid",
            ),
            # Reopening an approved return needs a reason.
            models.CheckConstraint(
                condition=~Q(action="reopen") | ~Q(comment=""),
                name="return_event_reopen_has_reason",
            ),
            text_at_most("comment", COMMENT_MAX, "return_event_comment_length"),
        ]

    def __str__(self) -> str:
        return f"{self.ret} {self.action} by {self.by} at {self.at:%Y-%m-%d %H:%M}"


class IndicatorComment(models.Model):
    """One message of the thread about one indicator of one return (commissioner or provider).

    Once the return is approved its threads are closed: the database refuses to add, change or
    delete a message (kpis.returns.triggers)."""

    ret = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="comments")
    indicator = models.CharField(max_length=10)
    by = models.ForeignKey("contracts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=COMMENT_MAX)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["ret", "indicator"], name="indicator_comment_thread")]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="indicator_comment_not_empty"),
            text_at_most("text", COMMENT_MAX, "indicator_comment_text_length"),
        ]

    def __str__(self) -> str:
        return f"{self.ret} {self.indicator}: {self.text[:40]}"


ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class ReturnAttachment(models.Model):
    """A PDF, Word or Excel file the provider attaches to a return (checked by
    kpis.returns.attachments.check_attachment). The database refuses to add, change or delete
    one of an approved return (kpis.returns.triggers)."""

    ret = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="returns/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("contracts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=ATTACHMENT_MAX_BYTES),
                name="return_attachment_size_allowed",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReturnReminder(models.Model):
    """A reminder e-mail sent about a return: at most one a day (the command is idempotent)."""

    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    recipients = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ret", "sent_on"], name="return_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.ret} {self.sent_on}"
