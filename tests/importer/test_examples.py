"""The two example datasets import cleanly, from CSVs and from a workbook alike, and once only."""

from pathlib import Path

import pytest

from contracts.models import Case, Contract, Organisation, YoungPerson
from mentoring.models import Match

from .conftest import EXAMPLES, csv_folder_to_workbook, dump_records, run_command

pytestmark = pytest.mark.django_db

# Rows per table in each example (its CSV line count less the header).
EXPECTED = {
    "ep": {
        "contract": 1,
        "young_people": 150,
        "care_status": 175,
        "sessions": 220,
        "attendance": 1491,
        "information_provided": 130,
        "outcome_assessments": 187,
        "feedback": 111,
        "initiatives": 12,
        "accreditations": 49,
        "mentors": 26,
        "mentor_training": 209,
        "matches": 32,
        "supported_appointments": 29,
        "f4c_roles": 18,
        "f4c_applications": 140,
        "additional_funding": 9,
    },
    "ypt": {
        "contract": 1,
        "young_people": 70,
        "care_status": 61,
        "placements": 70,
        "key_workers": 5,
        "cases": 82,
        "contacts": 556,
        "assessments": 90,
        "kw_activities": 120,
        "performance_reviews": 22,
    },
}


def summary(counts: dict[str, int], state: str) -> str:
    lines = []
    for table, rows in counts.items():
        figures = {"created": 0, "updated": 0, "unchanged": 0, state: rows}
        lines.append(
            f"{table}: {figures['created']} created, {figures['updated']} updated, "
            f"{figures['unchanged']} unchanged"
        )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("example", ["ep", "ypt"])
def test_it_imports_an_example_folder_of_csvs_and_prints_a_line_per_table(example):
    code, out, err = run_command(EXAMPLES / example)
    assert (code, err) == (0, "")
    assert out == summary(EXPECTED[example], "created")
    assert YoungPerson.objects.count() == EXPECTED[example]["young_people"]


@pytest.mark.parametrize("example", ["ep", "ypt"])
def test_a_second_import_of_the_same_folder_changes_nothing(example):
    assert run_command(EXAMPLES / example)[0] == 0
    before = dump_records()
    code, out, _err = run_command(EXAMPLES / example)
    assert code == 0
    assert out == summary(EXPECTED[example], "unchanged")
    assert dump_records() == before


@pytest.mark.parametrize("example", ["ep", "ypt"])
def test_the_same_data_as_a_workbook_gives_identical_records(example, tmp_path: Path):
    workbook = csv_folder_to_workbook(EXAMPLES / example, tmp_path / f"{example}.xlsx")
    assert run_command(EXAMPLES / example)[0] == 0
    from_csv = dump_records()
    # Start again from an empty database and import the workbook instead. Cases go first:
    # Case.key_worker is PROTECT, which blocks deleting a contract's key workers otherwise.
    Case.objects.all().delete()
    Contract.objects.all().delete()
    Organisation.objects.all().delete()
    assert YoungPerson.objects.count() == 0

    code, out, _err = run_command(workbook)
    assert code == 0, out
    assert out == summary(EXPECTED[example], "created")
    assert dump_records() == from_csv
    code, out, _err = run_command(workbook)
    assert out == summary(EXPECTED[example], "unchanged")
    assert dump_records() == from_csv


def test_it_sets_every_matchs_limit_a_year_after_its_start():
    run_command(EXAMPLES / "ep")
    match = Match.objects.get(ref="X0000")
    assert (match.start_date.isoformat(), match.limit_date.isoformat()) == (
        "2025-10-15",
        "2026-10-15",
    )
    assert not Match.objects.filter(limit_date__isnull=True).exists()


def test_it_creates_the_contracts_organisations_with_their_kinds():
    run_command(EXAMPLES / "ypt")
    contract = Contract.objects.get(ref="YPT-1")
    assert (contract.commissioner.name, contract.commissioner.kind) == (
        "Midland City Council",
        "commissioner",
    )
    assert (contract.provider.name, contract.provider.kind) == (
        "Midland Community Trust",
        "provider",
    )
    assert contract.record_timeframe_days == 3
