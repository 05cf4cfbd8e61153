"""The SSDA903 fixtures import without error once their child ids are young people of the
contract, and a second import of the same files changes nothing."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import CareStatus, ImportRun, Placement, YoungPerson
from importer.ssda903.check import check_ssda903

from .conftest import dump_records
from .ssda903_files import LIIA, fixture_pair, header_for, import_pair, people, read_rows

pytestmark = pytest.mark.django_db

# The fixtures' children whose care episodes overlap (V3 and V4 left out first): the data's
# own slips, which the import refuses for any young person they would change.
OVERLAPPING = {"fake_data": 49, "2017": 9, "2018": 1, "2019": 2, "2020": 3, "2021": 2}


def overlapping_children(contract, header, episodes) -> set[str]:
    """Map every child of the files, and see what the check refuses: only overlaps."""
    children = {row["CHILD"] for row in read_rows(episodes)}
    people(contract, children)
    result = check_ssda903(header, episodes, contract=contract)
    assert all(
        (problem.column, problem.reason.endswith("a child's episodes cannot overlap"))
        == ("DECOM", True)
        for problem in result.problems
    ), result.problems[:5]
    child_at = {row: line["CHILD"] for row, line in enumerate(read_rows(episodes), start=2)}
    return {child_at[problem.row] for problem in result.problems}


def changes_nothing_again(contract, header, episodes) -> None:
    before = dump_records()
    with CaptureQueriesContext(connection) as queries:
        again = import_pair(contract, header, episodes)
    assert again.ok
    assert (again.people_updated, again.periods.written, again.placements.written) == (0, 0, 0)
    assert (again.periods.deleted, again.placements.deleted) == (0, 0)
    assert again.people_unchanged == YoungPerson.objects.filter(contract=contract).count()
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    assert len(writes) == 1 and "contracts_importrun" in writes[0]  # the run's own record
    assert dump_records() == before


@pytest.mark.parametrize("name", list(OVERLAPPING))
def test_a_fixture_set_imports_once_its_children_are_young_people(contract_b, name):
    header, episodes = fixture_pair(name)
    overlapping = overlapping_children(contract_b, header, episodes)
    assert len(overlapping) == OVERLAPPING[name]
    YoungPerson.objects.filter(contract=contract_b, la_child_id__in=overlapping).delete()

    started = time.monotonic()
    result = import_pair(contract_b, header, episodes)
    seconds = time.monotonic() - started
    assert result.problems == []
    assert sorted(result.not_matched) == sorted(overlapping)
    assert result.people_updated > 0
    assert CareStatus.objects.filter(status="in_care").count() == result.periods.created > 0
    assert Placement.objects.count() == result.placements.created > 0
    assert CareStatus.history.filter(history_type="+").count() == result.periods.created
    assert ImportRun.objects.filter(outcome="imported").count() == 1
    assert seconds < 10  # several thousand rows in a few seconds (about 1 s here)

    changes_nothing_again(contract_b, header, episodes)


def test_liia_tools_iso_dates_and_extra_columns_import(contract_b, tmp_path):
    """ISO dates, LA and YEAR columns, CRLF line ends. The file exists to test fixes of
    overlapping episodes: those children are refused, the others import."""
    episodes = LIIA / "SSDA903_episodes_for_testing_fixes_INPUT.csv"
    header = header_for(tmp_path / "header.csv", (row["CHILD"] for row in read_rows(episodes)))
    overlapping = overlapping_children(contract_b, header, episodes)
    assert overlapping == {"RULE1_BAD", "RULE1A_BAD", "RULE3_BAD", "RULE3A_BAD", "RULE4_BAD"}
    YoungPerson.objects.filter(la_child_id__in=overlapping).delete()
    result = import_pair(contract_b, header, episodes)
    assert result.ok, result.problems
    # Out of care from 10 July to 22 October 2022 (DEC 10/07: the last day in care is 9 July).
    new = YoungPerson.objects.get(la_child_id="NORULE_NEW")
    assert list(new.care_statuses.values_list("start_date", "end_date")) == [
        (date(2022, 2, 1), date(2022, 7, 9)),
        (date(2022, 10, 23), None),
    ]
    changes_nothing_again(contract_b, header, episodes)


def test_liia_tools_2020_sample_leaves_its_short_breaks_out(contract_b, tmp_path):
    """Child 689661's V4 episode overlaps the others; left out, the rest is one period in
    care and, the placement (U5) unchanged across a change of legal status, one placement.
    249901's V3 episode follows a care episode: the period ends when the short break begins."""
    episodes = LIIA / "SSDA903_2020_episodes.csv"
    header = header_for(tmp_path / "header.csv", ["689661", "249901"])
    found = people(contract_b, ["689661", "249901"])
    assert import_pair(contract_b, header, episodes).ok
    assert list(found["689661"].care_statuses.values_list("start_date", "end_date")) == [
        (date(2018, 12, 2), date(2019, 9, 25))
    ]
    assert list(
        found["689661"].placements.values_list("placement_code", "start_date", "end_date")
    ) == [("U5", date(2018, 12, 2), date(2019, 9, 25))]
    assert list(found["249901"].care_statuses.values_list("start_date", "end_date")) == [
        (date(2019, 3, 30), date(2019, 4, 9))
    ]
