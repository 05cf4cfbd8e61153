"""The import page's SSDA903 section, through the client: a preview that changes nothing, a
confirmation that imports, and only the provider's managers (and administrators) may use it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import CareStatus, ImportRun, Placement
from importer.views import SSDA903_SESSION_KEY
from tests.factories import CareStatusFactory

from .conftest import dump_records
from .ssda903_files import EPISODE_COLUMNS, people, write_csv

pytestmark = pytest.mark.django_db

EPISODES = [
    ["111", "01/02/2017", "S", "C2", "N1", "U4", "PR1", "01/05/2017", "", "", "", "", ""],
    ["111", "01/05/2017", "P", "C2", "N1", "K2", "PR1", "", "", "", "", "", ""],
    ["222", "01/02/2017", "S", "C2", "N1", "U4", "PR1", "", "", "", "", "", ""],
    ["333", "01/02/2017", "S", "C2", "N1", "U4", "PR1", "", "", "", "", "", ""],
]


def url(contract, name: str = "ssda903") -> str:
    return reverse(f"importer:{name}", kwargs={"pk": contract.pk})


def uploads(tmp_path: Path, episodes=EPISODES, header_name: str = "header.csv") -> dict:
    header = write_csv(
        tmp_path / header_name,
        ["CHILD", "DOB"],
        [["111", "01/01/2005"], ["222", ""], ["333", ""]],
    )
    path = write_csv(tmp_path / "episodes.csv", EPISODE_COLUMNS, episodes)
    return {
        "header": SimpleUploadedFile(header.name, header.read_bytes(), "text/csv"),
        "episodes": SimpleUploadedFile(path.name, path.read_bytes(), "text/csv"),
    }


def waiting(media_root: Path) -> list[Path]:
    folder = media_root / "imports"
    return sorted(folder.glob("*")) if folder.exists() else []


@pytest.fixture
def manager_client(client, provider_a_manager):
    client.force_login(provider_a_manager)
    return client


@pytest.fixture
def person(contract_a):
    return people(contract_a, ["111"], date_of_birth=date(2005, 1, 1))["111"]


def test_the_import_page_offers_the_councils_files_in_plain_words(manager_client, contract_a):
    response = manager_client.get(url(contract_a, "import"))
    assertContains(response, "Council SSDA903 files")
    assertContains(
        response,
        "Updates each young person's periods in care and placements from the council's files. "
        "Young people are matched on their council child ID.",
    )
    assertContains(response, f'action="{url(contract_a)}"')
    assertContains(response, 'for="id_header"')
    assertContains(response, 'for="id_episodes"')
    assertContains(response, 'for="id_workbook"')  # the workbook's form is still there


def test_the_preview_shows_what_would_change_and_changes_nothing(
    manager_client, contract_a, person, media_root, tmp_path
):
    before = dump_records()
    response = manager_client.post(url(contract_a), uploads(tmp_path))
    assertContains(response, "Import header.csv and episodes.csv?")
    assertContains(
        response, '<th scope="row">To update</th><td class="text-end">1</td>', html=False
    )
    assertContains(
        response,
        '<th scope="row">Placements</th><td class="text-end">2</td><td class="text-end">0</td>'
        '<td class="text-end">0</td><td class="text-end">0</td>',
        html=False,
    )
    assertContains(response, "2 child IDs in the files that none of this contract")
    assertContains(response, "222, 333")
    assertContains(response, url(contract_a, "ssda903_confirm"))
    assert dump_records() == before
    assert not ImportRun.objects.exists()
    # Both files wait on the server under random names, their tokens in the session.
    pending = manager_client.session[SSDA903_SESSION_KEY][str(contract_a.pk)]
    assert [path.name for path in waiting(media_root)] == sorted(
        f"{pending[kind]['token']}.csv" for kind in ("header", "episodes")
    )


def test_confirm_imports_records_the_run_and_deletes_the_files(
    manager_client, contract_a, person, provider_a_manager, media_root, tmp_path
):
    manager_client.post(url(contract_a), uploads(tmp_path))
    response = manager_client.post(url(contract_a, "ssda903_confirm"), follow=True)
    assertContains(
        response,
        "header.csv and episodes.csv were imported: 1 young person updated, 0 unchanged "
        "(1 period in care and 2 placements written).",
    )
    assert list(Placement.objects.values_list("placement_code", "start_date", "end_date")) == [
        ("U4", date(2017, 2, 1), date(2017, 4, 30)),
        ("K2", date(2017, 5, 1), None),
    ]
    run = ImportRun.objects.get()
    assert (run.user, run.outcome, run.file_name) == (
        provider_a_manager,
        "imported",
        "header.csv, episodes.csv (SSDA903)",
    )
    assert waiting(media_root) == []
    assert str(contract_a.pk) not in manager_client.session[SSDA903_SESSION_KEY]
    record = CareStatus.history.get()
    assert (record.history_user, record.history_change_reason) == (
        provider_a_manager,
        "SSDA903 import (header.csv, episodes.csv)",
    )
    # The same files again: everyone unchanged.
    response = manager_client.post(url(contract_a), uploads(tmp_path))
    assertContains(
        response, '<th scope="row">Unchanged</th><td class="text-end">1</td>', html=False
    )


def test_problems_are_listed_and_nothing_waits_to_be_confirmed(
    manager_client, contract_a, person, media_root, tmp_path
):
    bad = [list(row) for row in EPISODES]
    bad[0][1] = "31/04/2017"
    bad[1][5] = "K9"
    response = manager_client.post(url(contract_a), uploads(tmp_path, bad))
    assertContains(response, "header.csv and episodes.csv cannot be imported")
    assertContains(response, "The files have 2 problems, so nothing was imported.")
    assertContains(
        response,
        "<td>episodes.csv</td><td>2</td><td>DECOM</td><td>&#x27;31/04/2017&#x27; is not a "
        "real date</td>",
        html=False,
    )
    assertContains(
        response,
        "<td>episodes.csv</td><td>3</td><td>PLACE</td><td>&#x27;K9&#x27; is not an SSDA903 "
        "placement code</td>",
        html=False,
    )
    assertNotContains(response, url(contract_a, "ssda903_confirm"))
    assert waiting(media_root) == []


def test_a_file_that_is_not_a_csv_is_a_form_error(manager_client, contract_a, tmp_path):
    files = uploads(tmp_path)
    files["header"] = SimpleUploadedFile("header.xlsx", b"PK\x03\x04")
    response = manager_client.post(url(contract_a), files)
    assert response.status_code == 200
    assertContains(
        response, "header.xlsx is not a .csv file: the council&#x27;s SSDA903 files are taken"
    )


def test_confirm_checks_the_files_again(manager_client, contract_a, person, tmp_path):
    """Between preview and confirm someone typed a care status that starts the day the files'
    period in care starts: nothing is imported, and the page says why."""
    manager_client.post(url(contract_a), uploads(tmp_path))
    CareStatusFactory(young_person=person, status="child_protection", start_date=date(2017, 2, 1))
    response = manager_client.post(url(contract_a, "ssda903_confirm"))
    assertContains(response, "When they were checked again to be imported, the files have")
    assertContains(response, "starts the same day as their care status")
    assert not Placement.objects.exists()
    assert ImportRun.objects.get().outcome == "refused"


def test_confirm_without_checked_files_asks_for_them_again(manager_client, contract_a):
    response = manager_client.post(url(contract_a, "ssda903_confirm"), follow=True)
    assertContains(response, "There are no checked SSDA903 files waiting: upload them again.")


def test_cancel_deletes_the_waiting_files(manager_client, contract_a, person, media_root, tmp_path):
    manager_client.post(url(contract_a), uploads(tmp_path))
    assert len(waiting(media_root)) == 2
    response = manager_client.post(url(contract_a, "ssda903_cancel"), follow=True)
    assertContains(response, "The import of the council&#x27;s files was cancelled")
    assert waiting(media_root) == []
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("provider_a_manager", 405),  # the pages take a POST only
        ("administrator", 405),
        ("provider_a_worker", 403),
        ("commissioner", 403),
        ("provider_b_worker", 404),
        ("commissioner_b", 404),
    ],
)
@pytest.mark.parametrize("page", ["ssda903", "ssda903_confirm", "ssda903_cancel"])
def test_only_the_providers_managers_may_import_the_councils_files(
    client, request, contract_a, persona, status, page
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(contract_a, page)).status_code == status


def test_a_worker_cannot_import_by_posting(
    client, provider_a_worker, contract_a, media_root, tmp_path
):
    client.force_login(provider_a_worker)
    assert client.post(url(contract_a), uploads(tmp_path)).status_code == 403
    assert waiting(media_root) == []


def test_another_organisations_contract_is_not_found(
    manager_client, contract_b, media_root, tmp_path
):
    assert manager_client.post(url(contract_b), uploads(tmp_path)).status_code == 404
    assert manager_client.post(url(contract_b, "ssda903_confirm")).status_code == 404
    assert waiting(media_root) == []


def test_the_preview_asks_the_database_the_same_number_of_times_for_more_children(
    manager_client, contract_a, tmp_path, django_assert_max_num_queries
):
    """10 queries: the session, the user, the contract; the young people with a council child
    ID, their care statuses, their placements; the user's organisation (for the page's
    navigation); the session saved (a savepoint, an update, its release). None per row or
    child."""
    counts = []
    for size in (2, 50):
        children = [f"{size}-{n}" for n in range(size)]
        people(contract_a, children)
        rows = [
            [child, "01/02/2017", "S", "C2", "N1", "U4", "PR1", "", "", "", "", "", ""]
            for child in children
        ]
        folder = tmp_path / str(size)
        folder.mkdir()
        header = write_csv(folder / "header.csv", ["CHILD"], [[child] for child in children])
        episodes = write_csv(folder / "episodes.csv", EPISODE_COLUMNS, rows)
        files = {
            "header": SimpleUploadedFile("header.csv", header.read_bytes()),
            "episodes": SimpleUploadedFile("episodes.csv", episodes.read_bytes()),
        }
        with django_assert_max_num_queries(10) as queries:
            response = manager_client.post(url(contract_a), files)
        assertContains(response, f'<th scope="row">To update</th><td class="text-end">{size}')
        counts.append(len(queries))
    assert counts[0] == counts[1]
