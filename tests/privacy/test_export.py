"""The subject access export: every table's rows about the person, their history and the audit
rows naming them, a PDF, one query per table; administrators only."""

import csv
import io
import zipfile
from datetime import UTC

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent, Kind
from privacy.discovery import person_tables
from privacy.export import gather
from tests import factories

from .conftest import FIRST, LAST

pytestmark = pytest.mark.django_db


def opened(content: bytes) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        for name in archive.namelist()
        if name.endswith(".csv")
    } | {name: archive.read(name) for name in archive.namelist() if not name.endswith(".csv")}


def test_the_zip_holds_every_tables_rows_their_history_the_audit_and_a_pdf(
    client, person, other, administrator
):
    client.force_login(administrator)
    client.get(reverse("contracts:young_person_detail", args=[person.contract_id, person.pk]))
    response = client.get(reverse("privacy:export", args=[person.contract_id, person.pk]))
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    files = opened(response.content)
    for table in person_tables():
        db_table = table.model._meta.db_table
        assert len(files[f"{db_table}.csv"]) >= 1, db_table
        if table.history is not None:
            assert len(files[f"{db_table}_history.csv"]) >= 1, db_table
    people = files["contracts_youngperson.csv"]
    assert [(p["ref"], p["first_name"], p["date_of_birth"]) for p in people] == [
        ("YP-0001", FIRST, "17/05/2009")
    ]
    # Only theirs: the other young person's feedback and attendance are not there.
    assert [f["comment"] for f in files["contracts_feedback.csv"]] == [f"{FIRST} {LAST} said so"]
    assert len(files["contracts_attendance.csv"]) == 1
    # The audit rows naming them: the page opened above.
    assert [a["url_name"] for a in files["audit_auditevent.csv"]] == [
        "contracts:young_person_detail"
    ]
    assert files["summary.pdf"].startswith(b"%PDF-")
    assert any(name.startswith("files/funds4care_applicationfile/") for name in files)
    # The export itself is in the audit, as a subject access export.
    event = AuditEvent.objects.filter(kind=Kind.SUBJECT_ACCESS).get()
    assert (event.user, event.young_person_pk) == (administrator, person.pk)


def test_the_pdf_reads_as_headings_and_tables_with_uk_dates(person, tmp_path):
    from datetime import datetime

    from privacy.export import render_pdf
    from tests.reports.pdf_support import pdf_text

    path = tmp_path / "summary.pdf"
    path.write_bytes(render_pdf(person, gather(person), datetime(2026, 12, 7, tzinfo=UTC)))
    text = pdf_text(path)
    assert f"Everything held about {FIRST} {LAST}" in text
    assert "17/05/2009" in text and "Care statuses" in text


def test_one_query_per_table_whatever_the_rows(person, django_assert_num_queries):
    # One query per table and per history table, and one for the audit.
    tables = person_tables()
    expected = len(tables) + sum(1 for t in tables if t.history is not None) + 1
    with django_assert_num_queries(expected):
        gather(person)
    for _ in range(5):
        factories.AttendanceFactory(young_person=person, session__contract=person.contract)
    with django_assert_num_queries(expected):
        sheets = gather(person)
    assert len(next(s for s in sheets if s.name == "contracts_attendance").rows) == 6


def test_the_command_writes_the_zip_and_an_audit_row(person, tmp_path):
    output = tmp_path / "out.zip"
    call_command("subject_access", contract="A-EP", young_person="YP-0001", output=output)
    assert "contracts_youngperson.csv" in opened(output.read_bytes())
    event = AuditEvent.objects.get(kind=Kind.SUBJECT_ACCESS)
    assert (event.url_name, event.young_person_pk) == ("manage.py subject_access", person.pk)


PAGES = ["privacy:young_person", "privacy:export", "privacy:erase"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "persona",
    [
        "provider_a_manager",
        "provider_a_worker",
        "commissioner",
        "panel_member",
        "provider_b_worker",
    ],
)
def test_everyone_but_an_administrator_gets_404(client, request, person, page, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(page, args=[person.contract_id, person.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reference": "YP-0001", "reason": "x"}).status_code in (404, 405)
    person.refresh_from_db()
    assert person.first_name == FIRST


def test_the_young_persons_page_links_here_for_administrators_only(
    client, person, administrator, provider_a_manager
):
    detail = reverse("contracts:young_person_detail", args=[person.contract_id, person.pk])
    here = reverse("privacy:young_person", args=[person.contract_id, person.pk])
    client.force_login(administrator)
    assert here in client.get(detail).content.decode()
    client.force_login(provider_a_manager)
    assert here not in client.get(detail).content.decode()
