"""A submitted or approved return's exports are final: what they show beyond the return's own
figures (the earlier quarters' columns, the trend charts) is frozen into it on submission, so
reopening an earlier return, resubmitting one, or changing the records changes nothing in them.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from kpis.engine.figures import SNAPSHOT_KEY
from kpis.models import Return, ReturnStatus
from kpis.returns.due import open_returns
from kpis.returns.figures import completed, live_figures
from kpis.returns.workflow import approve_return, reopen_return, submit_return
from reports.document import document_for
from reports.excel import build_kpi_workbook
from reports.pdf import charts_for, render_return_pdf
from tests.kpis.datasets import make_cornwall_records
from tests.kpis.helpers import attend, person

from .conftest import explain_everything
from .pdf_support import pdf_text

pytestmark = pytest.mark.django_db

# After Q3 2025/26 has ended.
IN_JANUARY = date(2026, 1, 20)
GENERATED = timezone.make_aware(datetime(2026, 2, 1, 9, 0))


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(IN_JANUARY, tick=False):
        yield


def the_return(contract, period: str, year: int = 2025) -> Return:
    return Return.objects.select_related("contract__commissioner", "contract__provider").get(
        contract=contract, financial_year=year, period=period
    )


def submit(ret: Return, manager, commissioner=None) -> Return:
    explain_everything(ret, manager)
    submit_return(ret=ret, by=manager, comment="Submitted, with what was asked for.")
    if commissioner is not None:
        approve_return(ret=ret, by=commissioner)
    return Return.objects.get(pk=ret.pk)


def the_year_to_q3(contract_a, manager, commissioner, *, approve_q3: bool = True) -> Return:
    """Records in the last quarter of 2024/25 and each of Q1-Q3 2025/26; Q1 and Q2 approved,
    Q3 submitted (and approved unless asked not to). 2024/25's returns are left unsubmitted:
    the charts take those quarters from the records."""
    for day in (date(2025, 2, 3), date(2025, 5, 6), date(2025, 8, 6), date(2025, 11, 6)):
        attend(contract_a, person(contract_a, date_of_birth=date(2009, 1, 1)), day)
    open_returns(contract=contract_a)
    for period in ("Q1", "Q2"):
        submit(the_return(contract_a, period), manager, commissioner)
    submit(the_return(contract_a, "Q3"), manager, commissioner if approve_q3 else None)
    return the_return(contract_a, "Q3")


@pytest.fixture
def year_to_q3(contract_a, provider_a_manager, commissioner) -> Return:
    return the_year_to_q3(contract_a, provider_a_manager, commissioner)


def exports(ret: Return, folder: Path) -> tuple[dict, str]:
    """Every cell of the workbook, and the PDF's text (trend charts drawn): what a person gets."""
    ret = Return.objects.select_related("contract__commissioner", "contract__provider").get(
        pk=ret.pk
    )
    doc = document_for(ret, now=GENERATED, trend=True)
    workbook = load_workbook(io.BytesIO(build_kpi_workbook(doc)))
    cells = {
        (sheet.title, cell.coordinate): cell.value
        for sheet in workbook
        for line in sheet.iter_rows()
        for cell in line
        if cell.value is not None
    }
    path = folder / f"return-{ret.pk}.pdf"
    path.write_bytes(render_return_pdf(doc))
    return cells, pdf_text(path)


def participation(cells: dict, column: str) -> object:
    """1.2's figure in a column of the 6.1 sheet."""
    sheet = {
        coordinate: value for (title, coordinate), value in cells.items() if title == "KPIs 6.1"
    }
    (row,) = [
        coordinate[1:]
        for coordinate, value in sheet.items()
        if coordinate.startswith("A") and str(value).startswith("1.2 Service participation")
    ]
    header = {value: coordinate[0] for coordinate, value in sheet.items() if coordinate[1:] == "5"}
    return sheet.get(f"{header[column]}{row}")


def test_submission_freezes_the_earlier_quarters_and_the_charts_into_the_return(year_to_q3):
    snapshot = year_to_q3.frozen_figures[SNAPSHOT_KEY]
    assert json.loads(json.dumps(snapshot)) == snapshot  # plain JSON
    assert [column["column"] for column in snapshot["columns"]] == ["Q1", "Q2"]
    q1 = snapshot["columns"][0]
    assert q1["source"] == "The Q1 return (approved, figures frozen 20/01/2026)"
    assert q1["indicators"]["1.2"]["value"] == 1
    # The charts' quarters but Q3's own: Q4 2024/25 from the records, Q1 and Q2 as reported.
    quarters = [(item["year"], item["quarter"]) for item in snapshot["trend"]]
    assert quarters == [
        (2024, "Q1"),
        (2024, "Q2"),
        (2024, "Q3"),
        (2024, "Q4"),
        (2025, "Q1"),
        (2025, "Q2"),
    ]
    assert [item["values"]["1.2"] for item in snapshot["trend"]] == [0, 0, 0, 1, 1, 1]


def test_an_approved_returns_exports_do_not_change_when_other_returns_or_records_do(
    year_to_q3, contract_a, provider_a_manager, commissioner, administrator, tmp_path
):
    cells, text = exports(year_to_q3, tmp_path)
    assert participation(cells, "Q1") == participation(cells, "Q2") == 1

    # Q1 is reopened and left with the provider: it no longer reports anything.
    reopen_return(
        ret=the_return(contract_a, "Q1"), by=administrator, reason="A register was wrong."
    )
    # Q2 is reopened and resubmitted with more young people in it.
    reopen_return(ret=the_return(contract_a, "Q2"), by=administrator, reason="Two were missed.")
    for day in (date(2025, 7, 8), date(2025, 9, 9)):
        attend(contract_a, person(contract_a, date_of_birth=date(2009, 1, 1)), day)
    resubmitted = submit(the_return(contract_a, "Q2"), provider_a_manager, commissioner)
    assert resubmitted.frozen_figures["indicators"][1]["figures"]["Q2"]["value"] == 3
    # And records change in every quarter the charts show.
    for day in (date(2024, 5, 1), date(2025, 3, 3), date(2025, 6, 3), date(2025, 12, 1)):
        attend(contract_a, person(contract_a, date_of_birth=date(2009, 1, 1)), day)

    q3 = the_return(contract_a, "Q3")
    assert q3.status == ReturnStatus.APPROVED
    assert exports(q3, tmp_path) == (cells, text)


def test_a_return_submitted_before_snapshots_reads_the_other_returns_as_they_are(
    contract_a, provider_a_manager, commissioner, administrator, tmp_path
):
    q3 = the_year_to_q3(contract_a, provider_a_manager, commissioner, approve_q3=False)
    # As a return frozen before snapshots were (submitted, so its row may still be updated).
    figures = dict(q3.frozen_figures)
    figures.pop(SNAPSHOT_KEY)
    Return.objects.filter(pk=q3.pk).update(frozen_figures=figures)
    cells, _text = exports(q3, tmp_path)
    assert participation(cells, "Q1") == 1
    reopen_return(
        ret=the_return(contract_a, "Q1"), by=administrator, reason="A register was wrong."
    )
    cells, _text = exports(q3, tmp_path)
    assert participation(cells, "Q1") is None  # as before snapshots: Q1 is not reported now


def test_a_submitted_returns_document_and_charts_read_nothing_but_the_return(
    year_to_q3, django_assert_num_queries
):
    ret = the_return(year_to_q3.contract, "Q3")
    # The history with who moved it; the contract came with the return.
    with django_assert_num_queries(1):
        doc = document_for(ret, trend=True)
    with django_assert_num_queries(0):
        charts = charts_for(doc)
    assert "Q4 24/25: 1" in charts["1.2"]


def snapshot_queries(ret: Return) -> int:
    """What submission adds to the return's own figures: its earlier columns and trend."""
    figures = live_figures(ret)
    with CaptureQueriesContext(connection) as captured:
        completed(ret, figures, earlier=True, trend=True)
    return len(captured)


def test_the_snapshot_costs_the_same_queries_whatever_the_records(contract_a):
    """The contract's reported returns (1), then in one read-only transaction (2; PostgreSQL 3)
    the figure queries of each trend quarter no submitted return covers (16 for Cornwall): for
    Q3 2025/26 with no other return submitted, six quarters."""
    open_returns(contract=contract_a)
    ret = the_return(contract_a, "Q3")
    extra = 3 if connection.vendor == "postgresql" else 2
    expected = 1 + extra + 6 * 16
    make_cornwall_records(contract_a, scale=1)
    assert snapshot_queries(ret) == expected
    make_cornwall_records(contract_a, scale=5, seed=7)
    assert snapshot_queries(ret) == expected
