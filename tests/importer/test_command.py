"""import_records: clean standard output, progress on standard error only for big tables."""

import openpyxl
import pytest

from contracts.models import Contract, ImportRun
from importer.management.commands import import_records
from importer.services import run_import

from .conftest import BASE, copy_tables, run_command

pytestmark = pytest.mark.django_db


def test_small_imports_print_no_progress(files):
    code, out, err = run_command(files(BASE))
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "contract: 1 created, 0 updated, 0 unchanged",
        "young_people: 2 created, 0 updated, 0 unchanged",
    ]
    assert len(out.splitlines()) == len(BASE)


def test_big_tables_report_progress_on_standard_error(files, monkeypatch):
    monkeypatch.setattr(import_records, "PROGRESS_ROWS", 2)
    code, out, err = run_command(files(BASE))
    assert code == 0
    assert "  young_people: 2 rows checked (" in err
    assert "  young_people: 2 rows written (" in err
    assert "attendance" not in err  # one row: below the threshold
    assert "rows" not in out


def test_a_path_that_does_not_exist_is_a_problem(tmp_path):
    code, out, err = run_command(tmp_path / "missing.xlsx")
    assert (code, out, err) == (
        1,
        "missing.xlsx: missing.xlsx does not exist.\n",
        "1 problem: nothing was imported.\n",
    )


def test_every_command_run_is_recorded(files):
    run_command(files(BASE))
    run = ImportRun.objects.get()
    assert (run.outcome, run.user, run.contract.ref) == ("imported", None, "T-1")
    assert run.counts["attendance"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert run.finished_at >= run.started_at


def test_a_workbook_is_not_read_if_openpyxl_would_parse_xml_unsafely(files, monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    result = run_import(files(BASE, "records.xlsx"))
    assert [problem.reason for problem in result.problems] == [
        "Workbooks cannot be read safely on this server (defusedxml is off)."
    ]


def test_a_large_import_refreshes_postgresqls_statistics_of_what_it_wrote(files, monkeypatch):
    """Without statistics PostgreSQL plans a freshly filled table as nearly empty, and a KPI
    return on it took minutes; SQLite needs none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from importer import services

    monkeypatch.setattr(services, "ANALYZE_AFTER_ROWS", 2)  # BASE has 2 young people
    with CaptureQueriesContext(connection) as queries:
        assert run_import(files(BASE)).ok
    analysed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert analysed == [
            'ANALYZE "contracts_youngperson"',
            'ANALYZE "contracts_historicalyoungperson"',
        ]
    else:
        assert analysed == []


def test_an_over_long_comment_is_refused_by_sheet_row_and_column_and_nothing_is_imported(files):
    tables = copy_tables(BASE)
    tables["feedback"].append(
        {
            "young_person_ref": "Y1",
            "date": "2025-05-02",
            "kind": "complaint",
            "rating": "",
            "comment": "x" * 10_000,
        }
    )
    code, out, err = run_command(files(tables, "records.xlsx"))
    assert code == 1
    assert out.splitlines() == [
        "feedback, row 3, column comment: is 10,000 characters long; at most 2,000 are allowed"
    ]
    assert err == "1 problem: nothing was imported.\n"
    assert not Contract.objects.exists()
