"""How Wolverhampton's indicators count: each a query over the contract's casework records,
exactly as kpi-rules.md says (the indicators themselves, their words and targets:
framework.py)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest

from contracts.codes import TEMPORARY_PLACEMENT_CODES
from contracts.dates import bank_holidays_between
from contracts.models import (
    Assessment,
    CareStatus,
    Case,
    Contact,
    KeyWorkerActivity,
    PerformanceReview,
    Placement,
    YoungPerson,
)
from kpis.engine.rules import Scope
from kpis.engine.sql import (
    DayNumber,
    active_in,
    date_value,
    dated_in,
    working_days_after,
)

# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------


def cases_open_in(scope: Scope) -> QuerySet[Case]:
    return Case.objects.filter(active_in(scope.period), contract=scope.contract)


def worked_with_in(scope: Scope) -> QuerySet[YoungPerson]:
    """Distinct young people with a case open in the period."""
    return YoungPerson.objects.filter(
        contract=scope.contract, pk__in=cases_open_in(scope).values("young_person_id")
    )


def case_open_on(day_field: str) -> Exists:
    """One of the young person's cases is open on the outer row's `day_field`."""
    day = OuterRef(day_field)
    return Exists(
        Case.objects.filter(young_person=OuterRef("young_person"), start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )
    )


# ---------------------------------------------------------------------------------------------
# A2.1 Entering care
# ---------------------------------------------------------------------------------------------


def care_entries_in(scope: Scope) -> QuerySet[CareStatus]:
    """`in_care` intervals starting on a day s in P with a case open on s, where no `in_care`
    interval covers the day before s (one that continues a care spell is no entry)."""
    covering_the_day_before = (
        CareStatus.objects.filter(
            young_person=OuterRef("young_person"),
            status="in_care",
            start_date__lt=OuterRef("start_date"),
        )
        .annotate(end_day=DayNumber("end_date"))
        .filter(Q(end_date__isnull=True) | Q(end_day__gte=OuterRef("start_day") - 1))
    )
    return (
        CareStatus.objects.filter(
            dated_in(scope.period, "start_date"),
            young_person__contract=scope.contract,
            status="in_care",
        )
        .annotate(start_day=DayNumber("start_date"))
        .filter(case_open_on("start_date"))
        .filter(~Exists(covering_the_day_before))
    )


def entered_care_in(scope: Scope) -> Q:
    return Q(pk__in=care_entries_in(scope).values("young_person_id"))


# ---------------------------------------------------------------------------------------------
# A2.2 Residential placements
# ---------------------------------------------------------------------------------------------


def in_care_while_worked_with(scope: Scope) -> QuerySet[YoungPerson]:
    """An `in_care` interval and an open case that overlap on at least one day of P: every
    start (interval, case, period) is on or before every end."""
    period = scope.period
    overlapping_case = Case.objects.filter(
        young_person=OuterRef("young_person"),
        start_date__lte=Coalesce(OuterRef("end_date"), date_value(period.end)),
    ).filter(
        Q(start_date__lte=period.end),
        Q(end_date__isnull=True)
        | Q(end_date__gte=Greatest(OuterRef("start_date"), date_value(period.start))),
    )
    in_care = CareStatus.objects.filter(
        active_in(period), young_person__contract=scope.contract, status="in_care"
    ).filter(Exists(overlapping_case))
    return YoungPerson.objects.filter(
        contract=scope.contract, pk__in=in_care.values("young_person_id")
    )


def residential_codes(scope: Scope) -> list[str]:
    """The contract's setting; temporary moves never count as placements, whatever it says."""
    codes = scope.contract.residential_placement_codes or []
    return [code for code in codes if code not in TEMPORARY_PLACEMENT_CODES]


def residential_placements_in(scope: Scope) -> QuerySet[Placement]:
    """Residential placements starting on a day in P on which one of the young person's cases
    is open: begun while a key worker is involved."""
    return Placement.objects.filter(
        dated_in(scope.period, "start_date"),
        young_person__contract=scope.contract,
        placement_code__in=residential_codes(scope),
    ).filter(case_open_on("start_date"))


def placed_in_residential_care(scope: Scope) -> Q:
    return Q(pk__in=residential_placements_in(scope).values("young_person_id"))


# ---------------------------------------------------------------------------------------------
# A2.7 Records updated within the timeframe
# ---------------------------------------------------------------------------------------------


def contacts_in(scope: Scope) -> QuerySet[Contact]:
    period = scope.period
    # A contact recorded within the timeframe (at most 60 working days) is recorded within
    # a year of P's end; bank holidays after that cannot change whether it counts.
    reach = bank_holidays_between(period.start, period.end + timedelta(days=366))
    return (
        Contact.objects.filter(dated_in(period, "contact_date"), contract=scope.contract)
        .select_related("case")
        .annotate(working_days=working_days_after("contact_date", "recorded_date", reach))
    )


def recorded_in_time(scope: Scope) -> Q:
    return Q(working_days__lte=scope.contract.record_timeframe_days)


# ---------------------------------------------------------------------------------------------
# Assessments, activities and performance reviews
# ---------------------------------------------------------------------------------------------


def assessments_in(scope: Scope, role: str) -> QuerySet[Assessment]:
    return Assessment.objects.filter(dated_in(scope.period), contract=scope.contract, role=role)


def activities_in(scope: Scope, role: str) -> QuerySet[KeyWorkerActivity]:
    return KeyWorkerActivity.objects.filter(
        dated_in(scope.period), contract=scope.contract, role=role
    )


def reviews_in(scope: Scope) -> QuerySet[PerformanceReview]:
    return PerformanceReview.objects.filter(
        dated_in(scope.period), key_worker__contract=scope.contract
    )


def assessments_led(scope: Scope) -> QuerySet[Assessment]:
    return assessments_in(scope, "lead")


def assessments_supported(scope: Scope) -> QuerySet[Assessment]:
    return assessments_in(scope, "support")


def activities_led(scope: Scope) -> QuerySet[KeyWorkerActivity]:
    return activities_in(scope, "lead")


def activities_supported(scope: Scope) -> QuerySet[KeyWorkerActivity]:
    return activities_in(scope, "support")


def satisfactory(scope: Scope) -> Q:
    return Q(satisfactory=True)
