"""The return page's downloads and the export command: who may download, the file names, and
the file itself; a LibreOffice round trip of the workbook."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kpis.models import Return
from reports.document import NoReturn, document_for, document_for_period, filename_for
from reports.excel import build_kpi_workbook
from tests.factories import TEST_PASSWORD
from tests.kpis.helpers import attend, person
from tests.reports.pdf_support import pdf_text

pytestmark = pytest.mark.django_db


def log_in(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def url(name: str, ret: Return) -> str:
    return reverse(f"returns:{name}", kwargs={"pk": ret.contract_id, "return_id": ret.pk})


@pytest.mark.parametrize("persona", ["provider_a_manager", "provider_a_worker", "commissioner"])
def test_whoever_sees_the_return_downloads_its_workbook(request, client, cornwall_q1, persona):
    log_in(client, request.getfixturevalue(persona))
    response = client.get(url("export_xlsx", cornwall_q1))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="a-ep-2025-26-q1-kpi-return.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "KPIs 6.1"


@pytest.mark.parametrize("persona", ["provider_b_worker", "commissioner_b", "panel_member"])
@pytest.mark.parametrize("name", ["export_xlsx", "export_pdf"])
def test_another_organisation_or_a_panel_member_gets_404(
    request, client, cornwall_q1, persona, name
):
    log_in(client, request.getfixturevalue(persona))
    assert client.get(url(name, cornwall_q1)).status_code == 404


def test_a_return_of_another_contract_is_404_under_this_contracts_url(
    client, cornwall_q1, wolverhampton_h1, commissioner
):
    log_in(client, commissioner)
    wrong = reverse(
        "returns:export_xlsx",
        kwargs={"pk": cornwall_q1.contract_id, "return_id": wolverhampton_h1.pk},
    )
    assert client.get(wrong).status_code == 404


def test_a_stranger_is_sent_to_sign_in(client, cornwall_q1):
    response = client.get(url("export_xlsx", cornwall_q1))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_pdf_download_is_a_pdf_named_like_the_workbook(client, cornwall_q1, commissioner):
    log_in(client, commissioner)
    response = client.get(url("export_pdf", cornwall_q1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        'attachment; filename="a-ep-2025-26-q1-kpi-return.pdf"'
    )


def test_the_return_page_links_to_both_downloads(client, cornwall_q1, commissioner):
    log_in(client, commissioner)
    page = client.get(cornwall_q1.get_absolute_url()).content.decode()
    assert url("export_xlsx", cornwall_q1) in page
    assert url("export_pdf", cornwall_q1) in page


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ('../../etc/"passwd"\r\nX-Evil: 1', "etc-passwd-x-evil-1-2025-26-q1-kpi-return.xlsx"),
        ("Café Ōtautahi/2", "cafe-otautahi-2-2025-26-q1-kpi-return.xlsx"),
        ("A-EP", "a-ep-2025-26-q1-kpi-return.xlsx"),
    ],
)
def test_file_names_are_ascii_slugs_whatever_the_reference(cornwall_q1, ref, expected):
    doc = replace(document_for(cornwall_q1), contract_ref=ref)
    name = filename_for(doc, "xlsx")
    assert name == expected
    assert name.isascii() and "/" not in name and '"' not in name


def test_the_command_writes_the_workbook_of_a_period(cornwall_q1, tmp_path):
    output = tmp_path / "return.xlsx"
    call_command(
        "export_return",
        "--contract",
        "A-EP",
        "--year",
        "2025",
        "--period",
        "Q1",
        "--format",
        "xlsx",
        "--output",
        str(output),
    )
    sheet = load_workbook(output)["KPIs 6.1"]
    assert sheet["B2"].value.startswith("A-EP: ")


def test_the_command_writes_a_pdf(cornwall_q1, tmp_path):
    output = tmp_path / "return.pdf"
    call_command(
        "export_return",
        "--contract",
        "A-EP",
        "--year",
        "2025",
        "--period",
        "Q1",
        "--format",
        "pdf",
        "--output",
        str(output),
    )
    assert output.read_bytes().startswith(b"%PDF")


def test_the_command_creates_no_return_and_says_so(contract_a, tmp_path):
    with pytest.raises(CommandError, match="no return for 2025 Q3"):
        call_command(
            "export_return",
            "--contract",
            "A-EP",
            "--year",
            "2025",
            "--period",
            "Q3",
            "--format",
            "xlsx",
            "--output",
            str(tmp_path / "x.xlsx"),
        )
    assert not Return.objects.filter(contract=contract_a).exists()
    with pytest.raises(NoReturn):
        document_for_period(contract_a, 2025, "Q3")


def test_the_command_refuses_an_unknown_contract(tmp_path):
    with pytest.raises(CommandError, match="No contract"):
        call_command(
            "export_return",
            "--contract",
            "NOPE",
            "--year",
            "2025",
            "--period",
            "Q1",
            "--format",
            "xlsx",
            "--output",
            str(tmp_path / "x.xlsx"),
        )


def test_the_documents_queries_do_not_grow_with_the_records(
    approved_q1, cornwall_q2, django_assert_num_queries
):
    """document_for an approved return: the contract with its organisations, the history with
    who moved it, the earlier returns of the year. Nothing per indicator or per record."""
    ret = Return.objects.get(pk=approved_q1.pk)
    with django_assert_num_queries(3):
        document_for(ret)


def test_libreoffice_opens_the_workbook_without_error(approved_q1, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    workbook = tmp_path / "return.xlsx"
    workbook.write_bytes(build_kpi_workbook(document_for(approved_q1)))
    profile = tmp_path / "profile"  # its own profile: no clash with another soffice running
    done = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "return.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_a_drafts_document_costs_the_same_queries_however_many_records(cornwall_q1, contract_a):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            document_for(Return.objects.get(pk=cornwall_q1.pk))
        return len(captured)

    before = queries()
    for day in (5, 6, 7, 8):
        attend(contract_a, person(contract_a), date(2025, 6, day))
    assert queries() == before


def test_the_pdf_download_carries_the_trend_charts(client, cornwall_q1, commissioner, tmp_path):
    log_in(client, commissioner)
    response = client.get(url("export_pdf", cornwall_q1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The charts come from the caller (reports.pdf_data), not the pure builder: without them
    # the PDF has no trend section at all.
    path = tmp_path / "return.pdf"
    path.write_bytes(response.content)
    assert "Trends by quarter" in pdf_text(path)
