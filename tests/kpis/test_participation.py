"""1.2 participants, with 1.13, 1.14 and 1.15 that count over the same people."""

from datetime import date

import pytest

from contracts.models import CareStatus
from kpis.engine.periods import Period
from kpis.engine.rules import Part
from tests.factories import CareStatusFactory

from .factories import FeedbackFactory
from .helpers import FY, H1, H2, Q1, Q2, Q3, Q4, attend, figure, listed, match, person

pytestmark = pytest.mark.django_db


def test_it_counts_a_young_person_once_in_the_year_across_quarters(ep):
    kit = person(ep, ref="KIT")
    attend(ep, kit, date(2025, 5, 1), "psd")
    attend(ep, kit, date(2025, 5, 2), "cicc")
    attend(ep, kit, date(2025, 11, 3), "care_leavers_group")
    counts = {p.name: figure(ep, "1.2", p).value for p in (Q1, Q2, Q3, Q4, H1, H2, FY)}
    assert counts == {"Q1": 1, "Q2": 0, "Q3": 1, "Q4": 0, "H1": 1, "H2": 1, "FY": 1}
    assert listed(ep, "1.2", FY) == ["KIT"]


def test_30_june_is_in_q1_and_1_july_in_q2(ep):
    attend(ep, person(ep, ref="JUNE"), date(2025, 6, 30))
    attend(ep, person(ep, ref="JULY"), date(2025, 7, 1))
    assert listed(ep, "1.2", Q1) == ["JUNE"]
    assert listed(ep, "1.2", Q2) == ["JULY"]
    assert figure(ep, "1.2", H1).value == 2


def test_only_development_and_participation_sessions_make_a_participant(ep):
    for session_type in ("mentoring", "mentor_training", "staff_training"):
        attend(ep, person(ep), date(2025, 5, 1), session_type)
    for session_type in ("psd", "cicc", "care_leavers_group", "other_participation"):
        attend(ep, person(ep, ref=session_type.upper()), date(2025, 5, 1), session_type)
    assert figure(ep, "1.2", Q1).value == 4


def test_another_contracts_sessions_are_not_counted(ep, contract_b):
    attend(contract_b, person(contract_b), date(2025, 5, 1))
    assert figure(ep, "1.2", Q1).value == 0


def test_a_young_person_counts_in_every_service_type_they_used(ep):
    both = person(ep, ref="BOTH")
    attend(ep, both, date(2025, 4, 10), "psd")
    attend(ep, both, date(2025, 4, 11), "other_participation")
    only_psd = person(ep, ref="PSD")
    attend(ep, only_psd, date(2025, 4, 12), "psd")
    mentee = person(ep, ref="MENTEE")
    match(ep, mentee, date(2025, 1, 1), date(2025, 4, 1))
    result = figure(ep, "1.2", Q1)
    assert result.value == 3
    assert result.breakdown["service_type"] == {
        "psd": 2,
        "other_participation": 1,
        "mentee": 1,
        "psd_and_participation": 1,
    }
    assert listed(ep, "1.2", Q1, breakdown="service_type", category="mentee") == ["MENTEE"]


def test_1_15_is_1_2s_development_and_participation_and_lists_the_same_people(ep):
    both = person(ep, ref="BOTH")
    attend(ep, both, date(2025, 4, 10), "psd")
    attend(ep, both, date(2025, 6, 11), "cicc")
    apart = person(ep, ref="APART")
    attend(ep, apart, date(2025, 6, 10), "psd")
    attend(ep, apart, date(2025, 7, 11), "cicc")
    assert figure(ep, "1.15", Q1).value == 1
    assert figure(ep, "1.15", H1).value == 2
    for period in (Q1, Q2, H1):
        assert figure(ep, "1.15", period).value == figure(ep, "1.2", period).breakdown[
            "service_type"
        ].get("psd_and_participation", 0)
    assert listed(ep, "1.15", H1) == ["APART", "BOTH"]


@pytest.mark.parametrize(
    ("birthday", "band_q1", "band_q2"),
    [
        # 14 on 30 June 2025 (the last day of Q1): 14-15 in Q1.
        (date(2011, 6, 30), "14-15", "14-15"),
        # 14 on 1 July 2025: still 13 on 30 June, so 11-13 in Q1 and 14-15 in Q2.
        (date(2011, 7, 1), "11-13", "14-15"),
        (date(2007, 6, 30), "18-20", "18-20"),
        (date(2007, 7, 1), "16-17", "18-20"),
    ],
)
def test_age_band_is_taken_on_the_periods_last_day(ep, birthday, band_q1, band_q2):
    someone = person(ep, date_of_birth=birthday)
    attend(ep, someone, date(2025, 6, 1))
    match(ep, someone, date(2025, 6, 1), date(2025, 9, 1))  # a participant in Q2 as well
    assert figure(ep, "1.2", Q1).breakdown["age_band"] == {band_q1: 1}
    assert figure(ep, "1.2", Q2).breakdown["age_band"] == {band_q2: 1}


def test_care_status_is_taken_on_the_periods_last_day(ep):
    leaver = person(ep, ref="LEAVER")
    CareStatusFactory(
        young_person=leaver,
        status="in_care",
        start_date=date(2020, 1, 1),
        end_date=date(2025, 6, 29),
    )
    CareStatusFactory(young_person=leaver, status="care_leaver", start_date=date(2025, 6, 30))
    still = person(ep, ref="STILL")
    CareStatusFactory(
        young_person=still,
        status="in_care",
        start_date=date(2020, 1, 1),
        end_date=date(2025, 6, 30),
    )
    gone = person(ep, ref="GONE")
    CareStatusFactory(
        young_person=gone, status="in_care", start_date=date(2020, 1, 1), end_date=date(2025, 6, 29)
    )
    for who in (leaver, still, gone):
        attend(ep, who, date(2025, 5, 1))
    assert figure(ep, "1.2", Q1).breakdown["care_status"] == {
        "care_leaver": 1,
        "in_care": 1,
        "other": 1,
    }
    assert listed(ep, "1.2", Q1, breakdown="care_status", category="other") == ["GONE"]


def test_overlapping_care_intervals_the_latest_start_wins(ep):
    someone = person(ep)
    CareStatusFactory(young_person=someone, status="in_care", start_date=date(2019, 1, 1))
    CareStatusFactory(young_person=someone, status="care_leaver", start_date=date(2025, 6, 1))
    # Starts after Q1's last day: not yet the status on 30 June.
    CareStatusFactory(young_person=someone, status="child_in_need", start_date=date(2025, 7, 1))
    assert CareStatus.objects.filter(young_person=someone).count() == 3
    attend(ep, someone, date(2025, 5, 1))
    attend(ep, someone, date(2025, 8, 1))
    assert figure(ep, "1.2", Q1).breakdown["care_status"] == {"care_leaver": 1}
    assert figure(ep, "1.2", Q2).breakdown["care_status"] == {"other": 1}


def test_an_open_match_is_active_to_its_limit_and_not_after(ep):
    # Started 30 June 2024, never ended: active to 30 June 2025, its limit.
    mentee = person(ep, ref="OPEN")
    match(ep, mentee, date(2024, 6, 30))
    assert listed(ep, "1.2", Q1) == ["OPEN"]
    assert listed(ep, "1.2", Q2) == []
    assert listed(ep, "1.2", Period(date(2025, 6, 30), date(2025, 6, 30))) == ["OPEN"]


def test_an_ended_match_is_active_to_its_end(ep):
    mentee = person(ep, ref="ENDED")
    match(ep, mentee, date(2025, 5, 1), date(2025, 7, 1))
    assert listed(ep, "1.2", Q2) == ["ENDED"]
    assert listed(ep, "1.2", Period(date(2025, 7, 2), date(2025, 9, 30))) == []


def test_a_match_from_29_february_ends_its_year_on_28_february(ep):
    mentee = person(ep, ref="LEAP")
    made = match(ep, mentee, date(2024, 2, 29))
    assert made.limit_date == date(2025, 2, 28)
    assert listed(ep, "1.2", Period(date(2025, 2, 28), date(2025, 3, 31))) == ["LEAP"]
    assert listed(ep, "1.2", Period(date(2025, 3, 1), date(2025, 3, 31))) == []


def test_localities_are_counted_as_recorded(ep):
    for locality in ("Isles of Scilly", "West", "West"):
        attend(ep, person(ep, locality=locality), date(2025, 5, 1))
    person(ep, locality="Mid")  # no participant lives there: left out
    assert figure(ep, "1.2", Q1).breakdown["locality"] == {"Isles of Scilly": 1, "West": 2}


def test_every_demographic_breakdown_adds_up_to_the_headline(ep):
    people = [
        person(ep, gender="female", disability="yes", ethnicity="WBRI", locality="East"),
        person(ep, gender="male", disability="no", ethnicity="CHNE", locality="West"),
        person(ep, gender="other", disability="not_known", ethnicity="REFU", locality="West"),
        person(ep, gender="not_known", disability="no", ethnicity="NOBT", locality="Mid"),
    ]
    for index, someone in enumerate(people):
        attend(ep, someone, date(2025, 4, 1 + index))
    result = figure(ep, "1.2", Q1)
    for name in ("age_band", "gender", "disability", "ethnicity", "locality", "care_status"):
        assert sum(result.breakdown[name].values()) == result.value == 4, name


def test_1_13_counts_participants_who_gave_feedback_in_the_period(ep):
    said = person(ep, ref="SAID")
    attend(ep, said, date(2025, 5, 1))
    FeedbackFactory(young_person=said, date=date(2025, 6, 30), kind="complaint")
    late = person(ep, ref="LATE")
    attend(ep, late, date(2025, 5, 1))
    FeedbackFactory(young_person=late, date=date(2025, 7, 1))
    outsider = person(ep, ref="OUTSIDER")  # feedback, but no participation in Q1
    FeedbackFactory(young_person=outsider, date=date(2025, 5, 1))
    result = figure(ep, "1.13", Q1)
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50)
    assert listed(ep, "1.13", Q1, Part.NUMERATOR) == ["SAID"]
    assert listed(ep, "1.13", Q1, Part.DENOMINATOR) == ["LATE", "SAID"]
    assert figure(ep, "1.13", H1).numerator == 2


def test_1_14_counts_who_attended_a_coproduced_session_of_any_type(ep):
    attend(ep, person(ep, ref="CO"), date(2025, 5, 1), "staff_training", coproduction=True)
    attend(ep, person(ep, ref="NOT"), date(2025, 5, 1), "psd")
    assert listed(ep, "1.14", Q1) == ["CO"]
