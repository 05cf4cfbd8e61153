"""The import writes in set-wise SQL (importer/bulk_sql.py): every record still gets its whole
history row, by whom and why, and the number of queries does not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import Attendance, CareStatus, Session, YoungPerson
from importer.schema import RECORD_TABLES
from importer.services import run_import
from mentoring.models import Mentor

from .conftest import BASE, Tables, copy_tables

pytestmark = pytest.mark.django_db


def test_every_record_written_has_one_whole_history_row_by_whoever_imported_it(
    files, provider_a_manager
):
    result = run_import(files(BASE, "records"), user=provider_a_manager)
    assert result.ok, result.problems
    for table in RECORD_TABLES:
        model = table.model
        stored = model._default_manager.count()
        assert stored == len(BASE.get(table.name, [])), table.name
        history = model.history.all()
        assert history.count() == stored, table.name
        assert {(h.history_type, h.history_user, h.history_change_reason) for h in history} <= {
            ("+", provider_a_manager, "Imported from records")
        }
    # The fields the file does not give are in the history row too, as stored.
    mentor = Mentor.objects.get()
    row = mentor.history.get()
    assert (row.max_matches, row.interests, row.dbs_ref) == (mentor.max_matches, [], "")
    person = YoungPerson.objects.get(ref="Y1")
    assert person.history.get().la_child_id == "C1"


def test_an_update_writes_a_history_row_for_the_changed_records_only(files, provider_a_manager):
    assert run_import(files(BASE)).ok
    tables = copy_tables(BASE)
    tables["young_people"][1]["locality"] = "North"
    tables["attendance"].append({"session_ref": "S1", "young_person_ref": "Y2"})
    result = run_import(files(tables), user=provider_a_manager)
    assert result.ok, result.problems
    kai = YoungPerson.objects.get(ref="Y2")
    assert [(h.history_type, h.locality, h.history_user) for h in kai.history.all()] == [
        ("~", "North", provider_a_manager),
        ("+", "West", None),
    ]
    assert YoungPerson.objects.get(ref="Y1").history.count() == 1
    added = Attendance.objects.get(young_person=kai)
    assert [(h.history_type, h.session_id) for h in added.history.all()] == [
        ("+", Session.objects.get().pk)
    ]


def many(count: int) -> Tables:
    """BASE for a contract of its own, with `count` young people, each with a care status and
    at the one session."""
    tables = copy_tables(BASE)
    tables["contract"][0]["ref"] = f"T-{count}"
    person = tables["young_people"][0]
    tables["young_people"] = [
        {**person, "ref": f"Y{n}", "la_child_id": f"C{n}"} for n in range(1, count + 1)
    ]
    tables["care_status"] = [
        {**tables["care_status"][0], "young_person_ref": f"Y{n}"} for n in range(1, count + 1)
    ]
    tables["attendance"] = [
        {"session_ref": "S1", "young_person_ref": f"Y{n}"} for n in range(1, count + 1)
    ]
    return tables


def queries_to_import(path) -> int:
    """Queries an import makes, without PostgreSQL's ANALYZE of each table it filled (one a
    table, and only past 1,000 rows)."""
    with CaptureQueriesContext(connection) as queries:
        assert run_import(path).ok
    return sum(not query["sql"].startswith("ANALYZE") for query in queries.captured_queries)


def test_the_queries_do_not_grow_with_the_rows(files):
    few = queries_to_import(files(many(3)))
    # 1,500 rows a table: more than one SQLite statement's worth for care status, with its
    # four columns, were the batches sized by Django's default of 999 parameters. (The second
    # file's organisations exist by then: two queries fewer.)
    assert queries_to_import(files(many(1_500))) <= few
    assert CareStatus.history.filter(history_type="+").count() == 3 + 1_500
