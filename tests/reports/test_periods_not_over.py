"""A return's exports mark a period not over as the pages do (issue 11): the specification's
columns all stay, a column of a period not started is headed "not started" and empty, and the
annual total of a year not over is headed as the year's figure "so far, to" the end of the
return's last quarter over. Today is 20 October 2025 (tests/reports/conftest.py): Q3 is in
progress, Q4 not started."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from reports.document import document_for
from reports.excel import build_kpi_workbook
from reports.pdf import charts_for, render_return_pdf, return_pdf_html

from .pdf_support import pdf_text

pytestmark = pytest.mark.django_db

ANNUAL_TOTAL = "Annual Total (so far, to 30 September 2025)"


def headings(sheet, first: str) -> tuple[int, list[str]]:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row[0] == first:
            return number, list(row)
    raise AssertionError(f"no header starting {first!r}")


def test_the_workbook_keeps_6_1s_columns_and_marks_those_not_over(cornwall_q2):
    workbook = load_workbook(io.BytesIO(build_kpi_workbook(document_for(cornwall_q2))))
    sheet = workbook["KPIs 6.1"]
    at, header = headings(sheet, "Indicator")
    # Every column of 6.1 in its place: Q3 (not reported yet) unmarked, Q4 not started.
    assert header[2:7] == ["Q1", "Q2", "Q3", "Q4 (not started)", ANNUAL_TOTAL]
    q4 = header.index("Q4 (not started)")
    figures = list(sheet.iter_rows(min_row=at + 1, values_only=True))
    assert len(figures) > 16 and all(row[q4] is None for row in figures)
    assert headings(workbook["Breakdowns"], "Indicator")[1][3:8] == header[2:7]


def test_the_pdf_marks_the_columns_not_over_beneath_their_headings(cornwall_q2, tmp_path):
    doc = document_for(cornwall_q2, trend=True)
    html = return_pdf_html(doc)
    assert "A heading marked “so far, to” a day is a period not over" in html
    path = tmp_path / "q2.pdf"
    path.write_bytes(render_return_pdf(doc))
    text = " ".join(pdf_text(path).split())
    assert "Q1 Q2 Q3 Q4 not started Annual Total so far, to 30 September 2025 Status" in text


def test_the_pdfs_charts_draw_nothing_for_a_quarter_not_started(cornwall_q2):
    charts = charts_for(document_for(cornwall_q2, trend=True))
    assert "Q2 25/26" in charts["1.2"]
    assert "Q4 25/26" not in charts["1.2"] and "Q3 25/26" not in charts["1.2"]
    assert "so far" not in charts["1.2"]  # Q1 and Q2 are over


def test_a_pdfs_chart_of_a_quarter_in_progress_is_hatched_and_says_so_far(cornwall_q2):
    """A draft exported before its quarter is over (made on 15 September 2025, in Q2)."""
    doc = replace(
        document_for(cornwall_q2, trend=True), generated_at=datetime(2025, 9, 15, 9, tzinfo=UTC)
    )
    chart = charts_for(doc)["1.2"]
    assert re.search(r"Q2 25/26: \d+ so far, to 15 September 2025", chart)
    assert 'data-so-far="true"' in chart and "<pattern" in chart
