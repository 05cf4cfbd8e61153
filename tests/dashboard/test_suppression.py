"""Small-number suppression, on tables worked by hand.

The first tests are of reports.suppression (primary suppression, percentages); the later ones
of the board report's disclosure test, which takes every relation among the cells together
(reports.board_report).
"""

import itertools
from decimal import Decimal

import pytest

from reports.suppression import (
    SUPPRESSED,
    Relation,
    disclosed_cells,
    hidden_cells,
    is_small,
    percentage_hidden,
    primary,
    shown,
)


@pytest.mark.parametrize(
    ("value", "small"),
    [(0, False), (1, True), (5, True), (6, False), (None, False), (Decimal(3), True)],
)
def test_it_hides_counts_from_one_to_five_and_never_zero(value, small):
    assert is_small(value) is small


def test_it_hides_only_small_counts_on_their_own():
    counts = {"a": 0, "b": 1, "c": 5, "d": 6, "e": None}
    assert primary(counts) == {"b", "c"}
    assert hidden_cells(counts, []) == {"b", "c"}


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


# ---------------------------------------------------------------------------------------------
# The board report's disclosure test: every relation at once
# ---------------------------------------------------------------------------------------------


def disclosed(relations, hidden, ones=()):
    return disclosed_cells(tuple(r.terms for r in relations), frozenset(hidden), frozenset(ones))


def by_brute_force(relations, values, hidden, most=12):
    """The hidden cells that every whole-number assignment agreeing with the published cells
    and the relations, each hidden cell at least 1, gives one value: worked out by trying
    every assignment up to `most`."""
    cells = sorted({key for r in relations for key in r.cells})
    unknown = [key for key in cells if key in hidden]
    seen = {key: set() for key in unknown}
    for guess in itertools.product(range(1, most + 1), repeat=len(unknown)):
        trial = {**values, **dict(zip(unknown, guess, strict=True))}
        if all(r.holds(trial) for r in relations):
            for key, value in zip(unknown, guess, strict=True):
                seen[key].add(value)
    return {key for key in unknown if len(seen[key]) == 1}


QUARTERS_AND_YEAR = [
    Relation.total("FY", ("Q1", "Q2", "Q3", "Q4")),
    Relation.total("YTD", ("Q1", "Q2", "Q3")),
    Relation.total("FY", ("YTD", "Q4")),
]


def test_a_hidden_cell_is_disclosed_by_two_published_sums_together():
    """Cornwall 1.5 during Q4, Q1-Q4 = 0/2/7/2: FY 11 and the year to date 9 (Q1-Q3) are
    each a sum with two hidden members, but together Q4 = 11 - 9 and Q2 = 9 - 0 - 7."""
    values = {"Q1": 0, "Q2": 2, "Q3": 7, "Q4": 2, "FY": 11, "YTD": 9}
    assert disclosed(QUARTERS_AND_YEAR, {"Q2", "Q4"}) == {"Q2", "Q4"}
    assert by_brute_force(QUARTERS_AND_YEAR, values, {"Q2", "Q4"}) == {"Q2", "Q4"}
    # With Q3 hidden too, Q4 is still FY - YTD; with the year to date hidden instead, nothing.
    assert disclosed(QUARTERS_AND_YEAR, {"Q2", "Q3", "Q4"}) == {"Q4"}
    assert disclosed(QUARTERS_AND_YEAR, {"Q2", "Q4", "YTD"}) == set()
    assert by_brute_force(QUARTERS_AND_YEAR, values, {"Q2", "Q4", "YTD"}) == set()


def test_hidden_ones_beside_a_published_total_are_pinned_by_being_at_least_one():
    """total 8 = a 6 + b 1 + c 1: b and c hidden make b + c = 2, and a hidden cell is never 0,
    so both are 1. With c 2 (total 9), b + c = 3: b is 1 or 2."""
    relations = [Relation.total("total", ("a", "b", "c"))]
    assert disclosed(relations, {"b", "c"}, ones={"b", "c"}) == {"b", "c"}
    assert by_brute_force(relations, {"total": 8, "a": 6}, {"b", "c"}) == {"b", "c"}
    assert disclosed(relations, {"b", "c"}, ones={"b"}) == set()
    assert by_brute_force(relations, {"total": 9, "a": 6}, {"b", "c"}) == set()


def test_six_hidden_categories_of_a_published_six_are_one_each():
    """Six young people from six localities: every locality is hidden (1 each), and then
    the headline must go, with the figure that is the same number (1.13's denominator)."""
    categories = [f"locality{n}" for n in range(6)]
    relations = [
        Relation.total("participants", categories),
        Relation.same("denominator", "participants"),
    ]
    counts = {"participants": 6, "denominator": 6, **dict.fromkeys(categories, 1)}
    assert disclosed(relations[:1], categories, ones=categories) == set(categories)
    assert hidden_cells(counts, relations) == {"participants", "denominator", *categories}


def test_a_hidden_one_can_rise_where_the_others_make_room():
    """q1 1 + q2 1 + q3 2 = 4 and q2 + q3 = 3, all hidden but the total: q1 = 4 - (q2 + q3)
    is 1 or 2, and so on; no cell has one value (the test needs the simplex here: no single
    direction of change, and no change holding the other 1s still, keeps every 1 at 1)."""
    relations = [Relation.total("all", ("q1", "q2", "q3")), Relation.total("q23", ("q2", "q3"))]
    hidden = {"q1", "q2", "q3", "q23"}
    assert disclosed(relations, hidden, ones={"q1", "q2"}) == set()
    assert by_brute_force(relations, {"all": 4}, hidden) == set()


HAND_TABLES = {
    # Gender of 20: male 3 hidden; female 17 = 20 - 3 would give it away.
    "a category beside its total": (
        {"total": 20, "female": 17, "male": 3, "other": 0},
        [("total", ("female", "male", "other"))],
        {"male", "female"},
    ),
    # A 0 is never hidden: c, the next smallest, goes.
    "never a zero": (
        {"total": 30, "a": 20, "b": 2, "other": 0, "c": 8},
        [("total", ("a", "b", "other", "c"))],
        {"b", "c"},
    ),
    "two hidden need nothing more": (
        {"total": 27, "a": 3, "b": 4, "c": 20},
        [("total", ("a", "b", "c"))],
        {"a", "b"},
    ),
    "a small total with its part": (
        {"total": 4, "female": 4, "male": 0},
        [("total", ("female", "male"))],
        {"total", "female"},
    ),
    "ties go to the first": (
        {"total": 22, "a": 1, "b": 7, "c": 7, "d": 7},
        [("total", ("a", "b", "c", "d"))],
        {"a", "b"},
    ),
    "a part missing from the counts reads as 0": (
        {"total": 9, "a": 3, "b": 6},
        [("total", ("a", "absent", "b"))],
        {"a", "b"},
    ),
    # Rows and columns both add up: the four inner cells go, every total stays.
    "a two-way table": (
        {"r1c1": 3, "r1c2": 10, "r1": 13, "r2c1": 8, "r2c2": 9, "r2": 17}
        | {"c1": 11, "c2": 19, "all": 30},
        [("r1", ("r1c1", "r1c2")), ("r2", ("r2c1", "r2c2")), ("c1", ("r1c1", "r2c1"))]
        + [("c2", ("r1c2", "r2c2")), ("all", ("r1", "r2")), ("all", ("c1", "c2"))],
        {"r1c1", "r1c2", "r2c1", "r2c2"},
    ),
    "two breakdowns of a shared subtotal": (
        {"all": 40, "north": 12, "south": 28, "north_f": 9, "north_m": 3}
        | {"south_f": 26, "south_m": 2},
        [("all", ("north", "south")), ("north", ("north_f", "north_m"))]
        + [("south", ("south_f", "south_m"))],
        {"north_f", "north_m", "south_f", "south_m"},
    ),
    # all 50 = a 4 + b 7 + c 39 and b 7 = b1 6 + b2 1: hiding b alone protects both a and b2
    # (a + b = 11, b - b2 = 6: three unknowns, two equations), so b1 stays, where a test of
    # one sum at a time would hide it too.
    "a subtotal that protects two": (
        {"all": 50, "a": 4, "b": 7, "c": 39, "b1": 6, "b2": 1, "c1": 33, "c2": 6},
        [("b", ("b1", "b2")), ("all", ("a", "b", "c")), ("c", ("c1", "c2"))],
        {"a", "b", "b2"},
    ),
}


@pytest.mark.parametrize(("counts", "sums", "hidden"), HAND_TABLES.values(), ids=HAND_TABLES)
def test_it_hides_what_the_relations_would_give_away(counts, sums, hidden):
    relations = [Relation.total(total, parts) for total, parts in sums]
    assert hidden_cells(counts, relations) == hidden
    values = {key: counts.get(key, 0) for r in relations for key in r.cells}
    assert by_brute_force(relations, values, hidden) == set()


def test_one_cell_that_protects_two_goes_before_two_that_protect_one_each():
    """Wolverhampton A2.5 during Q3: Q3 = H2 = 3 is small; FY 19 - H1 16 gives both away.
    Hiding Q1 or Q2 protects nothing (FY - H1 is still there), hiding H1 nothing while the
    year to date, the same days, is published; hiding FY protects both."""
    counts = {"Q1": 7, "Q2": 9, "Q3": 3, "Q4": 0, "H1": 16, "H2": 3, "FY": 19, "YTD": 16}
    relations = [
        Relation.total("H1", ("Q1", "Q2")),
        Relation.total("H2", ("Q3", "Q4")),
        Relation.total("FY", ("Q1", "Q2", "Q3", "Q4")),
        Relation.total("FY", ("H1", "H2")),
        Relation.same("YTD", "H1"),
    ]
    assert hidden_cells(counts, relations) == {"Q3", "H2", "FY"}
    values = {key: value for key, value in counts.items() if key not in ("Q3", "H2", "FY")}
    assert by_brute_force(relations, values, {"Q3", "H2", "FY"}, most=25) == set()


def test_a_relation_the_figures_do_not_satisfy_tells_nothing():
    counts = {"total": 20, "a": 3, "b": 16}  # 3 + 16 is not 20: something else is counted
    assert hidden_cells(counts, [Relation.total("total", ("a", "b"))]) == {"a"}
    assert hidden_cells(counts, [Relation.total("total", ("a", "b", "other"))]) == {"a"}
