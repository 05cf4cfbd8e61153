"""The return page's downloads and the export command: who may download, the file names, and
the file itself; a LibreOffice round trip of the workbook."""

from __future__ import annotations

import io
import os
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
from reports.document import NoReturn, document_for, document_for_period
from reports.excel import build_kpi_workbook
from reports.exports import filename_for
from tests.factories import TEST_PASSWORD
from tests.kpis.datasets import make_cornwall_records
from tests.kpis.helpers import attend, person
from tests.reports.pdf_support import pdf_text, render_pngs

from .test_pdf import ARTIFACTS

pytestmark = pytest.mark.django_db


def log_in(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def url(name: str, ret: Return) -> str:
    return reverse(f"reports:{name}", kwargs={"pk": ret.contract_id, "return_id": ret.pk})


@pytest.mark.parametrize("persona", ["provider_a_manager", "provider_a_worker", "commissioner"])
def test_whoever_sees_the_return_downloads_its_workbook(request, client, cornwall_q1, persona):
    log_in(client, request.getfixturevalue(persona))
    response = client.get(url("return_xlsx", cornwall_q1))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="a-ep-2025-26-q1-kpi-return.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "KPIs 6.1"


@pytest.mark.parametrize("persona", ["provider_b_worker", "commissioner_b", "panel_member"])
@pytest.mark.parametrize("name", ["return_xlsx", "return_pdf"])
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
        "reports:return_xlsx",
        kwargs={"pk": cornwall_q1.contract_id, "return_id": wolverhampton_h1.pk},
    )
    assert client.get(wrong).status_code == 404


def test_a_stranger_is_sent_to_sign_in(client, cornwall_q1):
    response = client.get(url("return_xlsx", cornwall_q1))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_pdf_download_is_a_pdf_named_like_the_workbook(client, cornwall_q1, commissioner):
    log_in(client, commissioner)
    response = client.get(url("return_pdf", cornwall_q1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        'attachment; filename="a-ep-2025-26-q1-kpi-return.pdf"'
    )


def test_the_return_page_links_to_both_downloads(client, cornwall_q1, commissioner):
    log_in(client, commissioner)
    page = client.get(cornwall_q1.get_absolute_url()).content.decode()
    assert url("return_xlsx", cornwall_q1) in page
    assert url("return_pdf", cornwall_q1) in page


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


def test_the_command_says_why_a_period_not_over_has_no_return(contract_a, tmp_path):
    with pytest.raises(CommandError, match="2025/26 Q3 has not ended yet"):
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
    assert not Return.objects.filter(contract=contract_a, financial_year=2025, period="Q3").exists()
    with pytest.raises(NoReturn):
        document_for_period(contract_a, 2025, "Q3")
    with pytest.raises(CommandError, match="reports by quarter: its periods are Q1, Q2"):
        call_command(
            "export_return", "--contract", "A-EP", "--year", "2025", "--period", "H1",
            "--format", "xlsx", "--output", str(tmp_path / "x.xlsx"),
        )  # fmt: skip


def test_the_command_refuses_a_directory_as_its_output(cornwall_q1, tmp_path):
    with pytest.raises(CommandError, match="is a directory: give the file to write") as refused:
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
            str(tmp_path),
        )
    assert f"--output {tmp_path / 'a-ep-2025-26-q1-kpi-return.xlsx'}" in str(refused.value)
    assert list(tmp_path.iterdir()) == []


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
    """document_for an approved return: the contract with its organisations and the history with
    who moved it. The earlier quarters were frozen into it: nothing per indicator or record."""
    ret = Return.objects.get(pk=approved_q1.pk)
    with django_assert_num_queries(2):
        document_for(ret)


def soffice_or_skip() -> str:
    """LibreOffice's command; a skip where it is not installed, but a failure when the run says
    it must be there (./tamar test sets TAMAR_REQUIRE_LIBREOFFICE, so CI never skips it)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("TAMAR_REQUIRE_LIBREOFFICE"):
            pytest.fail(
                "LibreOffice (soffice) is not installed, and TAMAR_REQUIRE_LIBREOFFICE is set"
            )
        pytest.skip("LibreOffice (soffice) is not installed")
    return soffice


def test_a_run_that_requires_libreoffice_fails_without_it(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("TAMAR_REQUIRE_LIBREOFFICE", "1")
    with pytest.raises(pytest.fail.Exception, match="TAMAR_REQUIRE_LIBREOFFICE is set"):
        soffice_or_skip()
    monkeypatch.delenv("TAMAR_REQUIRE_LIBREOFFICE")
    with pytest.raises(pytest.skip.Exception):
        soffice_or_skip()


@pytest.mark.parametrize("fixture", ["approved_q1", "wolverhampton_h1"])
def test_libreoffice_opens_the_workbook_without_error(request, fixture, tmp_path):
    soffice = soffice_or_skip()
    workbook = tmp_path / f"{fixture}.xlsx"
    workbook.write_bytes(build_kpi_workbook(document_for(request.getfixturevalue(fixture))))
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
    pdf = tmp_path / f"{fixture}.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    # Every sheet printed, the first one's figures among them.
    text = " ".join(pdf_text(pdf).split())
    assert "Breakdowns" in text and "Narrative" in text and "History" in text
    render_pngs(pdf, ARTIFACTS / "libreoffice", resolution=60)


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
    response = client.get(url("return_pdf", cornwall_q1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The charts' quarters come with the document (document_for(ret, trend=True)): without
    # them the PDF has no trend section at all.
    path = tmp_path / "return.pdf"
    path.write_bytes(response.content)
    assert "Trends by quarter" in pdf_text(path)


# The download views' queries. Every download: the session and its user (2), the contract (1),
# the return (1) and its history with who made each move (1), and the audit's row (1: an
# export). A submitted or approved return carries everything else frozen in it (its figures,
# the earlier quarters, the charts' series).
FROZEN_DOWNLOAD = 6
EXTRA = 1 if connection.vendor == "postgresql" else 0  # PostgreSQL also switches its JIT off
# A draft, Cornwall Q2, also: the year's submitted returns (1), the targets (1), then in one
# read-only transaction (2) the figure queries of its two periods (Q2 and the year to date: the
# year's participation facts, read once for both (5: attendance, matches, feedback, the
# participants' details, the localities), and 12 other aggregates each (24); 32 before the facts
# were shared), and its Funds4 Care awards (1).
DRAFT_WORKBOOK = FROZEN_DOWNLOAD + 1 + 1 + 2 + 5 + 2 * 12 + 1 + EXTRA
# Its PDF adds the trend charts: one read-only transaction (2), and 16 queries for each
# charted quarter no submitted return covers (here the four of 2024/25; Q1 2025/26 is the
# approved Q1 return's). The submitted returns are read once, for the earlier columns and the
# charts together. Bounded: a chart shows at most 8 quarters, the return's own among them (at
# most 7 x 16 for Cornwall, 6 x 10 for Wolverhampton), whatever the records.
DRAFT_PDF = DRAFT_WORKBOOK + 2 + 4 * 16 + EXTRA


def download_queries(client, ret: Return, name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(name, ret))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "draft_most"), [("return_xlsx", DRAFT_WORKBOOK), ("return_pdf", DRAFT_PDF)]
)
def test_the_downloads_queries_do_not_grow_with_the_records(
    client,
    approved_q1,
    cornwall_q2,
    contract_a,
    commissioner,
    name,
    draft_most,
):
    log_in(client, commissioner)
    # Each download counted once per size (a PDF takes a second or two to make): exactly the
    # queries listed above, for the small contract and for one with many more records.
    small = (
        download_queries(client, approved_q1, name),
        download_queries(client, cornwall_q2, name),
    )

    make_cornwall_records(contract_a, scale=5)  # 50 young people, 100 sessions, 300 attendances
    large = (
        download_queries(client, approved_q1, name),
        download_queries(client, cornwall_q2, name),
    )
    assert large == small == (FROZEN_DOWNLOAD, draft_most)
