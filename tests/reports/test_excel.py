"""The Excel export, opened again with openpyxl: every figure of the engine's return in its
cell as a number, the formats, the RAG fills, the frozen header, the print set-up, the other
sheets, and text that looks like a formula kept as text."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpis.frameworks import framework_for
from kpis.models import Return
from kpis.periods import FinancialYear
from kpis.returns import compute_return, figure_json
from kpis.table import BREAKDOWN_LABELS, CATEGORY_LABELS
from reports.document import document_for
from reports.excel import RAG_FILLS, build_kpi_workbook
from tests.kpis.helpers import attend, person

from .conftest import explain_everything

pytestmark = pytest.mark.django_db


def workbook_of(ret: Return):
    return load_workbook(io.BytesIO(build_kpi_workbook(document_for(ret))))


def header_row(sheet: Worksheet, first: str) -> int:
    for row in range(1, 30):
        if sheet.cell(row=row, column=1).value == first:
            return row
    raise AssertionError(f"no header starting {first!r}")


def table(sheet: Worksheet, first: str) -> tuple[dict[str, int], dict[str, int]]:
    """The header's columns by heading, and each indicator's row by its code."""
    header = header_row(sheet, first)
    columns = {cell.value: cell.column for cell in sheet[header] if isinstance(cell.value, str)}
    indicator_column = columns.get("Indicator / Measure", 1)
    rows = {}
    for row in range(header + 1, sheet.max_row + 1):
        text = sheet.cell(row=row, column=indicator_column).value
        code = text.split(" ", 1)[0] if isinstance(text, str) else ""
        # An indicator's row starts with its code ("1.12", "A2.3"); breakdown rows do not.
        if re.fullmatch(r"(A2\.)?\d+(\.\d+)?", code):
            rows[code] = row
    return columns, rows


def test_every_figure_of_a_drafts_return_is_in_its_cell_as_a_number(cornwall_q1, contract_a):
    # The engine's own figures, computed again here, not read from the document.
    year = FinancialYear(2025)
    engine = compute_return(
        contract_a, year, periods=("Q1",), today=date(2025, 7, 1), with_status=True
    )
    sheet = workbook_of(cornwall_q1)["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    assert len(rows) == len(framework_for(contract_a.framework).indicators)
    for row in engine.rows:
        for period, heading in (("Q1", "Q1"), ("YTD", "Annual Total (year to date)")):
            expected = figure_json(row.indicator, row.figures[period])["value"]
            cell = sheet.cell(row=rows[row.indicator.code], column=columns[heading])
            assert cell.value == expected, (row.indicator.code, period)
            if expected is not None:
                assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
                assert cell.data_type == "n"
    # The records' figures are there, not noughts: three young people took part in Q1.
    assert sheet.cell(row=rows["1.2"], column=columns["Q1"]).value == 3
    assert sheet.cell(row=rows["1.3"], column=columns["Q1"]).value == 4.5
    assert sheet.cell(row=rows["1.3"], column=columns["Q1"]).number_format == "#,##0.00"


def test_an_approved_return_keeps_its_frozen_figures_when_records_change(approved_q1, contract_a):
    frozen = {row["code"]: row for row in approved_q1.frozen_figures["indicators"]}
    # A young person added to Q1 after approval: the live figure would be 4, the return says 3.
    attend(contract_a, person(contract_a, date_of_birth=date(2009, 1, 1)), date(2025, 5, 20))
    sheet = workbook_of(Return.objects.get(pk=approved_q1.pk))["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    for code, row in frozen.items():
        for period, heading in (("Q1", "Q1"), ("YTD", "Annual Total (year to date)")):
            cell = sheet.cell(row=rows[code], column=columns[heading])
            assert cell.value == row["figures"][period]["value"], (code, period)
    assert sheet.cell(row=rows["1.2"], column=columns["Q1"]).value == 3
    assert sheet["B7"].value == "Approved"


def test_a_later_return_shows_the_earlier_quarters_frozen_figures_beside_its_own(
    approved_q1, cornwall_q2
):
    sheet = workbook_of(cornwall_q2)["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    frozen = {row["code"]: row for row in approved_q1.frozen_figures["indicators"]}
    for code, row in frozen.items():
        assert (
            sheet.cell(row=rows[code], column=columns["Q1"]).value
            == (row["figures"]["Q1"]["value"])
        )
        # Quarters not yet reported are empty, not nought.
        assert sheet.cell(row=rows[code], column=columns["Q3"]).value is None
    assert sheet.cell(row=rows["1.3"], column=columns["Q2"]).value == 6.75
    assert sheet.cell(row=rows["1.3"], column=columns["Annual Total (year to date)"]).value == 11.25


def test_a_wolverhampton_return_has_appendix_2s_columns_and_every_figure(
    wolverhampton_h1, contract_b
):
    sheet = workbook_of(wolverhampton_h1)["Appendix 2"]
    columns, rows = table(sheet, "Indicator type")
    assert list(columns)[:13] == [
        "Indicator type",
        "Indicator / Measure",
        "Data source",
        "Frequency of monitoring",
        "Frequency of reporting",
        "Target(s)",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "H1",
        "H2",
        "FY (year to date)",
    ]
    engine = compute_return(
        contract_b,
        FinancialYear(2025),
        periods=("Q1", "Q2", "H1"),
        today=date(2025, 10, 1),
        with_status=True,
    )
    assert len(rows) == len(engine.rows) == 10
    for row in engine.rows:
        line = rows[row.indicator.code]
        for period, heading in (
            ("Q1", "Q1"),
            ("Q2", "Q2"),
            ("H1", "H1"),
            ("YTD", "FY (year to date)"),
        ):
            expected = figure_json(row.indicator, row.figures[period])["value"]
            assert sheet.cell(row=line, column=columns[heading]).value == expected
        assert sheet.cell(row=line, column=columns["Data source"]).value == (
            row.indicator.data_source
        )
        assert sheet.cell(row=line, column=columns["Indicator type"]).value == (
            row.indicator.indicator_type
        )
        assert sheet.cell(row=line, column=columns["Target(s)"]).value == "To be agreed"


def test_figures_are_numbers_with_number_formats_never_text(approved_q1):
    sheet = workbook_of(approved_q1)["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    formats = {"1.2": "#,##0", "1.3": "#,##0.00", "1.13": '0.0"%"'}
    for code, number_format in formats.items():
        cell = sheet.cell(row=rows[code], column=columns["Q1"])
        assert cell.data_type == "n" and cell.number_format == number_format
    assert sheet.cell(row=rows["1.13"], column=columns["Q1"]).value == 0.0
    target = sheet.cell(row=rows["1.4"], column=columns["Target"])
    assert (target.value, target.number_format) == (85, '0"%"')
    for line in sheet.iter_rows(min_row=min(rows.values())):
        for cell in line[columns["Target"] : columns["Comments"] - 1]:
            assert not isinstance(cell.value, str) or cell.value == "", cell.coordinate


def test_it_fills_each_indicator_with_its_rag_colour(approved_q1):
    statuses = {row["code"]: row["status"] for row in approved_q1.frozen_figures["indicators"]}
    sheet = workbook_of(approved_q1)["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    assert "red" in statuses.values()
    for code, status in statuses.items():
        judged = sheet.cell(row=rows[code], column=columns["Annual Total (year to date)"])
        word = sheet.cell(row=rows[code], column=columns["RAG status"])
        if status is None:
            assert word.value is None and judged.fill.fgColor.rgb != RAG_FILLS["red"].fgColor.rgb
            continue
        assert word.value == status.capitalize()
        assert judged.fill.fgColor.rgb == RAG_FILLS[status].fgColor.rgb
        assert word.fill.fgColor.rgb == RAG_FILLS[status].fgColor.rgb


@pytest.mark.parametrize("fixture", ["cornwall_q1", "wolverhampton_h1"])
def test_every_sheet_has_a_frozen_header_and_prints_landscape_one_page_wide(request, fixture):
    workbook = workbook_of(request.getfixturevalue(fixture))
    assert workbook.sheetnames[1:] == ["Breakdowns", "Narrative", "Financial return", "History"]
    for sheet in workbook:
        assert sheet.freeze_panes is not None
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    first = workbook.worksheets[0]
    header = header_row_start(first)
    assert first.freeze_panes == f"{'B' if fixture == 'cornwall_q1' else 'C'}{header + 1}"
    assert first.print_title_rows == f"${header}:${header}"


def header_row_start(sheet: Worksheet) -> int:
    for row in range(1, 30):
        if sheet.cell(row=row, column=1).value in ("Indicator", "Indicator type"):
            return row
    raise AssertionError("no header")


def test_the_breakdowns_sheet_lists_every_breakdown_and_each_percentages_parts(approved_q1):
    sheet = workbook_of(approved_q1)["Breakdowns"]
    frozen = {row["code"]: row for row in approved_q1.frozen_figures["indicators"]}
    found = {
        (line[0], line[1], line[2]): line[3]
        for line in sheet.iter_rows(min_row=4, values_only=True)
    }
    assert (
        found[("1.2 Service participation", "Gender", "Female")]
        == (frozen["1.2"]["figures"]["Q1"]["breakdown"]["gender"]["female"])
    )
    assert (
        found[
            ("1.3 Service delivery hours", "Hours by category", "Personal and social development")
        ]
        == 4.5
    )
    assert (
        found[("1.13 Service user feedback", "Percentage", "Denominator")]
        == (frozen["1.13"]["figures"]["Q1"]["denominator"])
    )
    # Categories the specification lists are there even with nobody in them.
    assert (
        found[
            (
                "1.2 Service participation",
                "Service type (a young person counts in every type they used)",
                "Care Leavers groups",
            )
        ]
        == 0
    )


def test_the_6_1_table_lists_1_2_and_1_3s_breakdowns_beneath_them(cornwall_q1):
    sheet = workbook_of(cornwall_q1)["KPIs 6.1"]
    _columns, rows = table(sheet, "Indicator")
    beneath = [sheet.cell(row=row, column=1).value for row in range(rows["1.3"] + 1, rows["1.4"])]
    assert beneath == [
        "Hours by category",
        "Total direct service delivery",
        "Personal and social development",
        "Participation activities",
        "Peer mentoring, direct delivery",
        "Peer mentor support and training",
        "Training and staff development",
    ]
    labels = [sheet.cell(row=row, column=1).value for row in range(rows["1.2"] + 1, rows["1.3"])]
    assert "Care leaver" in labels and "Children in Care Council" in labels


TRAPS = ['=HYPERLINK("http://evil.example","Click")', "+1+2", "-3", "@SUM(A1)"]


def test_text_that_looks_like_a_formula_is_written_as_text(cornwall_q1, provider_a_manager):
    explain_everything(
        cornwall_q1,
        provider_a_manager,
        indicator_notes={"1.5": {"comment": TRAPS[0], "explanation": ""}},
        service_activity=TRAPS[1],
        case_studies=TRAPS[2],
        financial_notes=TRAPS[3],
    )
    workbook = workbook_of(Return.objects.get(pk=cornwall_q1.pk))
    cells = [cell for sheet in workbook for line in sheet.iter_rows() for cell in line]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for trap in TRAPS:
        assert texts[trap].data_type == "s"
    sheet = workbook["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    assert sheet.cell(row=rows["1.5"], column=columns["Comments"]).value == TRAPS[0]


def test_the_narrative_and_financial_sheets_carry_the_providers_words_and_money(
    cornwall_q1, provider_a_manager
):
    explain_everything(
        cornwall_q1,
        provider_a_manager,
        service_activity="Groups every week.",
        case_studies="Young person A now chairs the council.",
        expenditure="12000.50",
        funds4care_awards=3,
    )
    workbook = workbook_of(Return.objects.get(pk=cornwall_q1.pk))
    narrative = dict(workbook["Narrative"].iter_rows(min_row=4, values_only=True))
    assert narrative["Service activity"] == "Groups every week."
    assert narrative["Case studies"] == "Young person A now chairs the council."
    assert narrative["1.2 Service participation: explanation"] == "Why 1.2 is behind."
    money = {line[0].value: line[1] for line in workbook["Financial return"].iter_rows(min_row=4)}
    assert money["Expenditure (£)"].value == 12000.5
    assert money["Expenditure (£)"].number_format == '"£"#,##0.00'
    assert money["Funds4 Care awards"].value == 3


def test_the_history_sheet_lists_every_move(approved_q1):
    history = list(workbook_of(approved_q1)["History"].iter_rows(min_row=4, values_only=True))
    assert [(line[1], line[3], line[5]) for line in history] == [
        ("Submitted", "Submitted", "Here it is."),
        ("Approved", "Approved", "Thank you."),
    ]


def test_every_breakdown_and_every_percentages_parts_of_the_engine_are_in_their_cells(
    cornwall_q1, contract_a
):
    engine = compute_return(
        contract_a, FinancialYear(2025), periods=("Q1",), today=date(2025, 7, 1), with_status=True
    )
    sheet = workbook_of(cornwall_q1)["Breakdowns"]
    header = header_row(sheet, "Indicator")
    headings = [cell.value for cell in sheet[header]]
    q1, ytd = headings.index("Q1"), headings.index("Annual Total (year to date)")
    found = {
        (line[0].split(" ", 1)[0], line[1], line[2]): (line[q1], line[ytd])
        for line in sheet.iter_rows(min_row=header + 1, values_only=True)
    }
    checked = 0
    for row in engine.rows:
        code = row.indicator.code
        q1_json = figure_json(row.indicator, row.figures["Q1"])
        ytd_json = figure_json(row.indicator, row.figures["YTD"])
        if row.indicator.unit == "percent":
            for part in ("numerator", "denominator"):
                assert found[(code, "Percentage", part.capitalize())] == (
                    q1_json[part],
                    ytd_json[part],
                )
                checked += 1
        for name, categories in q1_json["breakdown"].items():
            for category, count in categories.items():
                label = CATEGORY_LABELS.get(name, {}).get(category, category)
                key = (code, BREAKDOWN_LABELS.get(name, name), label)
                assert found[key] == (count, ytd_json["breakdown"][name].get(category, 0)), key
                assert isinstance(count, int | float)
                checked += 1
    assert checked > 20
