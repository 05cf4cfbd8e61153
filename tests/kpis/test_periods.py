"""Financial-year arithmetic: FY 2025 is 1 April 2025 to 31 March 2026, every date inclusive."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from kpis.engine.periods import (
    FinancialYear,
    Period,
    Stage,
    financial_year_of,
    financial_years_between,
    period_state,
    span_so_far,
)


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("Q1", date(2025, 4, 1), date(2025, 6, 30)),
        ("Q2", date(2025, 7, 1), date(2025, 9, 30)),
        ("Q3", date(2025, 10, 1), date(2025, 12, 31)),
        ("Q4", date(2026, 1, 1), date(2026, 3, 31)),
        ("H1", date(2025, 4, 1), date(2025, 9, 30)),
        ("H2", date(2025, 10, 1), date(2026, 3, 31)),
        ("FY", date(2025, 4, 1), date(2026, 3, 31)),
    ],
)
def test_it_names_the_periods_of_a_financial_year(name, start, end):
    period = FinancialYear(2025).period(name)
    assert (period.start, period.end, period.name) == (start, end, name)


def test_it_labels_a_year_as_the_returns_do():
    assert FinancialYear(2025).label == "2025/26"
    assert FinancialYear(1999).label == "1999/00"


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 3, 31), 2025),
        (date(2026, 4, 1), 2026),
        (date(2025, 12, 31), 2025),
        (date(2026, 1, 1), 2025),
    ],
)
def test_it_puts_31_march_and_1_april_in_different_years(day, year):
    assert financial_year_of(day) == year
    assert FinancialYear.containing(day) == FinancialYear(year)


def test_both_ends_of_a_period_are_in_it():
    q1 = FinancialYear(2025).period("Q1")
    assert date(2025, 4, 1) in q1
    assert date(2025, 6, 30) in q1
    assert date(2025, 7, 1) not in q1
    assert date(2025, 3, 31) not in q1
    assert q1.days == 91


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2025, 4, 2), date(2025, 4, 1))


def test_it_refuses_a_period_it_does_not_know():
    with pytest.raises(ValueError, match="Unknown period"):
        FinancialYear(2025).period("Q5")


@pytest.mark.parametrize(
    ("today", "elapsed", "to"),
    [
        (date(2025, 6, 30), 0, None),
        (date(2025, 7, 1), 1, date(2025, 6, 30)),
        (date(2025, 12, 31), 2, date(2025, 9, 30)),
        (date(2026, 1, 1), 3, date(2025, 12, 31)),
        (date(2026, 3, 31), 3, date(2025, 12, 31)),
        (date(2026, 4, 1), 4, date(2026, 3, 31)),
        (date(2024, 1, 1), 0, None),
    ],
)
def test_the_year_to_date_runs_to_the_end_of_the_latest_quarter_over(today, elapsed, to):
    year = FinancialYear(2025)
    assert year.quarters_elapsed(today) == elapsed
    year_to_date = year.year_to_date(today)
    if to is None:
        assert year_to_date is None
    else:
        assert (year_to_date.start, year_to_date.end) == (date(2025, 4, 1), to)


def test_it_reads_the_day_when_asked_in_londons_time():
    # 23:30 UTC on 31 March 2026 is already 00:30 on 1 April in London (summer time).
    with time_machine.travel(datetime(2026, 3, 31, 22, 30, tzinfo=UTC), tick=False):
        assert FinancialYear.current() == FinancialYear(2025)
        assert FinancialYear(2025).quarters_elapsed() == 3
    with time_machine.travel(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), tick=False):
        assert FinancialYear.current() == FinancialYear(2026)
        assert FinancialYear(2025).quarters_elapsed() == 4


def test_it_lists_every_year_a_span_touches():
    years = financial_years_between(date(2024, 7, 1), date(2027, 6, 30))
    assert [y.year for y in years] == [2024, 2025, 2026, 2027]


# --- A period's state on a day (kpis.engine.periods.period_state) ------------------------------

Q3_2026 = FinancialYear(2026).period("Q3")  # 1 October to 31 December 2026


@pytest.mark.parametrize(
    ("day", "stage", "mark"),
    [
        (date(2026, 9, 30), Stage.NOT_STARTED, "not started"),  # the day before it begins
        (date(2026, 10, 1), Stage.IN_PROGRESS, "so far, to 1 October 2026"),  # its first day
        (date(2026, 12, 2), Stage.IN_PROGRESS, "so far, to 2 December 2026"),
        (date(2026, 12, 31), Stage.IN_PROGRESS, "so far, to 31 December 2026"),  # its last day
        (date(2027, 1, 1), Stage.ENDED, ""),  # the day after it
    ],
)
def test_a_quarter_is_in_progress_from_its_first_day_to_its_last_and_ended_the_day_after(
    day, stage, mark
):
    state = period_state(Q3_2026, day)
    assert (state.stage, state.mark) == (stage, mark)
    assert state.has_figures == (stage != Stage.NOT_STARTED)


def test_the_year_is_in_progress_on_31_march_and_ended_on_1_april():
    year = FinancialYear(2025).period("FY")
    assert period_state(year, date(2026, 3, 31)).in_progress
    assert period_state(year, date(2026, 4, 1)).ended
    assert period_state(year, date(2025, 3, 31)).not_started


@time_machine.travel(datetime(2026, 12, 2, 12, tzinfo=UTC), tick=False)
def test_a_periods_state_is_judged_on_today_when_no_day_is_given():
    assert period_state(Q3_2026).mark == "so far, to 2 December 2026"
    assert period_state(FinancialYear(2026).period("Q4")).not_started
    assert period_state(FinancialYear(2026).period("Q2")).ended
    # The quarters over are those whose state is ended: one function decides both.
    assert FinancialYear(2026).quarters_elapsed() == 2


def test_a_figure_so_far_counts_the_days_to_today_and_one_not_started_none():
    assert span_so_far(Q3_2026, date(2026, 12, 2)) == Period(
        date(2026, 10, 1), date(2026, 12, 2), "Q3"
    )
    assert span_so_far(Q3_2026, date(2027, 1, 1)) == Q3_2026
    assert span_so_far(Q3_2026, date(2026, 9, 30)) is None
