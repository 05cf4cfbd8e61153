"""Date arithmetic the records and the KPI rules share."""

from datetime import date

import pytest

from contracts.dates import age_band, age_on, birthday, one_year_after


@pytest.mark.parametrize(
    ("start", "limit"),
    [
        (date(2025, 11, 18), date(2026, 11, 18)),
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2023, 3, 1), date(2024, 3, 1)),
        (date(2025, 12, 31), date(2026, 12, 31)),
    ],
)
def test_a_year_after_is_the_same_day_next_year_or_28_february(start, limit):
    assert one_year_after(start) == limit


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2008, 7, 1), date(2025, 6, 30), 16),
        (date(2008, 7, 1), date(2025, 7, 1), 17),
        (date(2008, 2, 29), date(2025, 2, 28), 16),
        (date(2008, 2, 29), date(2025, 3, 1), 17),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
    ],
)
def test_age_is_in_completed_years(born, on, age):
    assert age_on(born, on) == age


def test_an_18th_birthday_on_29_february_falls_on_1_march_in_other_years():
    assert birthday(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert age_on(date(2008, 2, 29), birthday(date(2008, 2, 29), 18)) == 18


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (10, "under_11"),
        (11, "11-13"),
        (13, "11-13"),
        (14, "14-15"),
        (17, "16-17"),
        (18, "18-20"),
        (21, "21-25"),
        (25, "21-25"),
        (26, "over_25"),
    ],
)
def test_each_age_falls_in_one_band(age, band):
    assert age_band(age) == band
