"""A young person's page: their details, care-status timeline and everything recorded."""

from datetime import date
from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import Accreditation, Feedback, InformationProvided
from contracts.records.queries import outcome_rows
from funds4care.models import Funds4CareRole
from tests.factories import (
    ApplicationFactory,
    AttendanceFactory,
    CareStatusFactory,
    CaseFactory,
    MatchFactory,
    MentorFactory,
    OutcomeAssessmentFactory,
    PlacementFactory,
    SessionFactory,
    YoungPersonFactory,
)

from .support import url

pytestmark = pytest.mark.django_db


def page_of(client, person):
    response = client.get(url("young_person_detail", person.contract, young_person_pk=person.pk))
    assert response.status_code == 200
    return response


@pytest.fixture
def jenna(contract_a):
    return YoungPersonFactory(
        contract=contract_a,
        ref="KV-001",
        first_name="Jenna",
        last_name="Pascoe",
        date_of_birth=date(2009, 6, 16),
        ethnicity="WBRI",
        locality="Camborne",
    )


def test_it_shows_who_they_are_with_their_age_today(worker, jenna):
    response = page_of(worker, jenna)
    assertContains(response, '<h1 class="h2 mb-0">Jenna Pascoe</h1>', html=False)
    assertContains(response, "16/06/2009 (aged 15 today, 14-15)")
    assertContains(response, "White British (WBRI)")
    assertContains(response, "Camborne")


def test_the_care_status_timeline_is_in_order_and_marks_the_current_interval(worker, jenna):
    # Recorded out of order; two intervals overlap today and the later start wins.
    CareStatusFactory(young_person=jenna, status="care_leaver", start_date=date(2025, 3, 1))
    CareStatusFactory(
        young_person=jenna,
        status="child_in_need",
        start_date=date(2022, 1, 1),
        end_date=date(2023, 12, 31),
    )
    CareStatusFactory(young_person=jenna, status="in_care", start_date=date(2024, 1, 1))
    response = page_of(worker, jenna)

    timeline = response.context["care_statuses"]
    assert [interval.status for interval in timeline] == ["child_in_need", "in_care", "care_leaver"]
    assert response.context["current_care_status"].status == "care_leaver"
    content = response.content.decode()
    # One row is marked current, and it is the care-leaver interval (the last of the three).
    assert content.count("data-current") == 1
    current_row = content[content.index("data-current") :]
    assert current_row.index("Care leaver") < current_row.index("</tr>")
    assertContains(response, "31/12/2023")
    assertContains(
        response, '<dd class="col-sm-7" data-testid="care-status-today">Care leaver</dd>'
    )


def test_with_no_interval_active_today_none_is_current(worker, jenna):
    CareStatusFactory(
        young_person=jenna, status="in_care", start_date=date(2024, 1, 1), end_date=date(2025, 1, 1)
    )
    response = page_of(worker, jenna)
    assert response.context["current_care_status"] is None
    assertNotContains(response, "data-current")
    assertContains(response, "No interval is active today")


def test_it_shows_sessions_attended_on_a_cornwall_contract(worker, jenna, contract_a):
    attended = SessionFactory(contract=contract_a, title="Kernow CiCC", date=date(2025, 5, 20))
    SessionFactory(contract=contract_a, title="Someone else's session")
    AttendanceFactory(session=attended, young_person=jenna)
    response = page_of(worker, jenna)
    assertContains(response, "Kernow CiCC")
    assertContains(response, "20/05/2025")
    assertContains(response, url("session_register", contract_a, session_pk=attended.pk))
    assertNotContains(response, "Someone else&#x27;s session")


def test_it_shows_feedback_information_and_accreditations(worker, jenna):
    Feedback.objects.create(
        young_person=jenna, date=date(2025, 4, 2), kind="compliment", rating=5, comment="Brilliant"
    )
    InformationProvided.objects.create(young_person=jenna, date=date(2025, 4, 3), method="Leaflet")
    Accreditation.objects.create(
        young_person=jenna, award="AQA Unit Award", route="participation", date=date(2025, 4, 4)
    )
    response = page_of(worker, jenna)
    for text in [
        "Compliment",
        "5 of 5",
        "Brilliant",
        "02/04/2025",
        "Leaflet",
        "03/04/2025",
        "AQA Unit Award",
        "Learning through activities",
        "04/04/2025",
    ]:
        assertContains(response, text)


def test_it_shows_mentoring_funds4care_and_cases(worker, jenna, contract_a):
    MatchFactory(
        contract=contract_a,
        ref="X-MENTEE",
        mentee=jenna,
        mentor=MentorFactory(contract=contract_a, name="Kit Nance"),
        start_date=date(2025, 4, 1),
    )
    # Jenna is also a peer mentor, matched with another young person.
    mentee = YoungPersonFactory(contract=contract_a, first_name="Tom", last_name="Rowe")
    MatchFactory(
        contract=contract_a,
        ref="X-MENTOR",
        mentee=mentee,
        mentor=MentorFactory(contract=contract_a, name="Jenna P", young_person=jenna),
        start_date=date(2025, 5, 1),
        end_date=date(2025, 9, 1),
    )
    ApplicationFactory(
        contract=contract_a,
        ref="F4C-9",
        young_person=jenna,
        amount_requested=Decimal("1234.56"),
        decision="approved",
        decision_date=date(2025, 5, 10),
        amount_awarded=Decimal("250.00"),
    )
    Funds4CareRole.objects.create(
        young_person=jenna, role="Panel chair", start_date=date(2025, 1, 6)
    )
    response = page_of(worker, jenna)
    for text in [
        "X-MENTEE",
        "Kit Nance (mentor)",
        "Open, at the latest 01/04/2026",
        "X-MENTOR",
        "Tom Rowe",
        "01/09/2025",
        "F4C-9",
        "£1,234.56",
        "£250.00",
        "Approved on 10/05/2025",
        "Panel chair",
        "06/01/2025",
    ]:
        assertContains(response, text)
    assertContains(response, url("young_person_detail", contract_a, young_person_pk=mentee.pk))


def scores(**overrides):
    return {
        "confidence": 5,
        "resilience": 5,
        "aspirations": 5,
        "physical_health": 5,
        "mental_health": 5,
        "identity": 5,
        "relationships": 5,
        **overrides,
    }


def test_each_score_and_the_total_show_their_change_from_the_earliest_assessment(worker, jenna):
    # The review was entered first; the baseline is still the earliest by date.
    OutcomeAssessmentFactory(
        young_person=jenna, date=date(2025, 6, 1), **scores(confidence=8, identity=3)
    )
    OutcomeAssessmentFactory(young_person=jenna, date=date(2025, 1, 10), **scores(identity=4))
    response = page_of(worker, jenna)

    baseline, review = response.context["outcome_rows"]
    assert baseline.is_baseline
    assert baseline.assessment.date == date(2025, 1, 10)
    assert baseline.total.score == 34
    assert [score.change for score in review.scores] == [3, 0, 0, 0, 0, -1, 0]
    assert (review.total.score, review.total.change) == (36, 2)
    assertContains(response, '8 <span class="change text-success">(+3)</span>', html=False)
    assertContains(response, '3 <span class="change text-danger">(\u22121)</span>', html=False)
    assertContains(response, '36 <span class="change text-success">(+2)</span>', html=False)
    assertContains(response, "Baseline")


def test_the_baseline_is_the_earliest_ever_not_the_earliest_shown_in_a_period():
    # outcome_rows is given all of a young person's assessments; order of the list is no clue.
    person = YoungPersonFactory()
    late = OutcomeAssessmentFactory(young_person=person, date=date(2025, 9, 1), confidence=9)
    early = OutcomeAssessmentFactory(young_person=person, date=date(2024, 9, 1), confidence=2)
    middle = OutcomeAssessmentFactory(young_person=person, date=date(2025, 3, 1), confidence=4)
    rows = outcome_rows([late, middle, early])
    assert [row.assessment for row in rows] == [early, middle, late]
    assert [row.scores[0].change for row in rows] == [None, 2, 7]
    assert [row.total.change_shown for row in rows] == ["", "+2", "+7"]


def test_a_fall_and_no_change_are_shown_too():
    person = YoungPersonFactory()
    first = OutcomeAssessmentFactory(young_person=person, date=date(2025, 1, 1), **scores())
    same = OutcomeAssessmentFactory(young_person=person, date=date(2025, 2, 1), **scores())
    lower = OutcomeAssessmentFactory(
        young_person=person, date=date(2025, 3, 1), **scores(resilience=1)
    )
    rows = outcome_rows([first, same, lower])
    assert [row.total.change_shown for row in rows] == ["", "0", "\u22124"]


def test_a_young_person_with_nothing_recorded_has_a_calm_page(worker, jenna):
    response = page_of(worker, jenna)
    for text in [
        "No care status recorded",
        "Not recorded at any session",
        "The first one will be their baseline",
        "No feedback recorded",
        "No mentoring matches",
        "No applications",
    ]:
        assertContains(response, text)
    # A Cornwall contract keeps no casework or placements: its page does not offer them.
    for text in ["No key-worker cases", "No placements recorded", "Make a referral"]:
        assertNotContains(response, text)


@pytest.fixture
def sam(contract_b):
    return YoungPersonFactory(contract=contract_b, first_name="Sam", last_name="Okafor")


@pytest.fixture
def worker_b(client, provider_b_worker):
    client.force_login(provider_b_worker)
    return client


def test_a_wolverhampton_young_persons_page_shows_casework_and_placements(worker_b, sam):
    PlacementFactory(young_person=sam, placement_code="K2", start_date=date(2024, 2, 1))
    CaseFactory(contract=sam.contract, ref="CASE-1", young_person=sam, key_worker__name="Ann Key")
    response = page_of(worker_b, sam)
    for text in [
        "<strong>K2</strong> Children&#x27;s home",
        "01/02/2024",
        "CASE-1",
        "Ann Key",
        "Make a referral",
    ]:
        assertContains(response, text, html=False)
    # Cornwall's records are not this contract's: no sessions, outcomes, mentoring, grants.
    for text in ["Sessions attended", "Outcome assessments", "Mentoring matches", "Funds4 Care"]:
        assertNotContains(response, text)
