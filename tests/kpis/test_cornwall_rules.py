"""Cornwall's other indicators at their edges: 1.1, 1.3-1.12 and 1.16."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.codes import MENTOR_MODULES
from kpis.engine.periods import Period
from kpis.engine.rules import Part
from tests.factories import (
    ApplicationFactory,
    CareStatusFactory,
    MentorFactory,
    OutcomeAssessmentFactory,
)

from .factories import (
    AccreditationFactory,
    AdditionalFundingFactory,
    Funds4CareRoleFactory,
    InformationProvidedFactory,
    InitiativeFactory,
    MentorTrainingFactory,
    SupportedAppointmentFactory,
)
from .helpers import FY, H1, Q1, Q2, attend, figure, listed, match, person

pytestmark = pytest.mark.django_db


# 1.1 ------------------------------------------------------------------------------------------


def in_care(contract, born: date, **fields):
    someone = person(contract, date_of_birth=born, **fields)
    CareStatusFactory(young_person=someone, status="in_care", start_date=date(2020, 1, 1))
    return someone


def test_1_1_counts_who_is_in_care_and_11_to_17_on_the_last_day(ep):
    in_care(ep, date(2014, 6, 30), ref="TURNS-11")  # 11 on 30 June 2025: in
    in_care(ep, date(2014, 7, 1), ref="STILL-10")  # 10 on 30 June: out
    in_care(ep, date(2007, 7, 1), ref="STILL-17")  # 17 until 1 July: in
    in_care(ep, date(2007, 6, 30), ref="TURNS-18")  # 18 on 30 June: out
    leaver = person(ep, date_of_birth=date(2010, 1, 1), ref="LEAVER")
    CareStatusFactory(young_person=leaver, status="care_leaver", start_date=date(2024, 1, 1))
    assert listed(ep, "1.1", Q1, Part.DENOMINATOR) == ["STILL-17", "TURNS-11"]


def test_1_1_counts_information_given_on_or_before_the_last_day(ep):
    early = in_care(ep, date(2010, 1, 1), ref="EARLY")
    InformationProvidedFactory(young_person=early, date=date(2023, 2, 1))
    on_the_day = in_care(ep, date(2010, 1, 1), ref="ON-THE-DAY")
    InformationProvidedFactory(young_person=on_the_day, date=date(2025, 6, 30))
    late = in_care(ep, date(2010, 1, 1), ref="LATE")
    InformationProvidedFactory(young_person=late, date=date(2025, 7, 1))
    result = figure(ep, "1.1", Q1)
    assert (result.numerator, result.denominator, result.value) == (2, 3, Decimal("66.7"))
    assert listed(ep, "1.1", Q1, Part.NUMERATOR) == ["EARLY", "ON-THE-DAY"]
    assert figure(ep, "1.1", Q2).numerator == 3


def test_a_percentage_with_nobody_to_count_is_empty(ep):
    result = figure(ep, "1.1", Q1)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# 1.3 ------------------------------------------------------------------------------------------


def test_1_3_adds_every_sessions_hours_exactly_by_category(ep):
    someone = person(ep)
    attend(ep, someone, date(2025, 4, 1), "psd", hours="1.10")
    attend(ep, someone, date(2025, 4, 2), "psd", hours="2.20")
    attend(ep, someone, date(2025, 4, 3), "cicc", hours="0.25")
    attend(ep, someone, date(2025, 4, 4), "other_participation", hours="1.00")
    attend(ep, someone, date(2025, 4, 5), "mentoring", hours="0.75")
    attend(ep, someone, date(2025, 4, 6), "staff_training", hours="3.00")
    attend(ep, someone, date(2025, 7, 1), "psd", hours="9.00")
    result = figure(ep, "1.3", Q1)
    assert result.value == Decimal("8.30")
    assert result.breakdown["category"] == {
        "psd": Decimal("3.30"),
        "participation": Decimal("1.25"),
        "mentoring_direct": Decimal("0.75"),
        "staff_training": Decimal("3.00"),
        "direct_total": Decimal("5.30"),
    }
    assert len(listed(ep, "1.3", Q1, breakdown="category", category="direct_total")) == 5


# 1.4 ------------------------------------------------------------------------------------------


def assess(someone, day: date, score: int):
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
    scores["confidence"] = score
    return OutcomeAssessmentFactory(young_person=someone, date=day, **scores)


def test_1_4_compares_the_latest_review_in_the_period_with_the_earliest_assessment_ever(ep):
    better = person(ep, ref="BETTER")
    assess(better, date(2024, 1, 1), 3)  # baseline, before the period
    assess(better, date(2025, 4, 10), 2)
    assess(better, date(2025, 6, 1), 4)  # the review: 4 > 3
    worse = person(ep, ref="WORSE")
    assess(worse, date(2024, 1, 1), 6)
    assess(worse, date(2025, 5, 1), 9)
    assess(worse, date(2025, 6, 30), 6)  # the review: equal is not improved
    first = person(ep, ref="FIRST")
    assess(first, date(2025, 5, 1), 5)  # only its baseline in Q1: not reviewed
    assess(first, date(2025, 8, 1), 7)
    result = figure(ep, "1.4", Q1)
    assert (result.numerator, result.denominator) == (1, 2)
    assert listed(ep, "1.4", Q1, Part.NUMERATOR) == ["BETTER"]
    assert listed(ep, "1.4", H1, Part.DENOMINATOR) == ["BETTER", "FIRST", "WORSE"]
    assert figure(ep, "1.4", Q2).numerator == 1  # FIRST, against its own baseline


# 1.5, 1.6, 1.7 --------------------------------------------------------------------------------


def test_1_5_counts_initiatives_dated_in_the_period(ep):
    InitiativeFactory(contract=ep, date=date(2025, 6, 30))
    InitiativeFactory(contract=ep, date=date(2025, 7, 1))
    assert figure(ep, "1.5", Q1).value == 1
    assert figure(ep, "1.5", FY).value == 2


def train(mentor, completed: dict[str, date]):
    for module, day in completed.items():
        MentorTrainingFactory(mentor=mentor, module=module, completed_date=day)


def test_a_mentor_is_trained_on_the_day_the_last_required_module_was_first_done(ep):
    mentor = MentorFactory(contract=ep, ref="M-ONE")
    train(mentor, dict.fromkeys(MENTOR_MODULES, date(2025, 4, 2)))
    MentorTrainingFactory(mentor=mentor, module="cse", completed_date=date(2025, 6, 29))
    # A refresher of a module already done moves nothing.
    MentorTrainingFactory(mentor=mentor, module="cse", completed_date=date(2025, 8, 1))
    assert figure(ep, "1.6", Q1).value == 1
    assert figure(ep, "1.6", Q2).value == 0
    assert listed(ep, "1.6", Period(date(2025, 4, 2), date(2025, 4, 2))) == ["M-ONE"]


def test_a_mentor_missing_a_module_is_not_trained(ep):
    mentor = MentorFactory(contract=ep)
    train(mentor, dict.fromkeys(list(MENTOR_MODULES)[:-1], date(2025, 4, 2)))
    assert figure(ep, "1.6", FY).value == 0


def test_the_last_module_done_sets_the_trained_date(ep):
    mentor = MentorFactory(contract=ep)
    modules = list(MENTOR_MODULES)
    train(mentor, dict.fromkeys(modules[:-1], date(2025, 6, 1)))
    train(mentor, {modules[-1]: date(2025, 7, 1)})
    assert (figure(ep, "1.6", Q1).value, figure(ep, "1.6", Q2).value) == (0, 1)


def test_1_7_counts_trained_mentors_still_there_with_an_active_match(ep):
    trained = dict.fromkeys(MENTOR_MODULES, date(2025, 1, 1))
    matched = MentorFactory(contract=ep, ref="MATCHED")
    train(matched, trained)
    match(ep, person(ep), date(2025, 6, 30), mentor=matched)
    idle = MentorFactory(contract=ep, ref="IDLE", left_date=date(2025, 4, 1))  # left on day 1
    train(idle, trained)
    gone = MentorFactory(contract=ep, ref="GONE", left_date=date(2025, 3, 31))
    train(gone, trained)
    later = MentorFactory(contract=ep, ref="LATER")
    train(later, dict.fromkeys(MENTOR_MODULES, date(2025, 7, 1)))
    result = figure(ep, "1.7", Q1)
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50)
    assert listed(ep, "1.7", Q1, Part.DENOMINATOR) == ["IDLE", "MATCHED"]


# 1.8-1.12 -------------------------------------------------------------------------------------


def test_1_8_counts_young_people_once_whatever_their_roles(ep):
    chair = person(ep, ref="CHAIR")
    Funds4CareRoleFactory(young_person=chair, role="chair", start_date=date(2024, 1, 1))
    Funds4CareRoleFactory(young_person=chair, role="panel", start_date=date(2025, 5, 1))
    ended = person(ep, ref="ENDED")
    Funds4CareRoleFactory(
        young_person=ended, start_date=date(2024, 1, 1), end_date=date(2025, 3, 31)
    )
    assert listed(ep, "1.8", Q1) == ["CHAIR"]


def test_1_9_counts_applicants_once_and_successful_applications_by_their_decision(ep):
    twice = person(ep, ref="TWICE")
    ApplicationFactory(
        contract=ep, young_person=twice, decision="approved", decision_date=date(2025, 8, 1)
    )  # decided after Q1: still successful
    ApplicationFactory(contract=ep, young_person=twice, decision="declined")
    ApplicationFactory(contract=ep, young_person=person(ep, ref="WAITING"), decision="pending")
    ApplicationFactory(contract=ep, young_person=person(ep), submitted_date=date(2025, 7, 1))
    result = figure(ep, "1.9", Q1)
    assert result.value == 2
    assert result.breakdown == {"applications": {"submitted": 3, "successful": 1}}
    assert listed(ep, "1.9", Q1) == ["TWICE", "WAITING"]


def test_1_10_counts_applicants_whose_application_led_to_onward_support(ep):
    ApplicationFactory(contract=ep, young_person=person(ep, ref="ONWARD"), onward_support=True)
    ApplicationFactory(contract=ep, young_person=person(ep), onward_support=False)
    assert listed(ep, "1.10", Q1) == ["ONWARD"]


def test_1_11_counts_distinct_mentees_supported_by_appointment_type(ep):
    mentee = person(ep, ref="MENTEE")
    made = match(ep, mentee, date(2025, 4, 1))
    SupportedAppointmentFactory(match=made, date=date(2025, 4, 2), appointment_type="health")
    SupportedAppointmentFactory(match=made, date=date(2025, 4, 3), appointment_type="health")
    SupportedAppointmentFactory(match=made, date=date(2025, 4, 3), appointment_type="housing")
    result = figure(ep, "1.11", Q1)
    assert result.value == 1
    assert result.breakdown == {"appointment_type": {"health": 1, "housing": 1}}


def test_1_12_counts_accredited_young_people_by_route(ep):
    both = person(ep, ref="BOTH")
    AccreditationFactory(young_person=both, route="participation")
    AccreditationFactory(young_person=both, route="role")
    AccreditationFactory(young_person=person(ep, ref="ROLE"), route="role")
    result = figure(ep, "1.12", Q1)
    assert result.value == 2
    assert result.breakdown == {"route": {"participation": 1, "role": 2}}
    assert listed(ep, "1.12", Q1, breakdown="route", category="role") == ["BOTH", "ROLE"]


# 1.16 -----------------------------------------------------------------------------------------


def test_1_16_counts_secured_and_sustained_pounds_over_the_annual_value(ep):
    ep.annual_value = Decimal("100000.00")
    ep.save()
    AdditionalFundingFactory(contract=ep, amount=Decimal("6000.50"), status="secured")
    AdditionalFundingFactory(contract=ep, amount=Decimal("4000.00"), status="sustained")
    AdditionalFundingFactory(contract=ep, amount=Decimal("9999.99"), status="planned")
    AdditionalFundingFactory(contract=ep, amount=Decimal("1.00"), date=date(2025, 7, 1))
    result = figure(ep, "1.16", Q1)
    assert (result.numerator, result.denominator) == (Decimal("10000.50"), Decimal("100000.00"))
    assert result.value == Decimal("10.0")
    assert result.breakdown == {
        "status": {
            "secured": Decimal("6000.50"),
            "sustained": Decimal("4000.00"),
            "planned": Decimal("9999.99"),
        }
    }


def test_1_16_has_no_value_for_a_contract_worth_nothing(ep):
    ep.annual_value = Decimal("0.00")
    ep.save()
    AdditionalFundingFactory(contract=ep)
    assert figure(ep, "1.16", Q1).value is None
