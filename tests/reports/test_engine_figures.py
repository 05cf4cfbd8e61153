"""Every figure of the engine's return, in the exports of a real year: the records of
tests/kpis/datasets.py, each return submitted and approved through the workflow, then the
workbook opened with openpyxl and the PDF read back with pdftotext, cell by cell against the
engine's own figures (kpis.returns.compute_return, computed again here).

The PDFs' pages are also written as PNG to test-artifacts/pdf/ for a person to look at.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook

from contracts.models import Role
from kpis.engine.compute import compute_return
from kpis.engine.figures import figure_json
from kpis.engine.indicators import Unit
from kpis.engine.periods import FinancialYear
from kpis.engine.text import number_text
from kpis.models import Return, ReturnStatus
from kpis.returns.due import open_returns
from kpis.returns.workflow import approve_return, submit_return
from reports.document import document_for
from reports.excel import build_kpi_workbook
from reports.pdf import render_return_pdf
from tests.factories import UserFactory
from tests.kpis.datasets import make_cornwall_records, make_wolverhampton_records

from .conftest import explain_everything
from .pdf_support import page_sizes, pdf_text, render_pngs

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"
AFTER_THE_YEAR = date(2026, 5, 1)
FY2025 = FinancialYear(2025)


@pytest.fixture(autouse=True)
def frozen_today():
    # After the whole of 2025/26 (this overrides conftest's day in October 2025).
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        yield


def run_the_year(contract, periods, manager, commissioner) -> Return:
    """Every return of 2025/26 submitted and approved, in order; the last one is returned."""
    open_returns(contract=contract)
    for period in periods:
        ret = Return.objects.get(contract=contract, financial_year=2025, period=period)
        explain_everything(ret, manager)
        submit_return(ret=ret, by=manager, comment=f"The {period} return.")
        approve_return(ret=ret, by=commissioner, comment="Approved.")
    return Return.objects.select_related("contract__commissioner", "contract__provider").get(
        pk=ret.pk
    )


@pytest.fixture
def cornwall_q4(contract_a, provider_a_manager, commissioner) -> Return:
    make_cornwall_records(contract_a, scale=2)
    return run_the_year(contract_a, ("Q1", "Q2", "Q3", "Q4"), provider_a_manager, commissioner)


@pytest.fixture
def wolverhampton_h2(contract_b, provider_b, commissioner_b) -> Return:
    manager = UserFactory(username="manager.b", role=Role.PROVIDER_MANAGER, organisation=provider_b)
    make_wolverhampton_records(contract_b, scale=2)
    return run_the_year(contract_b, ("H1", "H2"), manager, commissioner_b)


# The engine's periods and the exports' headings of the same columns.
CORNWALL_COLUMNS = {"Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "Q4": "Q4", "YTD": "Annual Total"}
WOLVERHAMPTON_COLUMNS = {
    "Q1": "Q1",
    "Q2": "Q2",
    "Q3": "Q3",
    "Q4": "Q4",
    "H1": "H1",
    "H2": "H2",
    "YTD": "FY",
}


def engine_rows(contract, columns):
    """The engine's full year, as of the day after it ended (as the Q4 or H2 return's is)."""
    periods = tuple(name for name in columns if name != "YTD")
    computed = compute_return(
        contract, FY2025, periods=periods, today=date(2026, 4, 1), with_status=True
    )
    return [
        (row.indicator, {name: figure_json(row.indicator, row.figures[name]) for name in columns})
        for row in computed.rows
    ]


def as_stored(indicator, value):
    if value is None or indicator.unit != Unit.PERCENT:
        return value
    return pytest.approx(value / 100, abs=1e-12)


CASES = [
    ("cornwall_q4", CORNWALL_COLUMNS, "KPIs 6.1", "Indicator", 1),
    ("wolverhampton_h2", WOLVERHAMPTON_COLUMNS, "Appendix 2", "Indicator Type", 2),
]


@pytest.mark.parametrize(("fixture", "columns", "sheet_name", "first", "name_column"), CASES)
def test_every_figure_of_the_engines_year_is_in_its_cell(
    request, fixture, columns, sheet_name, first, name_column
):
    ret = request.getfixturevalue(fixture)
    assert ret.status == ReturnStatus.APPROVED
    doc = document_for(ret)
    workbook = load_workbook(io.BytesIO(build_kpi_workbook(doc)))
    sheet = workbook[sheet_name]
    header = next(r for r in range(1, 20) if sheet.cell(row=r, column=1).value == first)
    headings = {cell.value: cell.column for cell in sheet[header] if cell.value}
    rows = {
        str(sheet.cell(row=r, column=name_column).value).split(" ", 1)[0]: r
        for r in range(header + 1, sheet.max_row + 1)
    }
    breakdowns = workbook["Breakdowns"]
    parts_header = [cell.value for cell in breakdowns[3]]
    found = {
        (line[0].split(" ", 1)[0], line[1], line[2]): line
        for line in breakdowns.iter_rows(min_row=4, values_only=True)
    }
    labels = {
        (line.code, row.breakdown, row.category): (row.breakdown_label, row.label)
        for line in doc.indicators
        for row in line.breakdowns
    }
    checked = 0
    engine = engine_rows(ret.contract, columns)
    for indicator, figures in engine:
        for name, heading in columns.items():
            heading = next(h for h in headings if str(h).startswith(heading))
            figure = figures[name]
            cell = sheet.cell(row=rows[indicator.code], column=headings[heading])
            assert cell.value == as_stored(indicator, figure["value"]), (indicator.code, name)
            assert cell.data_type == "n" or figure["value"] is None
            index = parts_header.index(heading)
            if indicator.unit == Unit.PERCENT:
                for part in ("numerator", "denominator"):
                    line = found[(indicator.code, "Percentage", part.capitalize())]
                    assert line[index] == figure[part], (indicator.code, name, part)
                    checked += 1
            for breakdown, categories in figure["breakdown"].items():
                for category, count in categories.items():
                    line = found[(indicator.code, *labels[(indicator.code, breakdown, category)])]
                    assert line[index] == count, (indicator.code, name, breakdown, category)
                    checked += 1
            checked += 1
    # Each indicator's figure in each column, each percentage's two parts, and the breakdowns.
    percentages = sum(indicator.unit == Unit.PERCENT for indicator, _figures in engine)
    assert checked >= (len(engine) + 2 * percentages) * len(columns)


def test_the_6_1_tables_rows_beneath_1_2_and_1_3_carry_the_engines_breakdowns(cornwall_q4):
    sheet = load_workbook(io.BytesIO(build_kpi_workbook(document_for(cornwall_q4))))["KPIs 6.1"]
    header = next(r for r in range(1, 20) if sheet.cell(row=r, column=1).value == "Indicator")
    labels = {sheet.cell(row=r, column=1).value: r for r in range(header + 1, sheet.max_row + 1)}
    by_code = {
        indicator.code: figures
        for indicator, figures in engine_rows(cornwall_q4.contract, CORNWALL_COLUMNS)
    }
    expected = {
        "Total number of unique individuals": lambda f: f["value"],
        "Number in care": lambda f: f["breakdown"]["care_status"]["in_care"],
        "Number who are care leavers": lambda f: f["breakdown"]["care_status"]["care_leaver"],
        "Total number of young people matched with a peer mentor": (
            lambda f: f["breakdown"]["service_type"]["mentee"]
        ),
    }
    for label, of in expected.items():
        values = [sheet.cell(row=labels[label], column=c).value for c in range(3, 8)]
        assert values == [of(by_code["1.2"][name]) for name in CORNWALL_COLUMNS], label
    hours = {
        "Total direct service delivery": "direct_total",
        "Peer mentoring support and training": "mentor_support_training",
    }
    for label, category in hours.items():
        values = [sheet.cell(row=labels[label], column=c).value for c in range(3, 8)]
        assert values == [
            by_code["1.3"][name]["breakdown"]["category"].get(category, 0)
            for name in CORNWALL_COLUMNS
        ], label


def words(text: str) -> str:
    return " ".join(text.split())


def figure_words(indicator, figure) -> str:
    """A figure as the return's page writes it (kpis.engine.text): "66.7% (4 of 6)", "12.50"."""
    money = indicator.code == "1.16"
    text = number_text(indicator.unit, figure["value"])
    if indicator.unit == Unit.PERCENT and figure["denominator"] is not None:
        parts = Unit.MONEY if money else Unit.COUNT
        numerator = number_text(parts, figure["numerator"])
        denominator = number_text(parts, figure["denominator"])
        text += f" ({numerator} of {denominator})"
    return text


def segments(text: str, headings: list[str]) -> dict[str, str]:
    """The text from each heading to the next, the headings in the order given."""
    found = {}
    start = 0
    positions = []
    for heading in headings:
        position = text.index(heading, start)
        positions.append(position)
        start = position + len(heading)
    for index, heading in enumerate(headings):
        end = positions[index + 1] if index + 1 < len(headings) else len(text)
        found[heading] = text[positions[index] : end]
    return found


@pytest.mark.parametrize(("fixture", "columns", "sheet_name", "first", "name_column"), CASES)
def test_the_pdf_shows_every_figure_of_the_engines_year_in_its_row(
    request, fixture, columns, sheet_name, first, name_column, tmp_path
):
    ret = request.getfixturevalue(fixture)
    doc = document_for(ret, trend=True)
    path = tmp_path / f"engine-{fixture}.pdf"
    path.write_bytes(render_return_pdf(doc))
    text = words(pdf_text(path))
    assert "DRAFT" not in text  # approved
    # From the KPI table's header (the summary before it names the indicators too).
    start = text.index(f"Indicator {doc.target_heading}")
    is_cornwall = doc.framework == "cornwall_ep"
    end = text.index("Breakdowns " if is_cornwall else "Trends by quarter", start)
    table = text[start:end]
    titles = [f"{line.code} {line.title}" for line in doc.indicators]
    rows = segments(table, titles)
    engine = engine_rows(ret.contract, columns)
    title_of = {line.code: line.title for line in doc.indicators}
    for indicator, figures in engine:
        row = rows[f"{indicator.code} {title_of[indicator.code]}"]
        # Every column's figure, with a percentage's numerator and denominator, in order.
        expected = " ".join(figure_words(indicator, figures[name]) for name in columns)
        assert expected in row, (indicator.code, expected, row)
    checked = check_breakdowns(doc, text, {i.code: figures for i, figures in engine}, columns)
    # Cornwall's seven indicators with breakdowns; Appendix 2 has none.
    assert checked > (50 if doc.framework == "cornwall_ep" else -1)
    assert ("Breakdowns" in text) == is_cornwall
    sizes = page_sizes(path)
    pictures = render_pngs(path, ARTIFACTS)
    assert len(pictures) == len(sizes)


def check_breakdowns(doc, text, by_code, columns) -> int:
    """Each breakdown row of the PDF: its label, then its figure in every column."""
    with_breakdowns = [line for line in doc.indicators if line.breakdowns]
    if not with_breakdowns:
        return 0
    breakdowns = text[text.index("Breakdowns ") : text.index("Trends by quarter")]
    parts = segments(breakdowns, [f"{line.code} {line.title}" for line in with_breakdowns])
    checked = 0
    for line in with_breakdowns:
        part = parts[f"{line.code} {line.title}"]
        figures = by_code[line.code]
        # 1.2's and 1.3's rows are under the specification's words, the others the engine's
        # categories: either way the row's label, then its figure in every column.
        for row in line.breakdowns:
            cells = " ".join(
                breakdown_words(
                    line, figures[name]["breakdown"][row.breakdown].get(row.category, 0)
                )
                for name in columns
            )
            assert f"{row.label} {cells}" in part, (line.code, row.label, cells)
            checked += 1
        if line.code == "1.2":
            cells = " ".join(number_text(Unit.COUNT, figures[name]["value"]) for name in columns)
            assert f"Total number of unique individuals {cells}" in part
    return checked


def breakdown_words(line, value) -> str:
    if line.is_money:
        return number_text(Unit.MONEY, value)
    unit = Unit.HOURS if line.unit == Unit.HOURS else Unit.COUNT
    return number_text(unit, value)


def test_the_cornwall_pdfs_charts_come_four_to_a_landscape_page(cornwall_q4, tmp_path):
    doc = document_for(cornwall_q4, trend=True)
    path = tmp_path / "q4.pdf"
    path.write_bytes(render_return_pdf(doc))
    charts_per_page = []
    for number, (width, height) in enumerate(page_sizes(path), start=1):
        page = words(pdf_text(path, first=number, last=number))
        if "Trends by quarter" in page:
            assert width > height, number
            charts_per_page.append(page.count("Quarter and financial year"))  # one x axis each
    assert charts_per_page == [4, 4, 4, 4]  # sixteen indicators
