"""One valid, unsaved row of each record model, its parents saved in the contract given.

The constraint tests save these with bulk_create (no save(), no full_clean()), so that only the
database stands between a bad row and the table.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from django.db import models

from contracts.dates import one_year_after
from contracts.models import (
    Accreditation,
    AdditionalFunding,
    Assessment,
    Attendance,
    CareStatus,
    Case,
    Contact,
    Contract,
    Feedback,
    InformationProvided,
    Initiative,
    KeyWorker,
    KeyWorkerActivity,
    OutcomeAssessment,
    PerformanceReview,
    Placement,
    PlannedContact,
    PlanReview,
    Referral,
    Session,
    SupportPlan,
    YoungPerson,
)
from funds4care.models import Application, Funds4CareRole
from mentoring.models import (
    GoalProgress,
    Match,
    MatchGoal,
    MatchReview,
    MenteeReferral,
    Mentor,
    MentorTraining,
    Supervision,
    SupervisionMentor,
    SupportedAppointment,
)
from tests.factories import (
    CaseFactory,
    ContractFactory,
    KeyWorkerFactory,
    MatchFactory,
    MentorFactory,
    OrganisationFactory,
    ReferralFactory,
    SessionFactory,
    YoungPersonFactory,
)

_refs = count(1)


def ref() -> str:
    return f"R{next(_refs):05d}"


def young_person(contract: Contract) -> YoungPerson:
    return YoungPersonFactory(contract=contract)


def _contract(_contract: Contract | None = None) -> Contract:
    return ContractFactory.build(
        commissioner=OrganisationFactory(commissioner=True), provider=OrganisationFactory()
    )


def _young_person(contract: Contract) -> YoungPerson:
    return YoungPersonFactory.build(contract=contract)


def _care_status(contract: Contract) -> CareStatus:
    return CareStatus(
        young_person=young_person(contract), status="in_care", start_date=date(2025, 4, 1)
    )


def _placement(contract: Contract) -> Placement:
    return Placement(
        young_person=young_person(contract),
        placement_code="U4",
        start_date=date(2025, 4, 1),
        end_date=date(2025, 9, 30),
    )


def _session(contract: Contract) -> Session:
    return SessionFactory.build(contract=contract)


def _attendance(contract: Contract) -> Attendance:
    return Attendance(
        session=SessionFactory(contract=contract), young_person=young_person(contract)
    )


def _information_provided(contract: Contract) -> InformationProvided:
    return InformationProvided(
        young_person=young_person(contract), date=date(2025, 5, 1), method="leaflet"
    )


def _outcome_assessment(contract: Contract) -> OutcomeAssessment:
    scores = dict.fromkeys(
        (
            "confidence",
            "resilience",
            "aspirations",
            "physical_health",
            "mental_health",
            "identity",
            "relationships",
        ),
        5,
    )
    return OutcomeAssessment(young_person=young_person(contract), date=date(2025, 5, 1), **scores)


def _feedback(contract: Contract) -> Feedback:
    return Feedback(
        young_person=young_person(contract), date=date(2025, 5, 1), kind="compliment", rating=5
    )


def _initiative(contract: Contract) -> Initiative:
    return Initiative(contract=contract, ref=ref(), date=date(2025, 5, 1), title="Care day")


def _accreditation(contract: Contract) -> Accreditation:
    return Accreditation(
        young_person=young_person(contract),
        award="AQA unit award",
        route="participation",
        date=date(2025, 5, 1),
    )


def _additional_funding(contract: Contract) -> AdditionalFunding:
    return AdditionalFunding(
        contract=contract,
        ref=ref(),
        date=date(2025, 5, 1),
        source="Lottery",
        amount=Decimal("100.00"),
        status="secured",
    )


def _key_worker(contract: Contract) -> KeyWorker:
    return KeyWorker(contract=contract, ref=ref(), name="Sam Key")


def _referral(contract: Contract) -> Referral:
    return Referral(
        contract=contract,
        ref=ref(),
        young_person=young_person(contract),
        referral_date=date(2025, 4, 1),
        source="early_help",
        concerns=["school_exclusion"],
        referrer="Jo Teacher, Pupil referral unit",
        decision="declined",
        decision_date=date(2025, 4, 3),
        decision_note="Already supported by the youth offending team.",
    )


def _case(contract: Contract) -> Case:
    referral = ReferralFactory(
        contract=contract, decision="accepted", decision_date=date(2025, 4, 2)
    )
    return Case(
        contract=contract,
        ref=ref(),
        young_person=referral.young_person,
        key_worker=KeyWorkerFactory(contract=contract),
        referral=referral,
        referral_date=date(2025, 4, 1),
        start_date=date(2025, 4, 7),
        end_date=date(2025, 10, 1),
        closure_outcome="goals_met",
        closure_reason="work_complete",
    )


def _planned_contact(contract: Contract) -> PlannedContact:
    # The contact it became is on a case of its own here, so that the tests that move one of
    # the planned contact's parents to another contract meet only the planned contact's rule.
    case = CaseFactory(contract=contract)
    contact = Contact.objects.create(
        contract=contract,
        ref=ref(),
        case=CaseFactory(contract=contract),
        contact_date=date(2025, 5, 1),
        recorded_date=date(2025, 5, 2),
    )
    return PlannedContact(case=case, date=date(2025, 5, 1), kind="visit", contact=contact)


def _support_plan(contract: Contract) -> SupportPlan:
    return SupportPlan(
        case=CaseFactory(contract=contract),
        agreed_date=date(2025, 5, 1),
        goals="Back in school three days a week.",
        young_persons_words="I want to go back to football.",
        review_date=date(2025, 8, 1),
    )


def _plan_review(contract: Contract) -> PlanReview:
    plan = _support_plan(contract)
    plan.save()
    return PlanReview(
        plan=plan,
        date=date(2025, 8, 1),
        progress="Two days a week so far.",
        young_persons_words="It's better than it was.",
        next_review_date=date(2025, 11, 1),
    )


def _contact(contract: Contract) -> Contact:
    return Contact(
        contract=contract,
        ref=ref(),
        case=CaseFactory(contract=contract),
        contact_date=date(2025, 5, 1),
        recorded_date=date(2025, 5, 2),
        kind="phone",
    )


def _assessment(contract: Contract) -> Assessment:
    return Assessment(
        contract=contract,
        ref=ref(),
        case=CaseFactory(contract=contract),
        date=date(2025, 5, 1),
        role="lead",
    )


def _key_worker_activity(contract: Contract) -> KeyWorkerActivity:
    return KeyWorkerActivity(
        contract=contract,
        ref=ref(),
        key_worker=KeyWorkerFactory(contract=contract),
        date=date(2025, 5, 1),
        role="support",
        title="Drop-in",
    )


def _performance_review(contract: Contract) -> PerformanceReview:
    return PerformanceReview(
        key_worker=KeyWorkerFactory(contract=contract), date=date(2025, 5, 1), satisfactory=True
    )


def _mentor(contract: Contract) -> Mentor:
    return Mentor(
        contract=contract, ref=ref(), name="Alex Mentor", young_person=young_person(contract)
    )


def _mentor_training(contract: Contract) -> MentorTraining:
    return MentorTraining(
        mentor=MentorFactory(contract=contract),
        module="safeguarding_children",
        completed_date=date(2025, 5, 1),
    )


def _match(contract: Contract) -> Match:
    start = date(2025, 5, 1)
    return Match(
        contract=contract,
        ref=ref(),
        mentor=MentorFactory(contract=contract),
        mentee=young_person(contract),
        start_date=start,
        end_date=date(2025, 12, 1),
        limit_date=one_year_after(start),
    )


def _supported_appointment(contract: Contract) -> SupportedAppointment:
    return SupportedAppointment(
        match=MatchFactory(contract=contract), date=date(2025, 6, 1), appointment_type="health"
    )


def _mentee_referral(contract: Contract) -> MenteeReferral:
    return MenteeReferral(
        contract=contract,
        ref=ref(),
        young_person=young_person(contract),
        referral_date=date(2025, 4, 20),
        needs=["confidence"],
        match=MatchFactory(contract=contract),
    )


def _match_goal(contract: Contract) -> MatchGoal:
    return MatchGoal(
        match=MatchFactory(contract=contract), text="Join a club", agreed_date=date(2025, 5, 2)
    )


def _match_review(contract: Contract) -> MatchReview:
    return MatchReview(
        match=MatchFactory(contract=contract),
        date=date(2025, 6, 1),
        notes="Going well.",
        next_review_date=date(2025, 9, 1),
    )


def _goal_progress(contract: Contract) -> GoalProgress:
    match = MatchFactory(contract=contract)
    goal = MatchGoal.objects.create(match=match, text="Join a club", agreed_date=date(2025, 5, 2))
    review = MatchReview.objects.create(match=match, date=date(2025, 6, 1), notes="Going well.")
    return GoalProgress(review=review, goal=goal, progress="some")


def _supervision(contract: Contract) -> Supervision:
    return Supervision(
        contract=contract,
        date=date(2025, 6, 2),
        kind="group",
        led_by="Jess Trewin, coordinator",
        risk="None raised",
        safeguarding="None raised",
        wellbeing="All well.",
    )


def _supervision_mentor(contract: Contract) -> SupervisionMentor:
    supervision = _supervision(contract)
    supervision.save()
    return SupervisionMentor(supervision=supervision, mentor=MentorFactory(contract=contract))


def _f4c_role(contract: Contract) -> Funds4CareRole:
    return Funds4CareRole(
        young_person=young_person(contract),
        role="panel_member",
        start_date=date(2025, 4, 1),
        end_date=date(2026, 3, 31),
    )


def _application(contract: Contract) -> Application:
    return Application(
        contract=contract,
        ref=ref(),
        young_person=young_person(contract),
        submitted_date=date(2025, 5, 1),
        amount_requested=Decimal("200.00"),
        decision="approved",
        decision_date=date(2025, 5, 10),
        amount_awarded=Decimal("150.00"),
    )


BUILDERS = {
    Contract: _contract,
    YoungPerson: _young_person,
    CareStatus: _care_status,
    Placement: _placement,
    Session: _session,
    Attendance: _attendance,
    InformationProvided: _information_provided,
    OutcomeAssessment: _outcome_assessment,
    Feedback: _feedback,
    Initiative: _initiative,
    Accreditation: _accreditation,
    AdditionalFunding: _additional_funding,
    KeyWorker: _key_worker,
    Referral: _referral,
    Case: _case,
    Contact: _contact,
    PlannedContact: _planned_contact,
    SupportPlan: _support_plan,
    PlanReview: _plan_review,
    Assessment: _assessment,
    KeyWorkerActivity: _key_worker_activity,
    PerformanceReview: _performance_review,
    Mentor: _mentor,
    MentorTraining: _mentor_training,
    Match: _match,
    SupportedAppointment: _supported_appointment,
    MenteeReferral: _mentee_referral,
    MatchGoal: _match_goal,
    MatchReview: _match_review,
    GoalProgress: _goal_progress,
    Supervision: _supervision,
    SupervisionMentor: _supervision_mentor,
    Funds4CareRole: _f4c_role,
    Application: _application,
}


def build(model: type[models.Model], contract: Contract | None = None, **fields) -> models.Model:
    """A valid unsaved row of `model` (its parents saved in `contract`), with `fields` set."""
    row = BUILDERS[model](contract or ContractFactory())
    for name, value in fields.items():
        setattr(row, name, value)
    return row


def insert(row: models.Model) -> models.Model:
    """Write the row as bulk_create does: straight to the database, no save() or full_clean()."""
    (saved,) = type(row).objects.bulk_create([row])
    return saved


def copy(row: models.Model, **fields) -> models.Model:
    """An unsaved copy of a saved row (a new primary key), with `fields` set."""
    values = {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key
    }
    duplicate = type(row)(**values)
    for name, value in fields.items():
        setattr(duplicate, name, value)
    return duplicate
