"""Who took part in Cornwall's service in a period, and the indicators counted over them: 1.1
(information), 1.2 (participation and its breakdowns), 1.13-1.15 (feedback, coproduction, both
kinds of activity) and 1.5 (initiatives). Each rule is a query over the contract's records,
exactly as kpi-rules.md says; the indicators themselves are in framework.py."""

from __future__ import annotations

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from contracts.codes import (
    AGE_BANDS,
    DISABILITIES,
    ETHNICITIES,
    GENDERS,
    PARTICIPATION_SESSION_TYPES,
)
from contracts.models import (
    Attendance,
    Feedback,
    InformationProvided,
    Initiative,
    YoungPerson,
)
from contracts.people import age_band_on, care_status_on
from kpis.engine.periods import Period
from kpis.engine.rules import (
    Breakdown,
    CountOf,
    Scope,
    fixed_categories,
)
from kpis.engine.sql import dated_in
from mentoring.models import Match

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


def match_active_in(period: Period) -> Q:
    """A match is active from its start to its end; one with no end yet to its limit (12
    calendar months after its start, `Match.limit_date`) and not after."""
    return Q(start_date__lte=period.end) & (
        Q(end_date__gte=period.start) | Q(end_date__isnull=True, limit_date__gte=period.start)
    )


def matches_active_in(scope: Scope) -> QuerySet[Match]:
    return Match.objects.filter(match_active_in(scope.period), contract=scope.contract)


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

# 1.2 as queries, one per period: the drill-down lists its records. The figures are tallied
# from the year's facts (participation_facts.py), to the same count.
PARTICIPANTS = CountOf(
    query=participants_in, kind="young_people", breakdowns=PARTICIPANT_BREAKDOWNS
)

# ---------------------------------------------------------------------------------------------
# 1.1 Service information
# ---------------------------------------------------------------------------------------------


def in_care_aged_11_to_17(scope: Scope) -> QuerySet[YoungPerson]:
    day = scope.last_day
    return (
        young_people(scope)
        .aged_between(day, 11, 17)
        .with_care_status_on(day)
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
