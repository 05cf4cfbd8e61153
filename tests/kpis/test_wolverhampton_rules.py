"""Wolverhampton's Appendix 2 indicators at their edges."""

from datetime import date

import pytest

from contracts.dates import bank_holidays_between
from kpis.engine.periods import FinancialYear, financial_year_of
from kpis.engine.rules import Part
from tests.factories import CareStatusFactory, CaseFactory, KeyWorkerFactory, PlacementFactory

from .factories import (
    AssessmentFactory,
    ContactFactory,
    KeyWorkerActivityFactory,
    PerformanceReviewFactory,
)
from .helpers import FY, H1, Q1, Q2, figure, listed, person

pytestmark = pytest.mark.django_db


def case(contract, who, start: date, end: date | None = None, **fields):
    return CaseFactory(
        contract=contract,
        young_person=who,
        referral_date=start,
        start_date=start,
        end_date=end,
        **fields,
    )


def care(who, start: date, end: date | None = None, status: str = "in_care"):
    return CareStatusFactory(young_person=who, status=status, start_date=start, end_date=end)


# A2.1 -----------------------------------------------------------------------------------------


def test_a2_1_counts_who_entered_care_while_a_case_was_open(ypt):
    entered = person(ypt, ref="ENTERED")
    case(ypt, entered, date(2025, 4, 1))
    care(entered, date(2025, 5, 1), status="child_protection")
    care(entered, date(2025, 6, 30))
    before_case = person(ypt, ref="BEFORE-CASE")
    case(ypt, before_case, date(2025, 5, 2))
    care(before_case, date(2025, 5, 1))  # entered care the day before the case began
    person(ypt, ref="NO-CASE")
    result = figure(ypt, "A2.1", Q1)
    assert (result.numerator, result.denominator) == (1, 2)
    assert listed(ypt, "A2.1", Q1, Part.NUMERATOR) == ["ENTERED"]


def test_a_new_interval_that_continues_a_care_spell_is_no_entry(ypt):
    continuing = person(ypt, ref="CONTINUING")
    case(ypt, continuing, date(2025, 1, 1))
    care(continuing, date(2024, 1, 1), date(2025, 5, 31))
    care(continuing, date(2025, 6, 1))  # the day after the last ended: the same spell
    returning = person(ypt, ref="RETURNING")
    case(ypt, returning, date(2025, 1, 1))
    care(returning, date(2024, 1, 1), date(2025, 5, 30))
    care(returning, date(2025, 6, 1))  # a day out of care between: a new entry
    overlapping = person(ypt, ref="OVERLAPPING")
    case(ypt, overlapping, date(2025, 1, 1))
    care(overlapping, date(2024, 1, 1))  # still open
    care(overlapping, date(2025, 6, 1))
    assert listed(ypt, "A2.1", Q1, Part.NUMERATOR) == ["RETURNING"]


def test_entering_care_counts_in_the_period_it_happened(ypt):
    who = person(ypt)
    case(ypt, who, date(2025, 4, 1))
    care(who, date(2025, 7, 1))
    assert (figure(ypt, "A2.1", Q1).numerator, figure(ypt, "A2.1", Q2).numerator) == (0, 1)
    assert figure(ypt, "A2.1", H1).numerator == 1


# A2.2 -----------------------------------------------------------------------------------------


def test_a2_2_counts_residential_placements_begun_while_in_care_and_worked_with(ypt):
    placed = person(ypt, ref="PLACED")
    case(ypt, placed, date(2025, 4, 1))
    care(placed, date(2025, 4, 1))
    PlacementFactory(young_person=placed, placement_code="K2", start_date=date(2025, 5, 1))
    fostered = person(ypt, ref="FOSTERED")
    case(ypt, fostered, date(2025, 4, 1))
    care(fostered, date(2025, 4, 1))
    PlacementFactory(young_person=fostered, placement_code="U4", start_date=date(2025, 5, 1))
    result = figure(ypt, "A2.2", Q1)
    assert (result.numerator, result.denominator) == (1, 2)


def test_residential_codes_come_from_the_contracts_setting(ypt):
    school = person(ypt, ref="SCHOOL")
    case(ypt, school, date(2025, 4, 1))
    care(school, date(2025, 4, 1))
    PlacementFactory(young_person=school, placement_code="S1", start_date=date(2025, 5, 1))
    assert figure(ypt, "A2.2", Q1).numerator == 0
    ypt.residential_placement_codes = ["K1", "K2", "R1", "S1"]
    ypt.save()
    assert figure(ypt, "A2.2", Q1).numerator == 1
    ypt.residential_placement_codes = ["S1", "T1"]  # a temporary move is never a placement
    ypt.save()
    hospital = person(ypt)
    case(ypt, hospital, date(2025, 4, 1))
    care(hospital, date(2025, 4, 1))
    PlacementFactory(young_person=hospital, placement_code="T1", start_date=date(2025, 5, 1))
    assert figure(ypt, "A2.2", Q1).numerator == 1


def test_a2_2_needs_care_and_a_case_on_a_common_day_of_the_period(ypt):
    apart = person(ypt, ref="APART")
    case(ypt, apart, date(2025, 4, 1), date(2025, 4, 30))
    care(apart, date(2025, 5, 1))  # in care only after the case ended
    touching = person(ypt, ref="TOUCHING")
    case(ypt, touching, date(2025, 4, 1), date(2025, 5, 1))
    care(touching, date(2025, 5, 1))  # one day in common
    earlier = person(ypt, ref="EARLIER")
    case(ypt, earlier, date(2025, 1, 1), date(2025, 3, 31))  # overlap before the period only
    care(earlier, date(2025, 1, 1))
    assert listed(ypt, "A2.2", Q1, Part.DENOMINATOR) == ["TOUCHING"]


def test_a_placement_begun_after_the_case_closed_is_not_counted(ypt):
    who = person(ypt)
    case(ypt, who, date(2025, 4, 1), date(2025, 5, 1))
    care(who, date(2025, 4, 1))
    PlacementFactory(young_person=who, placement_code="K2", start_date=date(2025, 5, 2))
    assert figure(ypt, "A2.2", Q1).numerator == 0


# A2.3-A2.6, A2.8-A2.10 ------------------------------------------------------------------------


def test_a2_3_counts_cases_and_a2_4_young_people(ypt):
    twice = person(ypt, ref="TWICE")
    case(ypt, twice, date(2025, 1, 1), date(2025, 4, 1))  # ends on Q1's first day: open in Q1
    case(ypt, twice, date(2025, 6, 30))
    case(ypt, person(ypt, ref="LATER"), date(2025, 7, 1))
    assert (figure(ypt, "A2.3", Q1).value, figure(ypt, "A2.4", Q1).value) == (2, 1)
    assert (figure(ypt, "A2.3", FY).value, figure(ypt, "A2.4", FY).value) == (3, 2)


def test_assessments_and_activities_are_counted_by_role(ypt):
    open_case = case(ypt, person(ypt), date(2025, 4, 1))
    AssessmentFactory(case=open_case, role="lead")
    AssessmentFactory(case=open_case, role="support")
    AssessmentFactory(case=open_case, role="support", date=date(2025, 7, 1))
    worker = KeyWorkerFactory(contract=ypt)
    KeyWorkerActivityFactory(key_worker=worker, role="lead")
    KeyWorkerActivityFactory(key_worker=worker, role="lead")
    KeyWorkerActivityFactory(key_worker=worker, role="support")
    counts = [figure(ypt, code, Q1).value for code in ("A2.5", "A2.6", "A2.8", "A2.9")]
    assert counts == [1, 1, 2, 1]


def test_a2_10_is_the_share_of_satisfactory_reviews(ypt):
    worker = KeyWorkerFactory(contract=ypt)
    PerformanceReviewFactory(key_worker=worker, date=date(2025, 4, 1), satisfactory=True)
    PerformanceReviewFactory(key_worker=worker, date=date(2025, 5, 1), satisfactory=True)
    PerformanceReviewFactory(key_worker=worker, date=date(2025, 6, 1), satisfactory=False)
    result = figure(ypt, "A2.10", Q1)
    assert (result.numerator, result.denominator, str(result.value)) == (2, 3, "66.7")


# A2.7 -----------------------------------------------------------------------------------------


def contact(contract, contact_date: date, recorded: date, ref: str):
    open_case = CaseFactory(
        contract=contract, referral_date=date(2025, 1, 1), start_date=date(2025, 1, 1)
    )
    return ContactFactory(
        case=open_case, ref=ref, contact_date=contact_date, recorded_date=recorded
    )


def test_the_example_years_bank_holidays_are_englands(ypt):
    assert bank_holidays_between(date(2025, 4, 1), date(2026, 4, 30)) == (
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
    )


@pytest.mark.parametrize(
    ("contacted", "recorded", "in_time"),
    [
        (date(2025, 6, 2), date(2025, 6, 2), True),  # the same day: 0 working days
        # Friday to the next Wednesday: Mon, Tue, Wed = 3.
        (date(2025, 6, 6), date(2025, 6, 11), True),
        (date(2025, 6, 6), date(2025, 6, 12), False),  # Thursday: 4
        (date(2025, 6, 7), date(2025, 6, 11), True),  # from a Saturday: Mon-Wed = 3
        # Friday 22 August 2025; Monday 25 is a bank holiday: Tue, Wed, Thu = 3.
        (date(2025, 8, 22), date(2025, 8, 28), True),
        (date(2025, 8, 22), date(2025, 8, 29), False),
        # Christmas Eve 2025: 25, 26 are bank holidays, then a weekend: 29, 30, 31 Dec = 3.
        (date(2025, 12, 24), date(2025, 12, 31), True),
        # 31 December: 1 January 2026 is a bank holiday: 2, 5, 6 January = 3.
        (date(2025, 12, 31), date(2026, 1, 6), True),
        (date(2025, 12, 31), date(2026, 1, 7), False),
        # Thursday 2 April 2026 (FY 2026): Good Friday and Easter Monday: 7, 8, 9 April = 3.
        (date(2026, 4, 2), date(2026, 4, 9), True),
        (date(2026, 4, 2), date(2026, 4, 10), False),
    ],
)
def test_a2_7_counts_working_days_after_the_contact_less_weekends_and_bank_holidays(
    ypt, contacted, recorded, in_time
):
    ypt.record_timeframe_days = 3
    ypt.save()
    contact(ypt, contacted, recorded, "CT-1")
    year = FinancialYear(financial_year_of(contacted)).period("FY")
    result = figure(ypt, "A2.7", year)
    assert (result.denominator, result.numerator) == (1, 1 if in_time else 0)


def test_a2_7_follows_the_contracts_timeframe(ypt):
    contact(ypt, date(2025, 6, 2), date(2025, 6, 9), "WEEK")  # Monday to Monday: 5
    assert figure(ypt, "A2.7", Q1).numerator == 1  # the default timeframe is 5
    ypt.record_timeframe_days = 4
    ypt.save()
    assert figure(ypt, "A2.7", Q1).numerator == 0
    assert listed(ypt, "A2.7", Q1, Part.DENOMINATOR) == ["WEEK"]
