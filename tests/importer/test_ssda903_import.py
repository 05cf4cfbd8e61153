"""The SSDA903 import against the contract's records: what it replaces, what it leaves alone,
what it refuses (every problem at its file, row and column, nothing changed), its history
rows, and its queries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import CareStatus, ImportRun, Placement
from importer.plans import Problem
from tests.factories import CareStatusFactory, PlacementFactory, UserFactory, YoungPersonFactory

from .conftest import dump_records
from .ssda903_files import EPISODE_COLUMNS, HEADER_COLUMNS, import_pair, people, write_csv

pytestmark = pytest.mark.django_db


def episode(child: str, start: str, ceased: str = "", place: str = "U4", ls: str = "C2"):
    # The columns the import does not use carry a council's usual mess.
    return [child, start, "S", ls, "N1", place, "PR9", ceased, "XXX", "", "not a postcode", "", "?"]


def files(tmp_path: Path, episodes: list[list[str]], children=None) -> tuple[Path, Path]:
    children = children or dict.fromkeys(row[0] for row in episodes)
    header = write_csv(
        tmp_path / "header.csv",
        HEADER_COLUMNS,
        ([child, "9", "01/01/2005", "BAD", "", "1.0", ""] for child in children),
    )
    return header, write_csv(tmp_path / "episodes.csv", EPISODE_COLUMNS, episodes)


def care(person) -> list[tuple[str, date, date | None]]:
    return list(person.care_statuses.values_list("status", "start_date", "end_date"))


def placements(person) -> list[tuple[str, date, date | None]]:
    return list(person.placements.values_list("placement_code", "start_date", "end_date"))


def test_in_care_intervals_and_placements_become_what_the_files_say(contract_b, tmp_path):
    found = people(contract_b, ["111"], date_of_birth=date(2005, 1, 1))
    person = found["111"]
    CareStatusFactory(young_person=person, status="early_help", start_date=date(2016, 1, 1))
    CareStatusFactory(young_person=person, start_date=date(2016, 6, 1))  # replaced
    PlacementFactory(young_person=person, placement_code="K2", start_date=date(2016, 6, 1))
    result = import_pair(
        contract_b,
        *files(
            tmp_path,
            [
                episode("111", "01/02/2017", "01/05/2017", "U4"),
                episode("111", "01/05/2017", "", "U4", ls="J2"),
                episode("222", "01/02/2017"),  # no young person has 222
            ],
        ),
    )
    assert result.ok and result.warnings == []
    assert care(person) == [
        ("early_help", date(2016, 1, 1), None),  # another status: kept as it is
        ("in_care", date(2017, 2, 1), None),
    ]
    assert placements(person) == [("U4", date(2017, 2, 1), None)]
    assert result.not_matched == ["222"]
    assert (result.people_updated, result.people_unchanged) == (1, 0)
    assert str(result.periods) == "1 created, 0 updated, 1 deleted, 0 unchanged"
    assert str(result.placements) == "1 created, 0 updated, 1 deleted, 0 unchanged"


def test_young_people_the_files_do_not_name_are_left_alone(contract_b, tmp_path):
    other = YoungPersonFactory(contract=contract_b, la_child_id="999")
    no_id = YoungPersonFactory(contract=contract_b, la_child_id="")
    for person in (other, no_id):
        CareStatusFactory(young_person=person)
        PlacementFactory(young_person=person)
    people(contract_b, ["111"])
    before = (care(other), placements(other), care(no_id), placements(no_id))
    assert import_pair(contract_b, *files(tmp_path, [episode("111", "01/02/2017")])).ok
    assert (care(other), placements(other), care(no_id), placements(no_id)) == before


def test_a_child_named_only_by_short_breaks_has_no_care_left(contract_b, tmp_path):
    person = people(contract_b, ["111"])["111"]
    CareStatusFactory(young_person=person, start_date=date(2016, 6, 1))
    result = import_pair(
        contract_b, *files(tmp_path, [episode("111", "01/02/2017", "", "U4", ls="V4")])
    )
    assert result.ok
    assert (care(person), result.periods.deleted) == ([], 1)


def test_another_contracts_young_person_with_the_same_child_id_is_not_touched(
    contract_a, contract_b, tmp_path
):
    theirs = people(contract_a, ["111"])["111"]
    CareStatusFactory(young_person=theirs)
    result = import_pair(contract_b, *files(tmp_path, [episode("111", "01/02/2017")]))
    assert result.not_matched == ["111"]
    assert care(theirs) == [("in_care", date(2024, 1, 1), None)]


def test_a_changed_end_updates_the_record_and_the_history_says_who_and_why(contract_b, tmp_path):
    manager = UserFactory(username="importer")
    person = people(contract_b, ["111"])["111"]
    first = files(tmp_path, [episode("111", "01/02/2017", "", "K2")])
    assert import_pair(contract_b, *first, user=manager).ok
    (tmp_path / "later").mkdir()
    later = files(
        tmp_path / "later",
        [episode("111", "01/02/2017", "01/06/2017", "K2"), episode("111", "20/06/2017")],
    )
    result = import_pair(contract_b, *later, user=manager)
    assert str(result.periods) == "1 created, 1 updated, 0 deleted, 0 unchanged"
    interval = person.care_statuses.get(start_date=date(2017, 2, 1))
    assert [
        (row.history_type, row.end_date, row.history_user, row.history_change_reason)
        for row in interval.history.order_by("history_id")
    ] == [
        ("+", None, manager, "SSDA903 import (header.csv, episodes.csv)"),
        ("~", date(2017, 5, 31), manager, "SSDA903 import (header.csv, episodes.csv)"),
    ]
    # A record the files no longer give is deleted, and its history says so.
    assert import_pair(contract_b, *first, user=manager).ok
    gone = CareStatus.history.filter(start_date=date(2017, 6, 20)).order_by("history_id")
    assert [row.history_type for row in gone] == ["+", "-"]
    assert gone.last().history_user == manager


def test_a_period_in_care_starting_the_day_another_status_starts_is_a_problem(contract_b, tmp_path):
    person = people(contract_b, ["111"])["111"]
    CareStatusFactory(young_person=person, status="child_protection", start_date=date(2017, 2, 1))
    before = dump_records()
    result = import_pair(contract_b, *files(tmp_path, [episode("111", "01/02/2017")]))
    assert result.problems == [
        Problem(
            "episodes.csv",
            2,
            "DECOM",
            "child 111's period in care from 01/02/2017 starts the same day as their care "
            "status 'Child protection': change that status's start, or end it the day before, "
            "and import again",
        )
    ]
    assert dump_records() == before


def test_a_child_id_two_young_people_share_is_a_problem(contract_b, tmp_path):
    people(contract_b, ["111"])
    YoungPersonFactory(contract=contract_b, ref="TWIN", la_child_id="111")
    result = import_pair(contract_b, *files(tmp_path, [episode("111", "01/02/2017")]))
    assert [str(problem) for problem in result.problems] == [
        "episodes.csv, row 2, column CHILD: child 111 is the council child ID of 2 young "
        "people (TWIN, YP-111): give it to one of them only"
    ]


def test_a_date_of_birth_that_differs_is_a_warning_not_a_problem(contract_b, tmp_path):
    people(contract_b, ["111"], date_of_birth=date(2006, 3, 4))
    result = import_pair(contract_b, *files(tmp_path, [episode("111", "01/02/2017")]))
    assert result.ok
    assert [str(warning) for warning in result.warnings] == [
        "header.csv, row 2, column DOB: child 111's date of birth 01/01/2005 is not that of "
        "Young Person 111 (YP-111), born 04/03/2006: check that the council child ID is theirs"
    ]


def test_every_problem_is_listed_at_its_file_row_and_column_and_nothing_changes(
    contract_b, tmp_path
):
    person = people(contract_b, ["111", "222"])["111"]
    CareStatusFactory(young_person=person)
    header = write_csv(tmp_path / "header.csv", ["child", "dob"], [["111", ""], ["222", ""]])
    episodes = write_csv(
        tmp_path / "episodes.csv",
        EPISODE_COLUMNS,
        [
            episode("111", "2017-02-30"),
            episode("111", "01/03/2017", "28/02/2017"),
            episode("222", "01/03/2017", "", "XX"),
            episode("222", "01/04/2017", "31-05-2017"),
            episode("333", "01/04/2017"),
            episode("", "01/04/2017"),
        ],
    )
    before = dump_records()
    result = import_pair(contract_b, header, episodes)
    assert [str(problem) for problem in result.problems] == [
        "episodes.csv, row 2, column DECOM: '2017-02-30' is not a real date",
        "episodes.csv, row 3, column DEC: 28/02/2017 is before the episode began (01/03/2017)",
        "episodes.csv, row 4, column PLACE: 'XX' is not an SSDA903 placement code",
        "episodes.csv, row 5, column DEC: '31-05-2017' is not a date written dd/mm/yyyy (for "
        "example 01/04/2025)",
        "episodes.csv, row 6, column CHILD: child 333 is not in header.csv",
        "episodes.csv, row 7, column CHILD: is empty: every episode needs the child's ID",
    ]
    assert dump_records() == before
    run = ImportRun.objects.get()
    assert (run.outcome, run.problem_count, run.file_name) == (
        "refused",
        6,
        "header.csv, episodes.csv (SSDA903)",
    )


def test_a_missing_column_is_a_problem_in_each_file(contract_b, tmp_path):
    header = write_csv(tmp_path / "header.csv", ["CHILD_ID", "DOB"], [["111", ""]])
    episodes = write_csv(
        tmp_path / "episodes.csv", ["CHILD", "DECOM", "PLACE", "DEC"], [["111", "", "", ""]]
    )
    result = import_pair(contract_b, header, episodes)
    assert [str(problem) for problem in result.problems] == [
        "header.csv, row 1, column CHILD: this required column is missing",
        "episodes.csv, row 1, column LS: this required column is missing",
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"CHILD\n\xff\xfe\n", "header.csv is not UTF-8 text (byte 7): save it as CSV UTF-8"),
        (b"PK\x03\x04 a workbook", "header.csv is a workbook or other binary file renamed .csv"),
    ],
)
def test_a_file_that_is_not_a_csv_is_refused(contract_b, tmp_path, content, reason):
    header, episodes = files(tmp_path, [episode("111", "01/02/2017")])
    header.write_bytes(content)
    result = import_pair(contract_b, header, episodes)
    assert [(p.sheet, p.row) for p in result.problems] == [("header.csv", None)]
    assert result.problems[0].reason.startswith(reason)


def test_a_bom_is_not_part_of_the_first_column_name(contract_b, tmp_path):
    person = people(contract_b, ["111"])["111"]
    header, episodes = files(tmp_path, [episode("111", "01/02/2017")])
    for path in (header, episodes):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert import_pair(contract_b, header, episodes).ok
    assert care(person) == [("in_care", date(2017, 2, 1), None)]


def test_the_queries_do_not_grow_with_the_files(
    contract_b, tmp_path, django_assert_max_num_queries
):
    """13 queries, for 3 young people or 40: a savepoint; the contract locked; the young
    people with a council child ID; their care statuses; their placements; the care statuses
    updated in one statement, and their history rows; the placements' deletions written to
    their history, then deleted; the new placements inserted, and their history rows; the
    savepoint released; the ImportRun. Never one per row or per young person (writes go in
    batches of 2,000; SQLite splits an insert past 999 values, and 40 stays below)."""
    counts = []
    for size in (3, 40):
        children = [f"{size}-{n}" for n in range(size)]
        for person in people(contract_b, children).values():
            CareStatusFactory(young_person=person, start_date=date(2017, 2, 1))  # to update
            PlacementFactory(young_person=person, start_date=date(2016, 1, 1))  # to delete
        rows = []
        for child in children:
            rows += [
                episode(child, "01/02/2017", "01/03/2017"),
                episode(child, "01/03/2017", "01/06/2017", ls="J2"),
                episode(child, "01/06/2017", "01/09/2017", "K2"),
            ]
        (tmp_path / str(size)).mkdir()
        paths = files(tmp_path / str(size), rows)
        with django_assert_max_num_queries(13), CaptureQueriesContext(connection) as queries:
            result = import_pair(contract_b, *paths)
        assert result.ok
        assert (result.people_updated, result.periods.updated) == (size, size)
        assert (result.placements.created, result.placements.deleted) == (2 * size, size)
        counts.append(len(queries))
        Placement.objects.all().delete()
        CareStatus.objects.all().delete()
    assert counts[0] == counts[1]


def test_a_large_import_refreshes_postgresqls_statistics_of_what_it_wrote(
    contract_b, tmp_path, monkeypatch
):
    from importer.ssda903 import write

    monkeypatch.setattr(write, "ANALYZE_AFTER_ROWS", 2)  # 2 placements, 1 period in care
    people(contract_b, ["111"])
    rows = [episode("111", "01/02/2017", "01/03/2017"), episode("111", "01/03/2017", "", "K2")]
    with CaptureQueriesContext(connection) as queries:
        assert import_pair(contract_b, *files(tmp_path, rows)).ok
    analysed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert analysed == [
            'ANALYZE "contracts_placement"',
            'ANALYZE "contracts_historicalplacement"',
        ]
    else:
        assert analysed == []
