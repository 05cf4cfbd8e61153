"""The return's PDF: every figure in it, DRAFT unless approved, the KPI table on landscape
pages, the running header and page numbers, and no fetching from the network.

The PDF is read back with poppler's pdftotext and pdfinfo; its pages are also rendered to PNG
in test-artifacts/pdf/ for a person to look at.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from defusedxml import ElementTree
from django.utils import timezone

from kpis.charts import Kind, svg_chart
from kpis.engine.figures import TrendQuarter
from kpis.models import Return, ReturnStatus
from kpis.returns.due import open_returns
from kpis.returns.figures import live_figures
from reports.document import document_for
from reports.pdf import FetchRefused, charts_for, local_only_fetcher, render_return_pdf

from .pdf_support import approved_document, draft_document, page_sizes, pdf_text, render_pngs

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"
SVG = "{http://www.w3.org/2000/svg}"
RUNNING_HEADER = "EP-2025-07 · 2025/26 Q3 · Draft"


def parse(markup: str):
    return ElementTree.fromstring(markup)


def write_pdf(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def draft_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    return write_pdf(folder, "draft", render_return_pdf(draft_document()))


@pytest.fixture(scope="module")
def approved_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    return write_pdf(folder, "approved", render_return_pdf(approved_document()))


def words(text: str) -> str:
    """Whitespace as one space: a cell's text may wrap onto two lines."""
    return " ".join(text.split())


def test_it_makes_a_pdf(draft_pdf):
    assert draft_pdf.read_bytes().startswith(b"%PDF-")


def test_it_shows_every_figure_of_the_document(draft_pdf):
    text = words(pdf_text(draft_pdf))
    doc = draft_document()
    expected = [
        # Each column's figures, with a percentage's numerator and denominator.
        "101", "103", "106", "281",
        "1234.50", "987.25", "455.00", "2676.75",
        "75%", "62.5%", "44.4%", "58.3%", "(30 of 40)", "(25 of 40)", "(20 of 45)", "(35 of 60)",
        "50%", "20%", "33.3%", "34.5%",
        # 1.16's numerator and denominator are pounds.
        "£1,250.00", "£2,500.00", "£500.00", "£987.65", "£2,963.00", "£2,737.65", "£7,963.00",
        # Targets, statuses as words, the notes.
        "250", "4000", "85%", "Monitor only", "Green", "Amber", "Red", "No status",
        "Target 2025/26",
        "Two new groups started in Bodmin.",
        "A youth worker was off sick for six weeks.",
        "The college course ended early in November.",
        # The breakdown of 1.1 by gender, per column.
        "Female", "61", "62", "63", "164", "Male", "40", "41", "43", "117",
        # 1.16's breakdown is pounds too.
        "Secured", "£1,250.50", "£0.00", "£2,238.15",
        # The financial return, money as pounds.
        "£123,456.78", "£98,765.43", "4.50", "£2,500.00", "17", "An underspend on venues.",
        # The cover.
        "EP-2025-07", "Kernow Youth Trust", "Cornwall Council", "2025/26",
        "Q3 (1 October 2025 to 31 December 2025)", "29/01/2026",
    ]  # fmt: skip
    expected += [section.text for section in doc.narrative]
    expected += [line.title for line in doc.indicators]
    expected.append(doc.case_studies)
    missing = [figure for figure in expected if figure not in text]
    assert missing == []


def test_breakdowns_are_written_like_the_headlines_under_the_same_headings(draft_pdf):
    page = words(pdf_text(draft_pdf, first=4, last=4))
    assert "Breakdowns" in page
    # Hours with two decimals, as the KPI table writes them ("90.0" and "100.5" before).
    assert (
        "Provision of social and personal development opportunities 90.00 100.50 0.00 – 190.50"
        in page
    )
    # The columns headed as the KPI table heads them, not "FY".
    assert page.count("Q1 Q2 Q3 Q4 Annual Total so far, to 31 December 2025") == 3
    assert " FY " not in page


def test_the_kpi_tables_target_is_the_years(draft_pdf):
    page = words(pdf_text(draft_pdf, first=3, last=3))
    assert (
        "Indicator Target 2025/26 Q1 Q2 Q3 Q4 Annual Total so far, to 31 December 2025 Status"
        in page
    )


def test_it_counts_the_statuses_and_lists_red_before_amber(draft_pdf):
    summary = words(pdf_text(draft_pdf, first=2, last=2))
    assert "Summary of statuses" in summary
    for status in ("Green 1", "Amber 1", "Red 1", "No status 1"):
        assert status in summary
    red = summary.index("1.9 Care leavers")
    amber = summary.index("1.4 Hours of personal")
    assert red < amber
    assert "The college course ended early in November." in summary


def test_it_marks_every_page_of_a_draft(draft_pdf):
    pages = len(page_sizes(draft_pdf))
    for page in range(1, pages + 1):
        assert "DRAFT" in pdf_text(draft_pdf, first=page, last=page), f"page {page}"


def test_it_has_no_draft_mark_once_approved(approved_pdf):
    text = pdf_text(approved_pdf)
    assert "DRAFT" not in text
    assert "Approved" in text


def test_it_puts_the_kpi_table_on_landscape_pages_and_the_rest_on_portrait(draft_pdf):
    sizes = page_sizes(draft_pdf)
    assert len(sizes) == 6  # cover, summary, table, breakdowns, narrative, finances
    for number, (width, height) in enumerate(sizes, start=1):
        table_page = "The provider's notes" in words(pdf_text(draft_pdf, first=number, last=number))
        # A4: 595 x 842 points.
        assert (round(width), round(height)) == ((842, 595) if table_page else (595, 842))
    assert sum(width > height for width, height in sizes) == 1


def test_it_has_a_running_header_and_page_numbers(draft_pdf):
    second = pdf_text(draft_pdf, first=2, last=2)
    assert RUNNING_HEADER in second
    assert "Page 2 of 6" in second
    # The cover carries its own title instead.
    cover = pdf_text(draft_pdf, first=1, last=1)
    assert RUNNING_HEADER not in cover
    assert "Page 1 of 6" in cover


def test_it_shows_the_history_of_an_approved_return(approved_pdf):
    text = words(pdf_text(approved_pdf))
    assert "20/01/2026 11:00" in text
    assert "Pat Provider" in text
    assert "Cass Commissioner" in text
    assert "Thank you." in text


def test_it_draws_the_trend_charts_it_is_given(tmp_path):
    doc = draft_document()
    chart = svg_chart(
        [("Q1 25/26", 75, 85), ("Q2 25/26", 62.5, 85), ("Q3 25/26", 44.4, 85)],
        title="1.9 Care leavers in education, by quarter",
        x_label="Quarter and financial year",
        y_label="Per cent",
        kind=Kind.LINE,
        suffix="%",
        y_maximum=100,
    )
    path = write_pdf(tmp_path, "charts", render_return_pdf(doc, charts={"1.9": str(chart)}))
    text = words(pdf_text(path))
    assert "Trends by quarter" in text
    # The chart's own words: its axis, its quarters, its values and its legend.
    for drawn in ("Quarter and financial year", "Q2 25/26", "44.4%", "Target"):
        assert drawn in text
    # On a landscape page of its own (the trends are four to a page).
    sizes = page_sizes(path)
    assert len(sizes) == 7
    assert sizes[-3][0] > sizes[-3][1]
    assert "Trends by quarter" in pdf_text(path, first=5, last=5)


def test_a_line_charts_legend_shows_a_line_and_its_axis_label_sits_under_the_quarters():
    doc = draft_document()
    charts = charts_for(doc, [TrendQuarter(2024, "Q4", {"1.9": 80, "1.1": 90})])
    line_chart = parse(charts["1.9"])  # a percentage: a line
    # No square anywhere in a line chart: its legend's swatch is a line with a point.
    assert list(line_chart.iter(SVG + "rect")) == []
    legend = [e for e in line_chart.iter() if e.tag in (SVG + "line", SVG + "circle")]
    assert any(e.get("stroke") == "#0d6efd" and e.get("y1") == "15" for e in legend)
    column_chart = parse(charts["1.1"])  # a count: columns, and a square swatch
    assert any(e.get("width") == "12" for e in column_chart.iter(SVG + "rect"))
    # Four quarters (Q4 24/25, then Q1-Q3 of the return's year): the axis label 24 units under
    # the quarters' labels, not at the foot of the drawing.
    for svg in (line_chart, column_chart):
        texts = {e.get("class"): float(e.get("y")) for e in svg.iter(SVG + "text") if e.get("y")}
        assert texts["x-label"] - texts["category"] == 24
    quarters = [e.text for e in line_chart.iter(SVG + "text") if e.get("class") == "category"]
    assert quarters == ["Q4 24/25", "Q1 25/26", "Q2 25/26", "Q3 25/26"]


@pytest.mark.parametrize(
    "url", ["https://fonts.example.com/font.woff2", "http://example.com/logo.png", "ftp://x/y"]
)
def test_it_refuses_to_fetch_from_the_network(url):
    with pytest.raises(FetchRefused):
        local_only_fetcher(url)


def test_it_renders_its_pages_as_pictures_for_a_person_to_look_at(draft_pdf, approved_pdf):
    # Not a check of the pictures: it writes them where the resolution says they were looked at.
    pictures = render_pngs(draft_pdf, ARTIFACTS) + render_pngs(approved_pdf, ARTIFACTS)
    assert len(pictures) == 12
    assert all(picture.stat().st_size > 0 for picture in pictures)


# ---------------------------------------------------------------------------------------------
# From the database: document_for, then the trend charts, then the PDF.
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def cornwall_q1(contract_a) -> Return:
    with time_machine.travel(date(2025, 10, 20), tick=False):
        open_returns(contract=contract_a)
    return Return.objects.get(contract=contract_a, financial_year=2025, period="Q1")


@pytest.mark.django_db
def test_it_renders_a_return_from_the_database_with_its_trend_charts(cornwall_q1, tmp_path):
    doc = document_for(cornwall_q1, trend=True)
    charts = charts_for(doc)
    assert set(charts) == {line.code for line in doc.indicators}
    path = write_pdf(tmp_path, "from-database", render_return_pdf(doc, charts=charts))
    text = words(pdf_text(path))
    assert doc.contract_ref in text
    assert "DRAFT" in text
    assert cornwall_q1.status == ReturnStatus.DRAFT
    # A chart per indicator, each under its name, each with every quarter up to Q1 2025/26
    # (the contract started in April 2024).
    trends = text[text.index("Trends by quarter") :]
    for line in doc.indicators:
        assert f"{line.code} {line.title}" in trends
    assert trends.count("Q4 24/25") == len(doc.indicators)
    assert trends.count("Q1 25/26") == len(doc.indicators)
    assert "Q2 25/26" not in trends  # the chart stops at the return's quarter
    render_pngs(path, ARTIFACTS)


@pytest.mark.django_db
def test_it_charts_an_earlier_quarter_as_its_submitted_return_reported_it(contract_a):
    with time_machine.travel(date(2025, 10, 20), tick=False):
        open_returns(contract=contract_a)
    earlier = Return.objects.get(contract=contract_a, financial_year=2024, period="Q2")
    figures = live_figures(earlier).to_json()
    for row in figures["indicators"]:
        if row["code"] == "1.2":
            row["figures"]["Q2"]["value"] = 4242  # what was reported, whatever the records say
    Return.objects.filter(pk=earlier.pk).update(
        status=ReturnStatus.SUBMITTED, frozen_figures=figures, frozen_at=timezone.now()
    )
    ret = Return.objects.get(contract=contract_a, financial_year=2025, period="Q1")
    charts = charts_for(document_for(ret, trend=True))
    assert "Q2 24/25: 4,242" in charts["1.2"]
    assert "Q3 24/25: 0" in charts["1.2"]  # no submitted return: from the records


@pytest.mark.django_db
def test_it_renders_a_wolverhampton_half_year_with_its_wider_table(contract_b, tmp_path):
    with time_machine.travel(date(2025, 10, 20), tick=False):
        open_returns(contract=contract_b)
    ret = Return.objects.get(contract=contract_b, financial_year=2025, period="H1")
    doc = document_for(ret)
    path = write_pdf(tmp_path, "wolverhampton", render_return_pdf(doc, charts=None))
    text = words(pdf_text(path))
    for column in doc.columns:
        # Its heading, with the mark of a period not over beneath it.
        assert column.name in text
        if column.state is not None:
            assert column.state.mark in text
    assert "FY so far, to 30 September 2025" in text
    assert "Q4 not started" in text
    for line in doc.indicators:
        assert f"{line.code} {line.title}" in text
    sizes = page_sizes(path)
    assert any(width > height for width, height in sizes)
    assert (round(sizes[0][0]), round(sizes[0][1])) == (595, 842)
    render_pngs(path, ARTIFACTS)
