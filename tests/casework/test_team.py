"""The team's pages (Wolverhampton's Young Person's Team): key workers and who signs in as them,
their performance reviews and when the next is due (specification 4.2.3, A2.10), and their
activities (A2.8, A2.9). The team manager adds key workers and reviews them; every member of
the provider's staff sees the key workers and records activities; a key worker sees their own
reviews only. Commissioners are refused (403); another organisation, or a contract without
casework, finds nothing (404)."""

from datetime import date

import pytest

from contracts.casework.reviews import last_day_of_first_year, next_review_due, review_due
from contracts.dates import add_months, financial_year_around

START = date(2024, 4, 1)  # the contract's start: its first year is 1 Apr 2024 to 31 Mar 2025


# The schedule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 15), 3, date(2025, 4, 15)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),  # no 30 February: its last day
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # a leap year's last day
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2025, 10, 31), 6, date(2026, 4, 30)),
        (date(2025, 12, 15), 3, date(2026, 3, 15)),  # across the new year
    ],
)
def test_add_months_keeps_the_day_or_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_it_is_due_three_months_after_the_contract_starts_before_any_review():
    assert next_review_due(contract_start=START, last_review=None) == date(2024, 7, 1)


@pytest.mark.parametrize(
    ("last_review", "due"),
    [
        (date(2024, 4, 20), date(2024, 7, 20)),  # first year: quarterly
        (date(2024, 12, 10), date(2025, 3, 10)),
        (date(2025, 3, 31), date(2025, 6, 30)),  # the first year's last day: still quarterly
        (date(2025, 4, 1), date(2025, 10, 1)),  # the second year's first day: six-monthly
        (date(2026, 5, 9), date(2026, 11, 9)),
        (date(2025, 8, 31), date(2026, 2, 28)),  # six months on, clamped to February's end
    ],
)
def test_reviews_are_quarterly_in_the_first_year_and_six_monthly_after(last_review, due):
    assert next_review_due(contract_start=START, last_review=last_review) == due


def test_a_contract_starting_on_29_february_has_a_first_year_to_27_february():
    leap_start = date(2024, 2, 29)
    assert last_day_of_first_year(leap_start) == date(2025, 2, 27)
    assert next_review_due(contract_start=leap_start, last_review=date(2025, 2, 27)) == date(
        2025, 5, 27
    )
    assert next_review_due(contract_start=leap_start, last_review=date(2025, 2, 28)) == date(
        2025, 8, 28
    )


def test_a_review_is_overdue_the_day_after_it_is_due_not_on_the_day():
    on_the_day = review_due(
        contract_start=START, last_review=date(2025, 4, 1), today=date(2025, 10, 1)
    )
    day_after = review_due(
        contract_start=START, last_review=date(2025, 4, 1), today=date(2025, 10, 2)
    )
    assert (on_the_day.overdue, day_after.overdue) == (False, True)
    assert day_after.overdue_since == date(2025, 10, 2)


def test_the_financial_year_runs_from_1_april_to_31_march():
    assert financial_year_around(date(2025, 3, 31)) == (date(2024, 4, 1), date(2025, 3, 31))
    assert financial_year_around(date(2025, 4, 1)) == (date(2025, 4, 1), date(2026, 3, 31))
