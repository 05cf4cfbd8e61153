"""How Cornwall's indicators count: each a query over the contract's records, exactly as
kpi-rules.md says (the indicators themselves, their words and targets: framework.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Greatest

from contracts.codes import (
    AGE_BANDS,
    DISABILITIES,
    ETHNICITIES,
    GENDERS,
    MENTOR_MODULES,
    OUTCOME_SCORES,
    PARTICIPATION_SESSION_TYPES,
)
from contracts.models import (
    Accreditation,
    AdditionalFunding,
    Attendance,
    Feedback,
    InformationProvided,
    Initiative,
    OutcomeAssessment,
    Session,
    YoungPerson,
)
from funds4care.models import Application, Funds4CareRole
from kpis.engine.rules import (
    Breakdown,
    CountOf,
    Figure,
    Number,
    RecordList,
    Rule,
    Scope,
    UnknownCategory,
    fixed_categories,
    percent,
)
from kpis.engine.sql import active_in, age_band_on, aged_between, care_status_on, dated_in
from mentoring.models import Match, Mentor, MentorTraining, SupportedAppointment

PARTICIPANT_SESSION_TYPES = ("psd", *PARTICIPATION_SESSION_TYPES)

# ---------------------------------------------------------------------------------------------
# Who and what is in a period
# ---------------------------------------------------------------------------------------------


def young_people(scope: Scope) -> QuerySet[YoungPerson]:
    return YoungPerson.objects.filter(contract=scope.contract)


def attendees(scope: Scope, session_types=None, **session_filters) -> QuerySet:
    """Ids of young people who attended a session in the period (of these types, if given)."""
    filters = {f"session__{name}": value for name, value in session_filters.items()}
    if session_types is not None:
        filters["session__session_type__in"] = list(session_types)
    return Attendance.objects.filter(
        dated_in(scope.period, "session__date"), session__contract=scope.contract, **filters
    ).values("young_person_id")


def matches_active_in(scope: Scope) -> QuerySet[Match]:
    """A match is active from its start to its end; one with no end yet to its limit (12
    calendar months after its start, `Match.limit_date`) and not after."""
    period = scope.period
    return Match.objects.filter(contract=scope.contract, start_date__lte=period.end).filter(
        Q(end_date__gte=period.start) | Q(end_date__isnull=True, limit_date__gte=period.start)
    )


def mentees(scope: Scope) -> QuerySet:
    return matches_active_in(scope).values("mentee_id")


def participants_in(scope: Scope) -> QuerySet[YoungPerson]:
    """Attended a psd or participation session in the period, or mentee of an active match."""
    return young_people(scope).filter(
        Q(pk__in=attendees(scope, PARTICIPANT_SESSION_TYPES)) | Q(pk__in=mentees(scope))
    )


def service_type_categories(scope: Scope) -> dict[str, Q]:
    """1.2's `service_type`: a young person counts in every type they used in the period."""
    categories = {
        session_type: Q(pk__in=attendees(scope, [session_type]))
        for session_type in PARTICIPANT_SESSION_TYPES
    }
    categories["mentee"] = Q(pk__in=mentees(scope))
    categories["psd_and_participation"] = both_development_and_participation(scope)
    return categories


def both_development_and_participation(scope: Scope) -> Q:
    return Q(pk__in=attendees(scope, ["psd"])) & Q(
        pk__in=attendees(scope, PARTICIPATION_SESSION_TYPES)
    )


def care_status_annotation(scope: Scope) -> dict:
    """1.2's `care_status`: in care, care leaver, or other, on the period's last day."""
    return {"care_status": care_status_on(scope.last_day)}


def age_band(scope: Scope) -> dict:
    return {"age_band": age_band_on(scope.last_day)}


def localities(scope: Scope) -> dict[str, Q]:
    """Localities as recorded (free text): those of the contract's young people, read from the
    (contract, locality) index, so the headline query counts them with the other breakdowns."""
    recorded = (
        young_people(scope).order_by("locality").values_list("locality", flat=True).distinct()
    )
    return {locality: Q(locality=locality) for locality in recorded}


PARTICIPANT_BREAKDOWNS = (
    Breakdown("age_band", lambda scope: {b: Q(age_band=b) for b in AGE_BANDS}, age_band),
    Breakdown("gender", fixed_categories("gender", GENDERS)),
    Breakdown("disability", fixed_categories("disability", DISABILITIES)),
    Breakdown("ethnicity", fixed_categories("ethnicity", ETHNICITIES)),
    Breakdown("locality", localities),
    Breakdown(
        "care_status",
        lambda scope: {
            "in_care": Q(care_status="in_care"),
            "care_leaver": Q(care_status="care_leaver"),
            "other": ~Q(care_status__in=["in_care", "care_leaver"]),
        },
        care_status_annotation,
    ),
    Breakdown("service_type", service_type_categories),
)

PARTICIPATION = CountOf(
    query=participants_in, kind="young_people", breakdowns=PARTICIPANT_BREAKDOWNS
)

# ---------------------------------------------------------------------------------------------
# 1.1 Service information
# ---------------------------------------------------------------------------------------------


def in_care_aged_11_to_17(scope: Scope) -> QuerySet[YoungPerson]:
    day = scope.last_day
    return (
        young_people(scope)
        .filter(aged_between(day, 11, 17))
        .annotate(care_status=care_status_on(day))
        .filter(care_status="in_care")
    )


def informed_by_last_day(scope: Scope) -> Q:
    return Q(
        Exists(
            InformationProvided.objects.filter(
                young_person=OuterRef("pk"), date__lte=scope.last_day
            )
        )
    )


# ---------------------------------------------------------------------------------------------
# 1.3 Service delivery hours
# ---------------------------------------------------------------------------------------------

HOURS_CATEGORIES = {
    "psd": ("psd",),
    "participation": PARTICIPATION_SESSION_TYPES,
    "mentoring_direct": ("mentoring",),
    "mentor_support_training": ("mentor_training",),
    "staff_training": ("staff_training",),
}
DIRECT_DELIVERY = ("psd", "participation", "mentoring_direct")


def sessions_in(scope: Scope) -> QuerySet[Session]:
    return Session.objects.filter(dated_in(scope.period), contract=scope.contract)


@dataclass(frozen=True)
class DeliveryHours(Rule):
    """1.3: the hours of every session in the period, by category; `direct_total` adds the
    direct-delivery categories. One GROUP BY gives the total and its breakdown."""

    kind: str = "sessions"

    @property
    def breakdown_names(self) -> tuple[str, ...]:
        return ("category",)

    def compute(self, scope: Scope) -> Figure:
        by_type = dict(
            sessions_in(scope)
            .order_by()
            .values_list("session_type")
            .annotate(hours=Sum("duration_hours"))
        )
        categories: dict[str, Number] = {}
        for category, types in HOURS_CATEGORIES.items():
            present = [by_type[t] for t in types if t in by_type]
            if present:
                categories[category] = sum(present, Decimal(0))
        categories["direct_total"] = sum(
            (categories.get(c, Decimal(0)) for c in DIRECT_DELIVERY), Decimal(0)
        )
        return Figure(value=sum(by_type.values(), Decimal(0)), breakdown={"category": categories})

    def records(self, scope, part, breakdown=None, category=None) -> RecordList:
        queryset = sessions_in(scope)
        if breakdown is not None:
            if breakdown != "category":
                raise UnknownCategory(breakdown)
            if category == "direct_total":
                types = [t for c in DIRECT_DELIVERY for t in HOURS_CATEGORIES[c]]
            elif category in HOURS_CATEGORIES:
                types = list(HOURS_CATEGORIES[category])
            else:
                raise UnknownCategory(category)
            queryset = queryset.filter(session_type__in=types)
        return RecordList(queryset, self.kind)


# ---------------------------------------------------------------------------------------------
# 1.4 Improved outcomes
# ---------------------------------------------------------------------------------------------


def total_score():
    expression = F(OUTCOME_SCORES[0])
    for score in OUTCOME_SCORES[1:]:
        expression = expression + F(score)
    return expression


def with_baseline_and_review(scope: Scope) -> QuerySet[YoungPerson]:
    """Each young person's baseline (earliest assessment ever) and review (latest in P)."""
    baseline = OutcomeAssessment.objects.filter(young_person=OuterRef("pk")).order_by("date")[:1]
    review = OutcomeAssessment.objects.filter(
        dated_in(scope.period), young_person=OuterRef("pk")
    ).order_by("-date")[:1]
    assessed = OutcomeAssessment.objects.filter(
        dated_in(scope.period), young_person__contract=scope.contract
    ).values("young_person_id")
    return (
        young_people(scope)
        .filter(pk__in=assessed)
        .annotate(
            baseline_date=Subquery(baseline.values("date")),
            baseline_total=Subquery(baseline.annotate(total=total_score()).values("total")),
            review_date=Subquery(review.values("date")),
            review_total=Subquery(review.annotate(total=total_score()).values("total")),
        )
    )


def reviewed_in(scope: Scope) -> QuerySet[YoungPerson]:
    """Assessed in P on a day other than their baseline: their latest in P is not it (one
    assessment a day, so a later date means another assessment)."""
    return with_baseline_and_review(scope).filter(review_date__gt=F("baseline_date"))


def improved() -> Q:
    return Q(review_total__gt=F("baseline_total"))


# ---------------------------------------------------------------------------------------------
# 1.6, 1.7 Peer mentors
# ---------------------------------------------------------------------------------------------


def mentors_trained(scope: Scope) -> QuerySet[Mentor]:
    """Mentors who completed all eight required modules, with `trained_on`: for each module its
    earliest completion, and the latest of those (a refresher moves nothing)."""
    first = {
        f"first_{module}": Subquery(
            MentorTraining.objects.filter(mentor=OuterRef("pk"), module=module)
            .order_by("completed_date")
            .values("completed_date")[:1]
        )
        for module in MENTOR_MODULES
    }
    return (
        Mentor.objects.filter(contract=scope.contract)
        .annotate(**first)
        # Every module done: only then is the latest of the eight a trained date (PostgreSQL's
        # GREATEST skips nulls, SQLite's MAX does not; with none null they agree).
        .filter(**{f"{name}__isnull": False for name in first})
        .annotate(trained_on=Greatest(*[F(name) for name in first]))
    )


def trained_in(scope: Scope) -> QuerySet[Mentor]:
    return mentors_trained(scope).filter(dated_in(scope.period, "trained_on"))


def mentors_available(scope: Scope) -> QuerySet[Mentor]:
    """Trained by P's last day and not left before P's first."""
    return (
        mentors_trained(scope)
        .filter(trained_on__lte=scope.last_day)
        .filter(Q(left_date__isnull=True) | Q(left_date__gte=scope.period.start))
    )


def matched_in(scope: Scope) -> Q:
    return Q(Exists(matches_active_in(scope).filter(mentor=OuterRef("pk"))))


# ---------------------------------------------------------------------------------------------
# 1.8-1.12 Funds4 Care, support and accreditation
# ---------------------------------------------------------------------------------------------


def holding_a_funds4care_role(scope: Scope) -> QuerySet[YoungPerson]:
    roles = Funds4CareRole.objects.filter(
        active_in(scope.period), young_person__contract=scope.contract
    )
    return young_people(scope).filter(pk__in=roles.values("young_person_id"))


def applications_in(scope: Scope) -> QuerySet[Application]:
    return Application.objects.filter(
        dated_in(scope.period, "submitted_date"), contract=scope.contract
    )


def applicants(scope: Scope, applications: QuerySet) -> QuerySet[YoungPerson]:
    return young_people(scope).filter(pk__in=applications.values("young_person_id"))


def onward_supported(scope: Scope) -> QuerySet[YoungPerson]:
    """1.10: applicants in P who went on to access non-financial support."""
    return applicants(scope, applications_in(scope).filter(onward_support=True))


@dataclass(frozen=True)
class Applicants(Rule):
    """1.9: distinct applicants in P; `applications` counts the applications themselves."""

    kind: str = "young_people"

    @property
    def breakdown_names(self) -> tuple[str, ...]:
        return ("applications",)

    def compute(self, scope: Scope) -> Figure:
        totals = applications_in(scope).aggregate(
            value=Count("young_person", distinct=True),
            submitted=Count("pk"),
            # Whatever the decision date: the current decision is what counts.
            successful=Count("pk", filter=Q(decision="approved")),
        )
        return Figure(
            value=totals["value"],
            breakdown={
                "applications": {
                    "submitted": totals["submitted"],
                    "successful": totals["successful"],
                }
            },
        )

    def records(self, scope, part, breakdown=None, category=None) -> RecordList:
        applications = applications_in(scope)
        if breakdown is None:
            return RecordList(applicants(scope, applications), self.kind)
        if breakdown != "applications" or category not in ("submitted", "successful"):
            raise UnknownCategory(category)
        if category == "successful":
            applications = applications.filter(decision="approved")
        return RecordList(applications.select_related("young_person"), "applications")


def appointments_in(scope: Scope) -> QuerySet[SupportedAppointment]:
    return SupportedAppointment.objects.filter(
        dated_in(scope.period), match__contract=scope.contract
    )


def supported_mentees(scope: Scope, appointments: QuerySet) -> QuerySet[YoungPerson]:
    return young_people(scope).filter(pk__in=appointments.values("match__mentee_id"))


def accreditations_in(scope: Scope) -> QuerySet[Accreditation]:
    return Accreditation.objects.filter(
        dated_in(scope.period), young_person__contract=scope.contract
    )


def accredited(scope: Scope, accreditations: QuerySet) -> QuerySet[YoungPerson]:
    return young_people(scope).filter(pk__in=accreditations.values("young_person_id"))


# ---------------------------------------------------------------------------------------------
# 1.13-1.15
# ---------------------------------------------------------------------------------------------


def gave_feedback_in(scope: Scope) -> Q:
    feedback = Feedback.objects.filter(
        dated_in(scope.period), young_person__contract=scope.contract
    )
    return Q(pk__in=feedback.values("young_person_id"))


def initiatives_in(scope: Scope) -> QuerySet[Initiative]:
    return Initiative.objects.filter(dated_in(scope.period), contract=scope.contract)


def coproducers_in(scope: Scope) -> QuerySet[YoungPerson]:
    return young_people(scope).filter(pk__in=attendees(scope, coproduction=True))


# ---------------------------------------------------------------------------------------------
# 1.16 Added value
# ---------------------------------------------------------------------------------------------

COUNTED_FUNDING = ("secured", "sustained")  # planned money is shown, not counted


def funding_in(scope: Scope) -> QuerySet[AdditionalFunding]:
    return AdditionalFunding.objects.filter(dated_in(scope.period), contract=scope.contract)


@dataclass(frozen=True)
class AddedValue(Rule):
    """1.16: pounds secured or sustained in P over the contract's annual value."""

    kind: str = "funding"

    @property
    def breakdown_names(self) -> tuple[str, ...]:
        return ("status",)

    def compute(self, scope: Scope) -> Figure:
        by_status = dict(
            funding_in(scope).order_by().values_list("status").annotate(pounds=Sum("amount"))
        )
        numerator = sum((by_status.get(s, Decimal(0)) for s in COUNTED_FUNDING), Decimal(0))
        denominator = scope.contract.annual_value
        status = {s: by_status.get(s, Decimal("0.00")) for s in COUNTED_FUNDING}
        if "planned" in by_status:
            status["planned"] = by_status["planned"]
        return Figure(
            value=percent(numerator, denominator),
            numerator=numerator,
            denominator=denominator,
            breakdown={"status": status},
        )

    def records(self, scope, part, breakdown=None, category=None) -> RecordList:
        queryset = funding_in(scope)
        if breakdown is not None:
            if breakdown != "status" or category not in ("planned", *COUNTED_FUNDING):
                raise UnknownCategory(category)
            return RecordList(queryset.filter(status=category), self.kind)
        if part == "numerator":
            return RecordList(queryset.filter(status__in=COUNTED_FUNDING), self.kind)
        # The denominator is the contract's annual value, not records: list what was counted.
        return RecordList(
            queryset.annotate(
                in_numerator=Case(
                    When(status__in=COUNTED_FUNDING, then=Value(True)), default=Value(False)
                )
            ),
            self.kind,
            marks_numerator=True,
        )
