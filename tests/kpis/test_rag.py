"""Red, amber and green at their edges (kpi-rules.md, "Targets and RAG")."""

from dataclasses import replace
from decimal import Decimal

import pytest

from kpis.engine.rag import Status, pro_rata, status_of
from kpis.frameworks import framework_for

CORNWALL = framework_for("cornwall_ep")
WOLVERHAMPTON = framework_for("wolverhampton_ypt")
PERCENT = CORNWALL.indicator("1.7")  # higher is better, target 80
COUNT = CORNWALL.indicator("1.2")  # higher is better, target 160
HOURS = CORNWALL.indicator("1.3")
FEWER_ENTER_CARE = WOLVERHAMPTON.indicator("A2.1")  # lower is better


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("80.0", Status.GREEN),
        ("100.0", Status.GREEN),
        ("79.9", Status.AMBER),
        ("75.0", Status.AMBER),
        ("74.9", Status.RED),
        ("0.0", Status.RED),
    ],
)
def test_a_percentage_is_green_at_its_target_and_amber_within_5_points(value, status):
    assert status_of(PERCENT, Decimal(80), Decimal(value), quarters_elapsed=1) == status


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("10.0", Status.GREEN),
        ("0.0", Status.GREEN),
        ("10.1", Status.AMBER),
        ("15.0", Status.AMBER),
        ("15.1", Status.RED),
    ],
)
def test_lower_is_better_for_entering_care(value, status):
    assert status_of(FEWER_ENTER_CARE, Decimal(10), Decimal(value), quarters_elapsed=4) == status


@pytest.mark.parametrize(
    ("quarters", "value", "status"),
    [
        # 160 a year: 40 after one quarter, 120 after three; amber from 90% of that.
        (1, 40, Status.GREEN),
        (1, 36, Status.AMBER),
        (1, 35, Status.RED),
        (3, 120, Status.GREEN),
        (3, 119, Status.AMBER),
        (3, 108, Status.AMBER),
        (3, 107, Status.RED),
        (4, 160, Status.GREEN),
        (4, 144, Status.AMBER),
        (4, 143, Status.RED),
    ],
)
def test_a_count_is_judged_against_its_pro_rata_target(quarters, value, status):
    assert pro_rata(Decimal(160), quarters) == Decimal(160) * quarters / 4
    assert status_of(COUNT, Decimal(160), value, quarters_elapsed=quarters) == status


def test_hours_are_judged_like_counts():
    assert status_of(HOURS, Decimal(100), Decimal("50.00"), quarters_elapsed=2) == Status.GREEN
    assert status_of(HOURS, Decimal(100), Decimal("44.99"), quarters_elapsed=2) == Status.RED


@pytest.mark.parametrize(
    ("target", "value", "quarters"),
    [
        (None, 12, 2),  # monitor only, TBC, to be agreed
        (Decimal(80), None, 2),  # a percentage with nothing to divide
        (Decimal(160), 50, 0),  # no quarter over yet
    ],
)
def test_there_is_no_status_without_a_target_a_figure_or_a_quarter_over(target, value, quarters):
    indicator = PERCENT if value is None else COUNT
    assert status_of(indicator, target, value, quarters_elapsed=quarters) is None


def test_the_amber_tolerance_is_a_setting_of_the_indicator():
    strict = replace(PERCENT, amber_tolerance=Decimal(2))
    assert status_of(strict, Decimal(80), Decimal("78.0"), 4) == Status.AMBER
    assert status_of(strict, Decimal(80), Decimal("77.9"), 4) == Status.RED
    generous = replace(COUNT, amber_tolerance=Decimal(50))
    assert status_of(generous, Decimal(160), 80, 4) == Status.AMBER
