"""Mentoring recorded on screen counts in 1.2, 1.6, 1.7 and 1.11 exactly as imported records
do: the KPIs read the training's dates, the match's dates and the supported appointments,
which the screens write through mentoring.services by the same rules."""

from datetime import date

import pytest

from kpis.engine.periods import FinancialYear
from kpis.frameworks import framework_for
from mentoring.models import MatchGoal, SupportedAppointment
from mentoring.services import close_match, make_match, mentors_with_state, record_review

from ..factories import MentorFactory
from .conftest import train, trained_mentor, waiting_mentee

pytestmark = pytest.mark.django_db

Q4_2024 = FinancialYear(2024).quarters()[3]  # January to March 2025
Q1_2025 = FinancialYear(2025).quarters()[0]  # April to June 2025


def figure(contract, code, period):
    return framework_for(contract.framework).indicator(code).compute(contract, period)


def test_training_matching_and_appointments_on_screen_move_1_6_1_7_and_1_11(
    contract_a, coordinator_user
):
    # Two mentors trained in Q4 (1 March), one in Q1 (2 May, the last of its eight modules);
    # one has done six modules and is not trained at all.
    early = trained_mentor(contract_a, name="Early One")
    trained_mentor(contract_a, name="Early Two")
    late = trained_mentor(contract_a, name="Late", on=date(2025, 5, 2))
    train(
        MentorFactory(contract=contract_a, name="Partway"),
        date(2025, 5, 1),
        modules=["cse", "confidentiality", "signs_of_safety", "mentor_role", "mentoring_skills",
                 "safeguarding_adults"],
    )  # fmt: skip
    assert figure(contract_a, "1.6", Q4_2024).value == 2
    assert figure(contract_a, "1.6", Q1_2025).value == 1

    # Nobody matched yet: 0 of the 3 trained by 30 June.
    assert figure(contract_a, "1.7", Q1_2025).numerator == 0
    first, second = waiting_mentee(contract_a), waiting_mentee(contract_a)
    fresh = mentors_with_state(contract_a, date(2025, 5, 26))
    match = make_match(
        first, mentor=fresh.get(pk=early.pk), start_date=date(2025, 5, 26), by=coordinator_user
    )
    make_match(
        second, mentor=fresh.get(pk=late.pk), start_date=date(2025, 6, 2), by=coordinator_user
    )
    matched = figure(contract_a, "1.7", Q1_2025)
    assert (matched.numerator, matched.denominator) == (2, 3)
    # The two mentees take part in Q1 as mentees (1.2's service type).
    participation = figure(contract_a, "1.2", Q1_2025)
    assert participation.breakdown["service_type"]["mentee"] == 2

    # Supported appointments: two for the first mentee (one type twice), none for the second.
    for day, kind in [(date(2025, 6, 3), "health"), (date(2025, 6, 5), "health"),
                      (date(2025, 6, 9), "education")]:  # fmt: skip
        SupportedAppointment.objects.create(match=match, date=day, appointment_type=kind)
    support = figure(contract_a, "1.11", Q1_2025)
    assert support.value == 1
    assert support.breakdown["appointment_type"]["health"] == 1
    assert support.breakdown["appointment_type"]["education"] == 1

    # A review and closing the match change no count for Q1: the match was active in it.
    goal = MatchGoal.objects.create(
        match=match, text="Get to the GP alone", agreed_date=date(2025, 5, 26)
    )
    record_review(
        match, day=date(2025, 6, 9), notes="Going well.", progress=[(goal, "achieved", "")],
        next_review_date=None, by=coordinator_user,
    )  # fmt: skip
    close_match(
        match, end_date=date(2025, 6, 9), reason="goals_met", note="", today=date(2025, 6, 10)
    )
    assert figure(contract_a, "1.7", Q1_2025).numerator == 2
