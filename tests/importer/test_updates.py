"""A row whose key exists updates that record, and only what the file says changes."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.models import CareStatus, Contract, Organisation, Session, YoungPerson
from importer.plans import Problem
from importer.services import run_import
from mentoring.models import Match

from .conftest import BASE, Tables, copy_tables, dump_records

pytestmark = pytest.mark.django_db


def counts(result) -> dict[str, str]:
    return {table: str(figures) for table, figures in result.counts.items()}


@pytest.fixture
def imported(files):
    result = run_import(files(BASE))
    assert result.ok, result.problems
    return result


def test_a_changed_row_updates_its_record_and_leaves_the_rest(files, imported):
    tables = copy_tables(BASE)
    tables["young_people"][0]["locality"] = "North"
    tables["care_status"][0]["end_date"] = "2025-03-31"
    tables["sessions"][0]["duration_hours"] = "2.75"
    result = run_import(files(tables))
    assert counts(result)["young_people"] == "0 created, 1 updated, 1 unchanged"
    assert counts(result)["care_status"] == "0 created, 1 updated, 0 unchanged"
    assert counts(result)["sessions"] == "0 created, 1 updated, 0 unchanged"
    assert counts(result)["attendance"] == "0 created, 0 updated, 1 unchanged"
    person = YoungPerson.objects.get(ref="Y1")
    assert (person.locality, person.first_name) == ("North", "Jo")
    assert CareStatus.objects.get().end_date == date(2025, 3, 31)
    assert Session.objects.get().duration_hours == Decimal("2.75")
    # bulk_update bypasses save(): the history row is written by the import itself, whole.
    latest = person.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_type, latest.locality, latest.last_name) == ("~", "North", "Smith")


def test_numbers_written_differently_are_the_same_value(files, imported):
    tables = copy_tables(BASE)
    tables["sessions"][0]["duration_hours"] = "1.50"
    tables["f4c_applications"][0]["amount_requested"] = "300"
    result = counts(run_import(files(tables)))
    assert result["sessions"] == "0 created, 0 updated, 1 unchanged"
    assert result["f4c_applications"] == "0 created, 0 updated, 1 unchanged"


def test_an_empty_optional_cell_clears_the_value(files, imported):
    tables = copy_tables(BASE)
    tables["young_people"][0]["la_child_id"] = ""
    tables["matches"][0]["end_date"] = ""
    result = run_import(files(tables))
    assert result.ok
    assert YoungPerson.objects.get(ref="Y1").la_child_id == ""
    assert Match.objects.get(ref="X1").end_date is None


def test_an_optional_column_left_out_keeps_the_stored_value(files, imported):
    tables = copy_tables(BASE)
    tables["young_people"] = [
        {k: v for k, v in row.items() if k != "la_child_id"} for row in tables["young_people"]
    ]
    result = run_import(files(tables))
    assert counts(result)["young_people"] == "0 created, 0 updated, 2 unchanged"
    assert YoungPerson.objects.get(ref="Y1").la_child_id == "C1"


def test_moving_a_matchs_start_moves_its_limit(files, imported):
    assert Match.objects.get(ref="X1").limit_date == date(2026, 11, 18)
    tables = copy_tables(BASE)
    tables["matches"][0].update(start_date="2026-01-10", end_date="")
    result = run_import(files(tables))
    assert counts(result)["matches"] == "0 created, 1 updated, 0 unchanged"
    assert Match.objects.get(ref="X1").limit_date == date(2027, 1, 10)


def test_an_empty_recording_timeframe_means_five_days(files):
    tables = copy_tables(BASE)
    tables["contract"][0]["record_timeframe_days"] = ""
    assert run_import(files(tables)).ok
    assert Contract.objects.get(ref="T-1").record_timeframe_days == 5


def test_the_command_may_change_the_contracts_details(files, imported):
    tables = copy_tables(BASE)
    tables["contract"][0].update(title="Renamed", annual_value="2000.00")
    result = run_import(files(tables))
    assert counts(result)["contract"] == "0 created, 1 updated, 0 unchanged"
    contract = Contract.objects.get(ref="T-1")
    assert (contract.title, contract.annual_value, contract.commissioner.name) == (
        "Renamed",
        Decimal("2000.00"),
        "Test Council",
    )


def test_a_new_contract_creates_its_organisations(files):
    tables = copy_tables(BASE)
    tables["contract"][0].update(commissioner="New Council", provider="New Provider")
    assert run_import(files(tables)).ok
    contract = Contract.objects.get(ref="T-1")
    assert (contract.commissioner.kind, contract.provider.kind) == (
        Organisation.Kind.COMMISSIONER,
        Organisation.Kind.PROVIDER,
    )
    assert (contract.commissioner.name, contract.provider.name) == ("New Council", "New Provider")


def test_a_reference_may_change_to_a_record_created_by_the_same_file(files, imported):
    tables = copy_tables(BASE)
    tables["young_people"].append({**BASE["young_people"][0], "ref": "Y3"})
    tables["cases"][0]["young_person_ref"] = "Y3"
    result = run_import(files(tables))
    assert counts(result)["cases"] == "0 created, 1 updated, 0 unchanged"
    assert YoungPerson.objects.get(ref="Y3").cases.get().ref == "C1"


# -- an optional column left out keeps its stored value, so the rules see that value ---------


def left_out(table: str, column: str, **changes: str) -> Tables:
    """A file of the contract and one table whose rows lack a column, the first row changed."""
    rows = [{k: v for k, v in row.items() if k != column} for row in BASE[table]]
    rows[0].update(changes)
    return {"contract": BASE["contract"], table: rows}


def kept(column: str, value: str) -> str:
    return (
        f"; the file has no {column} column, so its stored {value} stays (add the column to "
        "change it)"
    )


@pytest.mark.parametrize(
    ("table", "column", "changes", "reported", "reason"),
    [
        (
            "f4c_applications",
            "amount_awarded",
            {"decision": "declined"},
            "amount_awarded",
            "only an approved application has an award; the decision is declined"
            + kept("amount_awarded", "250.00"),
        ),
        (
            "f4c_applications",
            "amount_awarded",
            {"amount_requested": "200.00"},
            "amount_awarded",
            "250.00 is more than the amount requested (200.00)" + kept("amount_awarded", "250.00"),
        ),
        (
            "f4c_applications",
            "decision_date",
            {"submitted_date": "2025-05-10"},
            "decision_date",
            "the decision (2025-05-02) is before the submission (2025-05-10)"
            + kept("decision_date", "2025-05-02"),
        ),
        (
            "matches",
            "end_date",
            {"start_date": "2026-12-01"},
            "end_date",
            "2026-11-18 is before the start date 2026-12-01" + kept("end_date", "2026-11-18"),
        ),
        (
            "matches",
            "end_date",
            {"start_date": "2025-11-01"},
            "end_date",
            "a match lasts at most 12 calendar months: one starting 2025-11-01 must end by "
            "2026-11-01" + kept("end_date", "2026-11-18"),
        ),
        (
            "cases",
            "end_date",
            {"start_date": "2025-07-01"},
            "end_date",
            "2025-06-30 is before the start date 2025-07-01" + kept("end_date", "2025-06-30"),
        ),
    ],
    ids=[
        "award-of-a-declined-application",
        "award-above-the-amount-requested",
        "decision-before-the-submission",
        "match-ending-before-its-start",
        "match-longer-than-twelve-months",
        "case-ending-before-its-start",
    ],
)
def test_a_rule_broken_by_a_stored_value_the_file_leaves_out_is_reported_at_its_cell(
    files, table, column, changes, reported, reason
):
    """Not a database refusal that tells the person to import again: the row, the column and why."""
    base = copy_tables(BASE)
    base["cases"][0]["end_date"] = "2025-06-30"
    assert run_import(files(base)).ok
    before = dump_records()
    result = run_import(files(left_out(table, column, **changes)))
    assert result.problems == [Problem(table, 2, reported, reason)]
    assert dump_records() == before


def test_a_change_that_keeps_the_rules_with_the_stored_value_is_imported(files, imported):
    result = run_import(files(left_out("matches", "end_date", start_date="2025-12-01")))
    assert counts(result)["matches"] == "0 created, 1 updated, 0 unchanged"
    match = Match.objects.get(ref="X1")
    assert (match.start_date, match.end_date) == (date(2025, 12, 1), date(2026, 11, 18))
