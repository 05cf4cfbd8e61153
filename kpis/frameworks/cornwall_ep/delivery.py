"""What Cornwall's service delivered in a period: 1.3 (hours by category), 1.4 (improved
outcomes) and 1.16 (added value). Each rule is a query over the contract's records, exactly as
kpi-rules.md says; the indicators themselves are in framework.py."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)

from contracts.codes import (
    OUTCOME_SCORES,
    PARTICIPATION_SESSION_TYPES,
)
from contracts.models import (
    AdditionalFunding,
    OutcomeAssessment,
    Session,
    YoungPerson,
)
from kpis.engine.rules import (
    Figure,
    Number,
    RecordList,
    Rule,
    Scope,
    UnknownCategory,
    percent,
)
from kpis.engine.sql import dated_in

from .participation import young_people

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
