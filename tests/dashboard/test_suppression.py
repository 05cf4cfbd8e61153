"""Small-number suppression, on tables worked by hand."""

from decimal import Decimal

import pytest

from reports.suppression import (
    SUPPRESSED,
    Sum,
    is_small,
    percentage_hidden,
    primary,
    shown,
    suppressed_cells,
)


@pytest.mark.parametrize(
    ("value", "small"),
    [(0, False), (1, True), (5, True), (6, False), (None, False), (Decimal(3), True)],
)
def test_it_hides_counts_from_one_to_five_and_never_zero(value, small):
    assert is_small(value) is small


def test_it_hides_only_small_counts_without_any_sum():
    counts = {"a": 0, "b": 1, "c": 5, "d": 6, "e": None}
    assert primary(counts) == {"b", "c"}
    assert suppressed_cells(counts) == {"b", "c"}


def test_it_hides_the_next_smallest_category_when_one_is_hidden_beside_a_published_total():
    # Gender of 20 participants: male 3 is hidden; female 17 = 20 - 3 would give it away.
    counts = {"total": 20, "female": 17, "male": 3, "other": 0}
    sums = [Sum("total", ("female", "male", "other"))]
    assert suppressed_cells(counts, sums) == {"male", "female"}


def test_it_never_hides_a_zero_as_the_second_cell():
    # Hiding "other" (0) would not help: 0 is published as 0 everywhere.
    counts = {"total": 30, "a": 20, "b": 2, "other": 0, "c": 8}
    sums = [Sum("total", ("a", "b", "other", "c"))]
    assert suppressed_cells(counts, sums) == {"b", "c"}


def test_two_hidden_categories_need_nothing_more():
    counts = {"total": 27, "a": 3, "b": 4, "c": 20}
    sums = [Sum("total", ("a", "b", "c"))]
    assert suppressed_cells(counts, sums) == {"a", "b"}


def test_a_small_total_is_hidden_with_its_small_parts():
    counts = {"total": 4, "female": 4, "male": 0}
    assert suppressed_cells(counts, [Sum("total", ("female", "male"))]) == {"total", "female"}


def test_a_hidden_total_beside_published_parts_hides_a_part():
    # "total" is hidden (by another rule: it is given here as small), its parts are not:
    # their sum would reveal it, so the smaller part goes too.
    counts = {"total": 5, "x": 0, "y": 0, "z": 0}
    # All parts 0 cannot sum to 5: nothing to hide beyond the total itself.
    assert suppressed_cells(counts, [Sum("total", ("x", "y", "z"))]) == {"total"}


def test_secondary_suppression_cascades_through_a_two_way_table():
    """Rows and columns both sum to their totals:

                col1  col2 | total
        row1       3    10 |   13
        row2       8     9 |   17
        ---------------------------
        total     11    19 |   30

    r1c1 (3) is small. Row 1 then has one hidden cell: hide r1c2 (10). Column 1 has one hidden
    cell: hide r2c1 (8). Column 2 has one hidden cell: hide r2c2 (9). Row 2 then has two.
    Every total stays published.
    """
    counts = {
        "r1c1": 3, "r1c2": 10, "r1": 13,
        "r2c1": 8, "r2c2": 9, "r2": 17,
        "c1": 11, "c2": 19, "all": 30,
    }  # fmt: skip
    sums = [
        Sum("r1", ("r1c1", "r1c2")),
        Sum("r2", ("r2c1", "r2c2")),
        Sum("c1", ("r1c1", "r2c1")),
        Sum("c2", ("r1c2", "r2c2")),
        Sum("all", ("r1", "r2")),
        Sum("all", ("c1", "c2")),
    ]
    assert suppressed_cells(counts, sums) == {"r1c1", "r1c2", "r2c1", "r2c2"}


def test_a_cascade_reaches_a_second_breakdown_through_a_shared_subtotal():
    """Participants by locality, and one locality ("North", 12) split by gender:

        all 40 = North 12 + South 28
        North 12 = female 9 + male 3

    male 3 is small: hide female 9. North is published, so nothing more in that breakdown;
    but then suppose South's split: South 28 = female 26 + male 2: hide male 2, then female 26.
    """
    counts = {
        "all": 40, "north": 12, "south": 28,
        "north_f": 9, "north_m": 3,
        "south_f": 26, "south_m": 2,
    }  # fmt: skip
    sums = [
        Sum("all", ("north", "south")),
        Sum("north", ("north_f", "north_m")),
        Sum("south", ("south_f", "south_m")),
    ]
    assert suppressed_cells(counts, sums) == {"north_f", "north_m", "south_f", "south_m"}


def test_a_cascade_climbs_from_a_subtotal_to_its_parent():
    """Sums are examined in the order given, again until nothing changes:

    b 7 = b1 6 + b2 1             (b2 small: hide b1, 6)
    all 50 = a 4 + b 7 + c 39     (a small: hide b, the smallest published part, 7)
    c 39 = c1 33 + c2 6           (nothing small, nothing hidden)
    """
    counts = {"all": 50, "a": 4, "b": 7, "c": 39, "b1": 6, "b2": 1, "c1": 33, "c2": 6}
    sums = [Sum("b", ("b1", "b2")), Sum("all", ("a", "b", "c")), Sum("c", ("c1", "c2"))]
    assert suppressed_cells(counts, sums) == {"a", "b", "b1", "b2"}


def test_a_sum_with_two_hidden_members_is_left_alone_even_when_one_is_its_total():
    """all 50 = a 4 + b 7 + c 39: a small, hide b. Then b 7 = b1 6 + b2 1 has b and b2 hidden:
    b = 6 + b2 and a + b = 11 leave three unknowns in two equations, so b1 may stay."""
    counts = {"all": 50, "a": 4, "b": 7, "c": 39, "b1": 6, "b2": 1}
    sums = [Sum("all", ("a", "b", "c")), Sum("b", ("b1", "b2"))]
    assert suppressed_cells(counts, sums) == {"a", "b", "b2"}


def test_hiding_a_part_reveals_nothing_new_when_it_is_hidden_in_its_other_sum():
    """The cascade that must iterate: hiding for sum 1 makes sum 2 need a cell, whose hiding
    makes sum 3 need one.

        t1 20 = x 2 + y 18
        t2 30 = y 18 + z 12
        t3 40 = z 12 + w 28

    x small -> hide y (sum 1). Sum 2 has y alone -> hide z. Sum 3 has z alone -> hide w.
    """
    counts = {"t1": 20, "t2": 30, "t3": 40, "x": 2, "y": 18, "z": 12, "w": 28}
    sums = [Sum("t1", ("x", "y")), Sum("t2", ("y", "z")), Sum("t3", ("z", "w"))]
    assert suppressed_cells(counts, sums) == {"x", "y", "z", "w"}


def test_ties_are_broken_by_the_order_of_the_parts():
    counts = {"total": 22, "a": 1, "b": 7, "c": 7, "d": 7}
    assert suppressed_cells(counts, [Sum("total", ("a", "b", "c", "d"))]) == {"a", "b"}


def test_a_missing_part_reads_as_zero():
    counts = {"total": 10, "a": 4}
    assert suppressed_cells(counts, [Sum("total", ("a", "absent", "b"))]) == {"a", "total"}


@pytest.mark.parametrize(
    ("numerator", "denominator", "hidden_flags", "hidden"),
    [
        (10, 40, {}, False),
        (3, 40, {}, True),
        (10, 4, {}, True),
        (0, 40, {}, False),
        (0, 0, {}, False),
        (10, 40, {"numerator_hidden": True}, True),
        (10, 40, {"denominator_hidden": True}, True),
    ],
)
def test_a_percentage_is_hidden_when_its_numerator_or_denominator_is(
    numerator, denominator, hidden_flags, hidden
):
    assert percentage_hidden(numerator, denominator, **hidden_flags) is hidden


def test_shown_writes_c_for_a_hidden_value():
    assert shown(3, True) == SUPPRESSED == "c"
    assert shown(3, False) == 3
