"""A row whose key exists updates that record, and only what the file says changes."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.importer.services import run_import
from contracts.models import CareStatus, Contract, Organisation, Session, YoungPerson
from mentoring.models import Match

from .conftest import BASE, copy_tables

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


def test_the_command_may_change_the_contract_and_its_organisations(files, imported):
    tables = copy_tables(BASE)
    tables["contract"][0].update(title="Renamed", commissioner="New Council")
    result = run_import(files(tables))
    assert counts(result)["contract"] == "0 created, 1 updated, 0 unchanged"
    contract = Contract.objects.get(ref="T-1")
    assert (contract.title, contract.commissioner.name, contract.commissioner.kind) == (
        "Renamed",
        "New Council",
        Organisation.Kind.COMMISSIONER,
    )


def test_a_reference_may_change_to_a_record_created_by_the_same_file(files, imported):
    tables = copy_tables(BASE)
    tables["young_people"].append({**BASE["young_people"][0], "ref": "Y3"})
    tables["cases"][0]["young_person_ref"] = "Y3"
    result = run_import(files(tables))
    assert counts(result)["cases"] == "0 created, 1 updated, 0 unchanged"
    assert YoungPerson.objects.get(ref="Y3").cases.get().ref == "C1"
