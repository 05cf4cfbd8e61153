"""How a figure is written: percentages rounded half away from zero, numbers in JSON."""

from decimal import Decimal

import pytest

from kpis.engine.figures import json_number
from kpis.engine.rules import percent


@pytest.mark.parametrize(
    ("numerator", "denominator", "value"),
    [
        (1, 16, "6.3"),  # 6.25: half away from zero, not to even
        (3, 16, "18.8"),  # 18.75
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (20, 37, "54.1"),
        (7, 7, "100.0"),
        (0, 5, "0.0"),
        (Decimal("14374.33"), Decimal("123456.78"), "11.6"),
    ],
)
def test_a_percentage_is_rounded_to_one_decimal_half_away_from_zero(numerator, denominator, value):
    assert str(percent(numerator, denominator)) == value


def test_a_percentage_of_nothing_is_empty():
    assert percent(0, 0) is None
    assert percent(3, Decimal("0.00")) is None


@pytest.mark.parametrize(
    ("value", "written"),
    [(Decimal("160.00"), 160), (Decimal("82.50"), 82.5), (7, 7), (None, None)],
)
def test_targets_are_written_as_whole_numbers_when_whole(value, written):
    result = json_number(value)
    assert result == written
    assert type(result) is type(written)
