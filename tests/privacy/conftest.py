"""A young person with at least one row in every table about a young person (and a history row
for each table that keeps history), and another young person beside them who must be left
alone. Their name and date of birth are planted so a scan of the whole database can look for
them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from contracts.models import (
    CareStatus,
    Placement,
    PlannedContact,
    PlanReview,
    SupportPlan,
)
from funds4care.models import ApplicationEvent, ApplicationFile, Funds4CareRole, Payment
from funds4care.models.ledger import PAYMENT_METHODS
from funds4care.models.panel import Score, ScoreSheet
from mentoring.models import (
    GoalProgress,
    MatchGoal,
    MatchReview,
    MenteeReferral,
    MentorTraining,
    Supervision,
    SupervisionMentor,
    SupportedAppointment,
)
from privacy.models import LegalHold
from tests import factories
from tests.funds4care.factories import CriterionFactory, RoundFactory, SubmittedApplicationFactory
from tests.kpis import factories as kpi_factories

FIRST, LAST = "Zephyrine", "Quillfeather"
BORN = date(2009, 5, 17)
COUNCIL_ID = "CHILD-778812"
METHOD = next(iter(PAYMENT_METHODS))


@pytest.fixture
def other(contract_a):
    return factories.YoungPersonFactory(
        contract=contract_a, ref="YP-0002", first_name="Ottoline", last_name="Brackenbury",
        date_of_birth=date(2010, 2, 11),
    )  # fmt: skip


@pytest.fixture
def person(contract_a, administrator, provider_a_manager, panel_member, other):
    """Zephyrine Quillfeather, YP-0001 of contract A, in every table."""
    yp = factories.YoungPersonFactory(
        contract=contract_a, ref="YP-0001", first_name=FIRST, last_name=LAST,
        date_of_birth=BORN, la_child_id=COUNCIL_ID,
    )  # fmt: skip
    said = f"{FIRST} {LAST} said so"
    CareStatus.objects.create(young_person=yp, status="in_care", start_date=date(2024, 4, 1))
    Placement.objects.create(young_person=yp, placement_code="R1", start_date=date(2024, 4, 1))
    session = factories.SessionFactory(contract=contract_a, date=date(2025, 5, 2))
    factories.AttendanceFactory(session=session, young_person=yp)
    factories.AttendanceFactory(session=session, young_person=other)
    kpi_factories.InformationProvidedFactory(young_person=yp)
    factories.OutcomeAssessmentFactory(young_person=yp)
    kpi_factories.FeedbackFactory(young_person=yp, comment=said)
    kpi_factories.FeedbackFactory(young_person=other, comment="Ottoline liked it")
    kpi_factories.AccreditationFactory(young_person=yp)
    # Casework.
    referral = factories.ReferralFactory(
        contract=contract_a, young_person=yp, decision="accepted", decision_date=date(2025, 4, 2),
        referrer=f"Aunt of {FIRST}", decision_note=said,
    )  # fmt: skip
    case = factories.CaseFactory(
        contract=contract_a, young_person=yp, referral=referral, closure_note=""
    )
    contact = kpi_factories.ContactFactory(case=case, notes=said, with_whom=f"{LAST} family")
    kpi_factories.AssessmentFactory(case=case, notes=said)
    PlannedContact.objects.create(case=case, date=date(2025, 6, 2), contact=contact)
    plan = SupportPlan.objects.create(
        case=case, agreed_date=date(2025, 5, 1), goals=said, young_persons_words=said,
        review_date=date(2025, 8, 1),
    )  # fmt: skip
    PlanReview.objects.create(
        plan=plan, date=date(2025, 8, 1), progress=said, young_persons_words=said
    )
    # Funds4 Care.
    spring = RoundFactory(fund__contract=contract_a)
    application = SubmittedApplicationFactory(
        round=spring, young_person=yp, purpose=f"A laptop for {FIRST}", reason=said
    )
    ApplicationEvent.objects.create(
        application=application, action="submit", to_status="submitted", by=provider_a_manager,
        comment=said,
    )  # fmt: skip
    ApplicationFile.objects.create(
        application=application, name="q.pdf",
        file=ContentFile(f"Quote for {FIRST} {LAST}".encode(), name="q.pdf"),
        size=10, uploaded_by=provider_a_manager,
    )  # fmt: skip
    Payment.objects.create(
        application=application, paid_on=date(2025, 6, 1), amount=Decimal("120.00"),
        method=METHOD, reference=f"BACS {LAST}", recorded_by=provider_a_manager,
    )  # fmt: skip
    sheet = ScoreSheet.objects.create(
        application=application, member=panel_member, conflicted=False
    )
    Score.objects.create(
        sheet=sheet, criterion=CriterionFactory(round=spring), value=3, comment=said
    )
    Funds4CareRole.objects.create(young_person=yp, role="Panel member", start_date=date(2025, 4, 1))
    # Peer mentoring: they mentor someone else, and are mentored.
    as_mentor = factories.MentorFactory(
        contract=contract_a, young_person=yp, name=f"{FIRST} {LAST}"
    )
    MentorTraining.objects.create(
        mentor=as_mentor, module="confidentiality", completed_date=date(2025, 3, 1)
    )
    supervision = Supervision.objects.create(
        contract=contract_a, date=date(2025, 6, 1), kind="group", led_by="Coordinator",
        risk="None", safeguarding="None", wellbeing="Good",
    )  # fmt: skip
    SupervisionMentor.objects.create(supervision=supervision, mentor=as_mentor)
    match = factories.MatchFactory(contract=contract_a, mentee=yp, start_date=date(2025, 5, 1))
    MenteeReferral.objects.create(
        contract=contract_a, ref="MR-0001", young_person=yp, referral_date=date(2025, 4, 20),
        needs=["confidence"], needs_note=said, match=match,
    )  # fmt: skip
    goal = MatchGoal.objects.create(
        match=match, text=f"{FIRST} gets to college", agreed_date=date(2025, 5, 2)
    )
    review = MatchReview.objects.create(
        match=match, date=date(2025, 6, 1), notes=said, next_review_date=date(2025, 9, 1)
    )
    GoalProgress.objects.create(review=review, goal=goal, progress="some", note=said)
    SupportedAppointment.objects.create(
        match=match, date=date(2025, 5, 20), appointment_type="health", notes=said
    )
    hold = LegalHold.objects.create(young_person=yp, reason="Complaint", placed_by=administrator)
    hold.lifted_at, hold.lifted_by = hold.placed_at, administrator
    hold.save()
    return yp
