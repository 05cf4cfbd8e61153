"""Cornwall's peer mentors and its Funds4 Care scheme in a period: 1.6 and 1.7 (mentors trained
and matched), 1.8-1.10 (Funds4 Care roles, applicants, onward support), 1.11 (appointments a
mentor supported) and 1.12 (accredited learning). Each rule is a query over the contract's
records, exactly as kpi-rules.md says; the indicators themselves are in framework.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from contracts.models import (
    Accreditation,
    YoungPerson,
)
from funds4care.models import Application, Funds4CareRole
from kpis.engine.rules import (
    Figure,
    RecordList,
    Rule,
    Scope,
    UnknownCategory,
)
from kpis.engine.sql import active_in, dated_in
from mentoring.models import Mentor, SupportedAppointment
from mentoring.training import trained

from .participation import matches_active_in, young_people

# ---------------------------------------------------------------------------------------------
# 1.6, 1.7 Peer mentors
# ---------------------------------------------------------------------------------------------


def mentors_trained(scope: Scope) -> QuerySet[Mentor]:
    """The contract's mentors who completed every required module, with `trained_on`
    (mentoring.training holds the rule, which the mentoring screens show too)."""
    return trained(Mentor.objects.filter(contract=scope.contract))


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
