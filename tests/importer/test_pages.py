"""The import page, through the client: preview changes nothing, confirm imports, and only the
provider's managers (and administrators) may use it."""

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import Contract, ImportRun, KeyWorker, YoungPerson
from funds4care.models import Application
from importer.views import SESSION_KEY
from tests.factories import ContractFactory

from .conftest import BASE, copy_tables, dump_records, tables_to_workbook

pytestmark = pytest.mark.django_db


def contract_row(contract: Contract) -> dict[str, str]:
    return {
        "ref": contract.ref,
        "title": contract.title,
        "framework": contract.framework,
        "commissioner": contract.commissioner.name,
        "provider": contract.provider.name,
        "start_date": contract.start_date.isoformat(),
        "end_date": contract.end_date.isoformat(),
        "annual_value": str(contract.annual_value),
        "record_timeframe_days": str(contract.record_timeframe_days),
    }


def workbook_for(
    contract: Contract, path: Path, people: int = 0, **changes: str
) -> SimpleUploadedFile:
    """The base records as a workbook for this contract, with extra young people if asked."""
    tables = copy_tables(BASE)
    tables["contract"] = [{**contract_row(contract), **changes}]
    for number in range(people):
        tables["young_people"].append({**BASE["young_people"][0], "ref": f"P{number}"})
    tables_to_workbook(tables, path)
    return SimpleUploadedFile(path.name, path.read_bytes())


def import_url(contract: Contract, name: str = "import") -> str:
    return reverse(f"importer:{name}", kwargs={"pk": contract.pk})


def pending_files(media_root: Path) -> list[Path]:
    folder = media_root / "imports"
    return sorted(folder.glob("*")) if folder.exists() else []


@pytest.fixture
def manager_client(client, provider_a_manager):
    client.force_login(provider_a_manager)
    return client


def test_a_manager_sees_the_upload_form_the_template_and_recent_imports(
    manager_client, contract_a, provider_a_manager
):
    ImportRun.objects.create(
        contract=contract_a,
        user=provider_a_manager,
        file_name="earlier.xlsx",
        started_at="2025-05-01T10:00:00Z",
        finished_at="2025-05-01T10:00:05Z",
        outcome="imported",
    )
    response = manager_client.get(import_url(contract_a))
    assertContains(response, 'type="file"')
    assertContains(response, 'enctype="multipart/form-data"')
    assertContains(response, 'for="id_workbook"')  # the file field is labelled
    assertContains(response, reverse("importer:import_template"))
    assertContains(response, "earlier.xlsx")


def test_preview_shows_what_would_change_and_changes_nothing(
    manager_client, contract_a, media_root, tmp_path
):
    before = dump_records()
    response = manager_client.post(
        import_url(contract_a), {"workbook": workbook_for(contract_a, tmp_path / "a.xlsx")}
    )
    assertContains(response, "Import a.xlsx?")
    assertContains(
        response, '<th scope="row">young_people</th><td class="text-end">2</td>', html=False
    )
    assertContains(response, import_url(contract_a, "import_confirm"))
    assert dump_records() == before
    assert not ImportRun.objects.exists()
    # The file waits on the server under a random name, its token in the session.
    (kept,) = pending_files(media_root)
    assert kept.name == manager_client.session[SESSION_KEY][str(contract_a.pk)]["token"] + ".xlsx"


def test_confirm_imports_records_the_run_and_deletes_the_file(
    manager_client, contract_a, provider_a_manager, media_root, tmp_path
):
    manager_client.post(
        import_url(contract_a), {"workbook": workbook_for(contract_a, tmp_path / "a.xlsx")}
    )
    response = manager_client.post(import_url(contract_a, "import_confirm"), follow=True)
    assertContains(response, "a.xlsx was imported:")
    assert set(YoungPerson.objects.filter(contract=contract_a).values_list("ref", flat=True)) == {
        "Y1",
        "Y2",
    }
    assert Application.objects.get(contract=contract_a).amount_awarded == 250
    run = ImportRun.objects.get()
    assert (run.contract, run.user, run.file_name, run.outcome) == (
        contract_a,
        provider_a_manager,
        "a.xlsx",
        "imported",
    )
    assert run.counts["young_people"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert pending_files(media_root) == []
    assert str(contract_a.pk) not in manager_client.session[SESSION_KEY]
    # The person who imported is in the records' history.
    record = YoungPerson.objects.get(contract=contract_a, ref="Y1").history.get()
    assert (record.history_user, record.history_change_reason) == (
        provider_a_manager,
        "Imported from a.xlsx",
    )


def test_importing_the_same_workbook_again_previews_all_unchanged(
    manager_client, contract_a, tmp_path
):
    upload = workbook_for(contract_a, tmp_path / "a.xlsx")
    manager_client.post(import_url(contract_a), {"workbook": upload})
    manager_client.post(import_url(contract_a, "import_confirm"))
    upload.seek(0)
    response = manager_client.post(import_url(contract_a), {"workbook": upload})
    assertContains(
        response,
        '<th scope="row">young_people</th><td class="text-end">0</td>'
        '<td class="text-end">0</td><td class="text-end">2</td>',
        html=False,
    )


def test_problems_are_listed_and_nothing_waits_to_be_confirmed(
    manager_client, contract_a, media_root, tmp_path
):
    upload = workbook_for(contract_a, tmp_path / "bad.xlsx", title="Renamed by the provider")
    response = manager_client.post(import_url(contract_a), {"workbook": upload})
    assertContains(response, "bad.xlsx cannot be imported")
    assertContains(
        response,
        "<td>contract</td><td>2</td><td>title</td><td>Renamed by the provider differs from the "
        "contract&#x27;s title (Contract",
        html=False,
    )
    assertNotContains(response, import_url(contract_a, "import_confirm"))
    assert pending_files(media_root) == []


def test_a_sheet_whose_header_lacks_a_key_column_lists_its_problems_not_an_error_page(
    manager_client, contract_a, media_root, tmp_path
):
    tables = copy_tables(BASE)
    tables["contract"] = [contract_row(contract_a)]
    tables["key_workers"] = [
        {"Ref": row["ref"], "name": row["name"]} for row in BASE["key_workers"]
    ]
    path = tables_to_workbook(tables, tmp_path / "typo.xlsx")
    response = manager_client.post(
        import_url(contract_a), {"workbook": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    assert response.status_code == 200
    assertContains(response, "typo.xlsx cannot be imported")
    assertContains(
        response,
        "<td>key_workers</td><td>1</td><td>ref</td><td>this required column is missing</td>",
        html=False,
    )
    assertContains(
        response,
        "<td>key_workers</td><td>1</td><td>Ref</td><td>key_workers has no column called Ref; "
        "did you mean ref?",
        html=False,
    )
    assertNotContains(response, import_url(contract_a, "import_confirm"))
    assert pending_files(media_root) == []
    assert not KeyWorker.objects.exists()


def test_a_workbook_for_another_contract_is_refused(
    manager_client, contract_a, contract_b, tmp_path
):
    upload = workbook_for(contract_a, tmp_path / "b.xlsx", ref="B-YPT")
    response = manager_client.post(import_url(contract_a), {"workbook": upload})
    assertContains(
        response, "this file is for contract B-YPT, but it is being imported into contract A-EP"
    )
    assert not YoungPerson.objects.exists()


def test_confirm_checks_the_file_again(manager_client, contract_a, tmp_path):
    """Between preview and confirm the commissioner renamed the contract: the workbook's contract
    row no longer matches, so nothing is imported."""
    manager_client.post(
        import_url(contract_a), {"workbook": workbook_for(contract_a, tmp_path / "a.xlsx")}
    )
    Contract.objects.filter(pk=contract_a.pk).update(title="Renamed meanwhile")
    response = manager_client.post(import_url(contract_a, "import_confirm"))
    assertContains(response, "When it was checked again to be imported")
    assert not YoungPerson.objects.exists()
    assert ImportRun.objects.get().outcome == "refused"


def test_confirm_without_a_checked_workbook_asks_for_it_again(manager_client, contract_a):
    response = manager_client.post(import_url(contract_a, "import_confirm"), follow=True)
    assertContains(response, "There is no checked workbook waiting: upload it again.")
    assert not ImportRun.objects.exists()


def test_cancel_deletes_the_waiting_file(manager_client, contract_a, media_root, tmp_path):
    manager_client.post(
        import_url(contract_a), {"workbook": workbook_for(contract_a, tmp_path / "a.xlsx")}
    )
    assert len(pending_files(media_root)) == 1
    response = manager_client.post(import_url(contract_a, "import_cancel"), follow=True)
    assertContains(response, "The import was cancelled: nothing was changed.")
    assert pending_files(media_root) == []
    assert manager_client.post(import_url(contract_a, "import_confirm")).status_code == 302
    assert not YoungPerson.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "records.csv",
            b"ref\n",
            "records.csv is not a .xlsx workbook: save it as an Excel workbook (.xlsx).",
        ),
        (
            "records.xlsx",
            b"not a zip",
            "records.xlsx is not a real .xlsx workbook (it is not a zip file).",
        ),
    ],
)
def test_a_refused_file_is_a_form_error(
    manager_client, contract_a, media_root, name, content, message
):
    response = manager_client.post(
        import_url(contract_a), {"workbook": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assertContains(response, message)
    assert pending_files(media_root) == []


def test_an_oversized_upload_is_refused_before_it_is_stored(
    settings, manager_client, contract_a, media_root, tmp_path
):
    settings.TAMAR_IMPORT_MAX_FILE_BYTES = 1000
    response = manager_client.post(
        import_url(contract_a), {"workbook": workbook_for(contract_a, tmp_path / "big.xlsx")}
    )
    assertContains(response, "are not imported.")
    assert pending_files(media_root) == []


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("provider_a_manager", 200),
        ("administrator", 200),
        ("provider_a_worker", 403),
        ("commissioner", 403),
        ("provider_b_worker", 404),
        ("commissioner_b", 404),
        ("panel_member", 404),
    ],
)
@pytest.mark.parametrize("page", ["import", "import_confirm", "import_cancel"])
def test_only_the_providers_managers_may_import(client, request, contract_a, persona, status, page):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(import_url(contract_a, page))
    if page != "import" and status == 200:
        status = 405  # confirm and cancel are POST only, once the person may use them
    assert response.status_code == status


def test_a_worker_cannot_import_by_posting(
    client, provider_a_worker, contract_a, media_root, tmp_path
):
    client.force_login(provider_a_worker)
    response = client.post(
        import_url(contract_a), {"workbook": workbook_for(contract_a, tmp_path / "a.xlsx")}
    )
    assert response.status_code == 403
    assert pending_files(media_root) == []


def test_an_administrator_may_change_the_contracts_details_by_import(
    client, administrator, contract_a, tmp_path
):
    client.force_login(administrator)
    client.post(
        import_url(contract_a),
        {"workbook": workbook_for(contract_a, tmp_path / "a.xlsx", title="New title")},
    )
    client.post(import_url(contract_a, "import_confirm"))
    contract_a.refresh_from_db()
    assert contract_a.title == "New title"


def test_the_preview_asks_the_database_the_same_number_of_times_for_more_rows(
    manager_client, contract_a, tmp_path, django_assert_max_num_queries
):
    """Queries: session, user, contract, the organisations, then one per table
    for its stored records (and the tables they point at); none per row."""
    counts = []
    for people in (0, 40):
        upload = workbook_for(contract_a, tmp_path / f"p{people}.xlsx", people=people)
        with CaptureQueriesContext(connection) as queries:
            response = manager_client.post(import_url(contract_a), {"workbook": upload})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(35):
        manager_client.post(
            import_url(contract_a),
            {"workbook": workbook_for(contract_a, tmp_path / "q.xlsx", people=80)},
        )


def test_confirm_writes_in_bulk_not_a_query_per_row(
    manager_client, contract_a, council_a, provider_a, tmp_path
):
    """Two empty contracts of the same provider, one workbook 60 young people bigger: the same
    queries (a bulk insert and a bulk history insert per table, in batches of 2,000)."""
    counts = []
    for people, contract in [
        (0, contract_a),
        (60, ContractFactory(ref="A-EP-2", commissioner=council_a, provider=provider_a)),
    ]:
        upload = workbook_for(contract, tmp_path / f"c{people}.xlsx", people=people)
        manager_client.post(import_url(contract), {"workbook": upload})
        with CaptureQueriesContext(connection) as queries:
            response = manager_client.post(import_url(contract, "import_confirm"))
        assert response.status_code == 302
        counts.append(len(queries))
    assert YoungPerson.objects.filter(ref__startswith="P").count() == 60
    assert counts[0] == counts[1]


def test_the_blank_template_downloads_as_a_workbook(manager_client):
    response = manager_client.get(reverse("importer:import_template"))
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="tamar-import-template.xlsx"'
    assert response.content.startswith(b"PK\x03\x04")


def test_uploads_nobody_confirmed_are_swept_after_a_day(
    manager_client, contract_a, media_root, tmp_path
):
    folder = media_root / "imports"
    folder.mkdir(parents=True)
    old, recent = folder / f"{'a' * 32}.xlsx", folder / f"{'b' * 32}.xlsx"
    for path in (old, recent):
        path.write_bytes(b"PK")
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(old, (two_days_ago, two_days_ago))
    manager_client.post(
        import_url(contract_a), {"workbook": workbook_for(contract_a, tmp_path / "a.xlsx")}
    )
    kept = pending_files(media_root)
    assert old not in kept
    assert recent in kept
    assert len(kept) == 2  # the recent one and the upload just checked
