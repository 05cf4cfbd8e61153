"""The SSDA903 episode rules and file reading, without a database: a child's episodes as
periods in care and placements, and the problems of the columns the import uses."""

from datetime import date

import pytest

from importer.columns import CellError
from importer.plans import Problem
from importer.ssda903.episodes import Span, child_history, span_changes
from importer.ssda903.files import (
    Episode,
    children_missing_from_header,
    parse_date,
    read_episodes,
    read_header,
)

COLUMNS = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"]


def episode(row: int, start: str, ceased: str | None, place: str = "U4") -> Episode:
    return Episode(
        row,
        "C1",
        date.fromisoformat(start),
        date.fromisoformat(ceased) if ceased else None,
        place,
    )


def span(start: str, end: str | None, code: str = "", row: int = 0) -> Span:
    return Span(date.fromisoformat(start), date.fromisoformat(end) if end else None, code, row)


def history(*episodes: Episode):
    return child_history("episodes.csv", episodes)


def episode_rows(*rows: list[str]) -> list[list[str]]:
    return [COLUMNS, *rows]


# Periods in care and placements ---------------------------------------------------------------


def test_a_change_of_legal_status_only_is_one_placement_and_one_period():
    result = history(
        episode(2, "2017-01-10", "2017-05-01", "K2"),
        episode(3, "2017-05-01", "2017-09-01", "K2"),  # the same home, another legal status
        episode(4, "2017-09-01", None, "K2"),
    )
    assert result.periods == [span("2017-01-10", None, row=2)]
    assert result.placements == [span("2017-01-10", None, "K2", row=2)]


def test_an_episodes_last_day_is_the_day_before_dec():
    """DEC is the day the episode ceased and the next began: the earlier placement ends the
    day before, and the two do not share a day."""
    result = history(
        episode(2, "2017-01-10", "2017-05-01", "U4"),
        episode(3, "2017-05-01", "2017-06-30", "K2"),
    )
    assert result.placements == [
        span("2017-01-10", "2017-04-30", "U4", row=2),
        span("2017-05-01", "2017-06-29", "K2", row=3),
    ]
    assert result.periods == [span("2017-01-10", "2017-06-29", row=2)]


def test_an_open_episode_gives_an_open_interval_and_placement():
    result = history(episode(2, "2017-01-10", None, "R1"))
    assert result.periods == [span("2017-01-10", None, row=2)]
    assert result.placements == [span("2017-01-10", None, "R1", row=2)]


def test_a_day_out_of_care_between_episodes_starts_another_period_of_care():
    result = history(
        episode(2, "2017-01-10", "2017-05-01", "U4"),
        episode(3, "2017-05-02", None, "U4"),  # 1 May out of care
    )
    assert result.periods == [
        span("2017-01-10", "2017-04-30", row=2),
        span("2017-05-02", None, row=3),
    ]
    # The same code after a day out of care is a new placement.
    assert result.placements == [
        span("2017-01-10", "2017-04-30", "U4", row=2),
        span("2017-05-02", None, "U4", row=3),
    ]


def test_a_temporary_move_is_in_care_but_no_placement():
    """T0-T4 never count as placements (kpi-rules.md): the period of care goes on through the
    move, the placement before it ends the day before it, and a return to the same code
    afterwards is another placement (only consecutive episodes merge)."""
    result = history(
        episode(2, "2017-01-10", "2017-03-01", "K2"),
        episode(3, "2017-03-01", "2017-03-15", "T1"),
        episode(4, "2017-03-15", None, "K2"),
    )
    assert result.periods == [span("2017-01-10", None, row=2)]
    assert result.placements == [
        span("2017-01-10", "2017-02-28", "K2", row=2),
        span("2017-03-15", None, "K2", row=4),
    ]


def test_a_child_only_on_temporary_moves_is_in_care_with_no_placement():
    result = history(episode(2, "2017-01-10", "2017-03-01", "T4"))
    assert (result.periods, result.placements) == ([span("2017-01-10", "2017-02-28", row=2)], [])


def test_an_episode_that_ceased_the_day_it_began_covers_no_day():
    result = history(
        episode(2, "2017-01-10", "2017-03-01", "U4"),
        episode(3, "2017-03-01", "2017-03-01", "K2"),
        episode(4, "2017-03-01", None, "U4"),
    )
    assert result.periods == [span("2017-01-10", None, row=2)]
    assert result.placements == [span("2017-01-10", None, "U4", row=2)]


def test_episodes_are_taken_in_date_order_whatever_the_files_order():
    result = history(
        episode(3, "2017-05-01", None, "K2"),
        episode(2, "2017-01-10", "2017-05-01", "K2"),
    )
    assert result.placements == [span("2017-01-10", None, "K2", row=2)]


def test_overlapping_episodes_are_problems_at_the_later_ones_decom():
    result = history(
        episode(2, "2017-01-01", "2017-12-31", "U4"),
        episode(3, "2017-02-01", "2017-03-01", "K2"),  # inside the first
        episode(4, "2017-06-01", "2017-07-01", "K2"),  # inside the first, after the second
        episode(5, "2018-01-10", None, "U4"),
        episode(6, "2018-02-01", None, "K2"),  # after an episode that has not ceased
    )
    assert (result.periods, result.placements) == ([], [])
    assert result.problems == [
        Problem(
            "episodes.csv",
            3,
            "DECOM",
            "begins 01/02/2017, before the episode at row 2 ceased (31/12/2017): a child's "
            "episodes cannot overlap",
        ),
        Problem(
            "episodes.csv",
            4,
            "DECOM",
            "begins 01/06/2017, before the episode at row 2 ceased (31/12/2017): a child's "
            "episodes cannot overlap",
        ),
        Problem(
            "episodes.csv",
            6,
            "DECOM",
            "begins 01/02/2018, but the episode at row 5 (from 10/01/2018) has not ceased: a "
            "child's episodes cannot overlap",
        ),
    ]


# Reading the files ----------------------------------------------------------------------------


def test_short_breaks_are_left_out_before_anything_else_is_judged():
    rows = episode_rows(
        ["C1", "10/01/2017", "S", "C2", "N1", "U4", "PR1", "01/05/2017", "X1"],
        ["C1", "not a date", "L", "V3", "N1", "??", "PR1", "", "X1"],  # a short break
        ["C2", "01/02/2017", "S", "v4", "N1", "K2", "PR1", "", "X1"],  # only short breaks
    )
    read = read_episodes("episodes.csv", rows)
    assert read.problems == []
    assert list(read.named) == ["C1", "C2"]  # both are named: C2's care is none
    assert [e.row for e in read.episodes["C1"]] == [2]
    assert "C2" not in read.episodes


def test_the_legal_status_decides_only_whether_an_episode_is_a_short_break():
    rows = episode_rows(["C1", "10/01/2017", "S", "V2", "N1", "U4", "PR1", "", "X1"])
    assert read_episodes("episodes.csv", rows).episodes["C1"] == [
        Episode(2, "C1", date(2017, 1, 10), None, "U4")
    ]


def test_problems_in_the_used_columns_are_found_at_their_row_and_column():
    rows = episode_rows(
        ["", "10/01/2017", "S", "C2", "N1", "U4", "PR1", "", "X1"],
        ["C1", "31/02/2017", "S", "C2", "N1", "U4", "PR1", "", "X1"],
        ["C1", "10/01/2017", "S", "C2", "N1", "U4", "PR1", "2017-13-01", "X1"],
        ["C1", "10/01/2017", "S", "C2", "N1", "U4", "PR1", "09/01/2017", "X1"],
        [],  # a blank row is no episode
        ["C1", "10/01/2017", "S", "C2", "N1", "Q9", "PR1", "", "X1"],
        ["C1", "", "S", "C2", "N1", "", "PR1", "", "X1"],
    )
    assert [
        (problem.row, problem.column, problem.reason)
        for problem in read_episodes("episodes.csv", rows).problems
    ] == [
        (2, "CHILD", "is empty: every episode needs the child's ID"),
        (3, "DECOM", "'31/02/2017' is not a real date"),
        (4, "DEC", "'2017-13-01' is not a real date"),
        (5, "DEC", "09/01/2017 is before the episode began (10/01/2017)"),
        (7, "PLACE", "'Q9' is not an SSDA903 placement code"),
        (8, "DECOM", "is empty: every episode needs the date it began"),
        (8, "PLACE", "is empty: every episode needs its placement code"),
    ]


def test_columns_the_import_does_not_use_are_not_judged():
    rows = [
        ["\ufeffchild", "decom", "LA", "LS", "PLACE", "DEC", "URN", "URN"],  # any case, twice
        ["C1", "2017-01-10", "Barking", "C2", "U4", "", "not a number", "XXX"],
        ["C1", "2017-02-10", "", "C2", "U4"],  # a short row: its missing cells are empty
    ]
    read = read_episodes("episodes.csv", rows)
    assert read.problems == []
    assert [(e.start, e.ceased) for e in read.episodes["C1"]] == [
        (date(2017, 1, 10), None),
        (date(2017, 2, 10), None),
    ]


def test_a_missing_column_is_a_problem_at_row_1_and_no_row_is_read():
    rows = [["CHILD", "DECOM", "LS", "PLACE"], ["C1", "10/01/2017", "C2", "U4"]]
    read = read_episodes("episodes.csv", rows)
    assert read.problems == [Problem("episodes.csv", 1, "DEC", "this required column is missing")]
    assert read.named == {}


def test_a_used_column_twice_is_a_problem():
    rows = [["CHILD", "CHILD", "DOB"], ["C1", "C1", ""]]
    assert read_header("header.csv", rows).problems == [
        Problem("header.csv", 1, "CHILD", "this column appears twice: keep only one of them")
    ]


def test_an_empty_file_is_a_problem():
    assert read_header("header.csv", []).problems == [
        Problem("header.csv", None, None, "the file is empty")
    ]


def test_a_childs_episodes_must_be_in_the_header():
    header = read_header("header.csv", [["CHILD", "DOB"], ["C1", "not a date"]])
    assert header.problems == []  # the date of birth is only compared, never judged
    episodes = read_episodes(
        "episodes.csv",
        episode_rows(
            ["C1", "10/01/2017", "S", "C2", "N1", "U4", "PR1", "", "X1"],
            ["C9", "10/01/2017", "S", "C2", "N1", "U4", "PR1", "01/02/2017", "X1"],
            ["C9", "01/02/2017", "S", "C2", "N1", "U4", "PR1", "", "X1"],
        ),
    )
    assert children_missing_from_header(header, episodes) == [
        Problem("episodes.csv", 3, "CHILD", "child C9 is not in header.csv"),
        Problem("episodes.csv", 4, "CHILD", "child C9 is not in header.csv"),
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [("01/04/2017", date(2017, 4, 1)), ("1/4/2017", date(2017, 4, 1)), ("2017-04-01", None)],
)
def test_dates_are_read_as_the_return_writes_them_or_as_iso(text, day):
    assert parse_date(text) == (day or date(2017, 4, 1))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("04/01/17", "'04/01/17' is not a date written dd/mm/yyyy (for example 01/04/2025)"),
        ("2017/04/01", "'2017/04/01' is not a date written dd/mm/yyyy (for example 01/04/2025)"),
        ("29/02/2017", "'29/02/2017' is not a real date"),
        ("01/04/1817", "'01/04/1817' is outside the years 1900-2100: is the year mistyped?"),
    ],
)
def test_other_dates_are_refused_with_the_reason(text, reason):
    with pytest.raises(CellError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_date(text)


# Planned against stored -----------------------------------------------------------------------


def test_stored_spans_are_kept_changed_deleted_or_created_by_their_first_day():
    stored = {
        1: span("2017-01-10", "2017-04-30", "U4"),  # the same: kept
        2: span("2017-05-01", None, "K2"),  # now ended: changed
        3: span("2016-01-01", "2016-02-01", "U4"),  # not in the files: deleted
    }
    planned = [
        span("2017-01-10", "2017-04-30", "U4", row=2),
        span("2017-05-01", "2017-06-29", "K2", row=3),
        span("2017-07-01", None, "R1", row=4),
    ]
    changes = span_changes(stored, planned)
    assert changes.unchanged == 1
    assert changes.update == [(2, planned[1])]
    assert changes.delete == [3]
    assert changes.create == [planned[2]]
    assert span_changes(stored, list(stored.values())).changed is False
