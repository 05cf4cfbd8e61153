"""import_ssda903, as a council's pipeline runs it: exit 0 with the counts, or 1 with every
problem and nothing changed."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from contracts.models import CareStatus, ImportRun

from .conftest import dump_records
from .ssda903_files import EPISODE_COLUMNS, people, write_csv

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    """manage.py import_ssda903 ARGS: (exit code, standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_ssda903", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def header(tmp_path):
    return write_csv(
        tmp_path / "header.csv", ["CHILD", "DOB"], [["111", ""], ["222", ""], ["333", ""]]
    )


def episodes(tmp_path, *rows: list[str]):
    return write_csv(
        tmp_path / "episodes.csv",
        EPISODE_COLUMNS,
        (
            [child, start, "S", "C2", "N1", place, "PR1", ceased, "", "", "", "", ""]
            for child, start, ceased, place in rows
        ),
    )


def test_it_prints_the_counts_and_exits_0(contract_b, header, tmp_path):
    people(contract_b, ["111"])
    path = episodes(
        tmp_path,
        ["111", "01/02/2017", "01/05/2017", "U4"],
        ["111", "01/05/2017", "", "K2"],
        ["222", "01/02/2017", "", "U4"],
        ["333", "01/02/2017", "", "U4"],
    )
    args = ("--contract", "B-YPT", "--header", str(header), "--episodes", str(path))
    code, out, err = run(*args)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "young people: 1 updated, 0 unchanged",
        "in_care intervals: 1 created, 0 updated, 0 deleted, 0 unchanged",
        "placements: 2 created, 0 updated, 0 deleted, 0 unchanged",
        "not matched: 2 child IDs that no young person of B-YPT has: 222, 333",
    ]
    run_ = ImportRun.objects.get()
    assert (run_.user, run_.outcome, run_.counts["placements"]["created"]) == (None, "imported", 2)
    # Again: nothing to do.
    code, out, err = run(*args)
    assert out.splitlines()[:3] == [
        "young people: 0 updated, 1 unchanged",
        "in_care intervals: 0 created, 0 updated, 0 deleted, 1 unchanged",
        "placements: 0 created, 0 updated, 0 deleted, 2 unchanged",
    ]


def test_it_prints_every_problem_exits_1_and_changes_nothing(contract_b, header, tmp_path):
    person = people(contract_b, ["111"])["111"]
    CareStatus.objects.create(young_person=person, status="in_care", start_date=date(2016, 1, 1))
    path = episodes(
        tmp_path,
        ["111", "01/02/2017", "", "U4"],
        ["111", "01/03/2017", "", "U4"],  # the one before has not ceased
        ["222", "32/01/2017", "", "ZZ"],
    )
    before = dump_records()
    code, out, err = run("--contract", "B-YPT", "--header", str(header), "--episodes", str(path))
    assert code == 1
    assert out.splitlines() == [
        "episodes.csv, row 3, column DECOM: begins 01/03/2017, but the episode at row 2 (from "
        "01/02/2017) has not ceased: a child's episodes cannot overlap",
        "episodes.csv, row 4, column DECOM: '32/01/2017' is not a real date",
        "episodes.csv, row 4, column PLACE: 'ZZ' is not an SSDA903 placement code",
    ]
    assert err == "3 problems: nothing was imported.\n"
    assert dump_records() == before
    assert ImportRun.objects.get().outcome == "refused"


def test_an_unknown_contract_is_a_clear_message_and_exit_1(header, tmp_path):
    """manage.py prints a CommandError as "CommandError: ..." and exits with its return code."""
    path = episodes(tmp_path, ["111", "01/02/2017", "", "U4"])
    with pytest.raises(CommandError) as error:
        run("--contract", "NOPE", "--header", str(header), "--episodes", str(path))
    assert (str(error.value), error.value.returncode) == (
        "No contract with the reference 'NOPE': nothing was imported.",
        1,
    )
    assert not ImportRun.objects.exists()


def test_a_file_that_does_not_exist_is_a_problem(contract_b, header, tmp_path):
    code, out, err = run(
        "--contract", "B-YPT", "--header", str(header), "--episodes", str(tmp_path / "no.csv")
    )
    assert (code, out) == (1, "no.csv: no.csv cannot be read (No such file or directory).\n")
