"""The Excel export, opened again with openpyxl: every figure of the engine's return in its
cell as a number, the formats, the RAG fills, the frozen header, the print set-up, the other
sheets, long and awkward text, and text that looks like a formula kept as text."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpis.engine.compute import compute_return
from kpis.engine.figures import figure_json
from kpis.engine.periods import FinancialYear
from kpis.frameworks import framework_for
from kpis.models import Return
from reports.document import TextSection, document_for
from reports.excel import CELL_LIMIT, MAX_ROW_HEIGHT, RAG_FILLS, build_kpi_workbook
from tests.kpis.helpers import attend, person

from .conftest import explain_everything

pytestmark = pytest.mark.django_db


def workbook_of(ret: Return):
    return load_workbook(io.BytesIO(build_kpi_workbook(document_for(ret))))


def workbook_from(doc):
    return load_workbook(io.BytesIO(build_kpi_workbook(doc)))


def header_row(sheet: Worksheet, first: str) -> int:
    for row in range(1, 30):
        if sheet.cell(row=row, column=1).value == first:
            return row
    raise AssertionError(f"no header starting {first!r}")


def table(sheet: Worksheet, first: str) -> tuple[dict[str, int], dict[str, int]]:
    """The header's columns by heading, and each indicator's row by its code."""
    header = header_row(sheet, first)
    columns = {cell.value: cell.column for cell in sheet[header] if isinstance(cell.value, str)}
    indicator_column = columns.get("Indicator/ Measure", 1)
    rows = {}
    for row in range(header + 1, sheet.max_row + 1):
        text = sheet.cell(row=row, column=indicator_column).value
        code = text.split(" ", 1)[0] if isinstance(text, str) else ""
        # An indicator's row starts with its code ("1.12", "A2.3"); breakdown rows do not.
        if re.fullmatch(r"(A2\.)?\d+(\.\d+)?", code):
            rows[code] = row
    return columns, rows


# The FY column holds the year to date until the year is over, marked as the year's so far.
ANNUAL_TOTAL_TO_JUNE = "Annual Total (so far, to 30 June 2025)"
ANNUAL_TOTAL_TO_SEPTEMBER = "Annual Total (so far, to 30 September 2025)"


def stored(indicator, value):
    """A figure as the workbook stores it: a percentage as its fraction (85.3 as 0.853)."""
    if value is None or indicator.unit != "percent":
        return value
    return pytest.approx(value / 100, abs=1e-12)


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
        for period, heading in (("Q1", "Q1"), ("YTD", ANNUAL_TOTAL_TO_JUNE)):
            expected = figure_json(row.indicator, row.figures[period])["value"]
            cell = sheet.cell(row=rows[row.indicator.code], column=columns[heading])
            assert cell.value == stored(row.indicator, expected), (row.indicator.code, period)
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
    indicators = {i.code: i for i in framework_for(approved_q1.contract.framework).indicators}
    for code, row in frozen.items():
        for period, heading in (("Q1", "Q1"), ("YTD", ANNUAL_TOTAL_TO_JUNE)):
            cell = sheet.cell(row=rows[code], column=columns[heading])
            expected = stored(indicators[code], row["figures"][period]["value"])
            assert cell.value == expected, (code, period)
    assert sheet.cell(row=rows["1.2"], column=columns["Q1"]).value == 3
    assert "Status: Approved; figures frozen 20/10/2025" in sheet["B3"].value


def test_a_later_return_shows_the_earlier_quarters_frozen_figures_beside_its_own(
    approved_q1, cornwall_q2
):
    sheet = workbook_of(cornwall_q2)["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    frozen = {row["code"]: row for row in approved_q1.frozen_figures["indicators"]}
    indicators = {i.code: i for i in framework_for(approved_q1.contract.framework).indicators}
    for code, row in frozen.items():
        assert sheet.cell(row=rows[code], column=columns["Q1"]).value == stored(
            indicators[code], row["figures"]["Q1"]["value"]
        )
        # Quarters not yet reported are empty, not nought.
        assert sheet.cell(row=rows[code], column=columns["Q3"]).value is None
    assert sheet.cell(row=rows["1.3"], column=columns["Q2"]).value == 6.75
    # The annual total of a year not over holds the year to date, and says so.
    assert sheet.cell(row=rows["1.3"], column=columns[ANNUAL_TOTAL_TO_SEPTEMBER]).value == 11.25
    assert sheet["B4"].value == (
        "Q1: The Q1 return (approved, figures frozen 20/10/2025); Q2, Annual Total: This return "
        "(live figures); Q3, Q4: not reported yet."
    )


def test_a_wolverhampton_return_has_appendix_2s_columns_and_every_figure(
    wolverhampton_h1, contract_b
):
    sheet = workbook_of(wolverhampton_h1)["Appendix 2"]
    columns, rows = table(sheet, "Indicator Type")
    # Appendix 2's own headings, then the periods, then the provider's notes and the status.
    assert list(columns) == [
        "Indicator Type",
        "Indicator/ Measure",
        "Data Source",
        "Frequency of monitoring",
        "Frequency of reporting",
        "Target(s)",
        "Q1",
        "Q2",
        "Q3",
        "Q4 (not started)",
        "H1",
        "H2",
        "FY (so far, to 30 September 2025)",
        "Comments",
        "RAG status",
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
            ("YTD", "FY (so far, to 30 September 2025)"),
        ):
            expected = figure_json(row.indicator, row.figures[period])["value"]
            assert sheet.cell(row=line, column=columns[heading]).value == stored(
                row.indicator, expected
            )
        assert sheet.cell(row=line, column=columns["Data Source"]).value == (
            "YPT Management Records"
        )
        assert sheet.cell(row=line, column=columns["Target(s)"]).value == "To be agreed"


# Appendix 2, copied from ../shared/spec/003_*.txt (tab-separated in the file), slips and all.
APPENDIX_2_ROWS = {
    "A2.1": (
        "Project Specific: \u2022 Output",
        "Percentage of young people worked with that enter care of the local authority",
        "YPT Management Records",
        "Quarterly",
        "Six monthly",
    ),
    "A2.3": (
        "Contract Specific: \u2022 Output",
        "No. of cases worked on per year",
        "YPT Management Records",
        "Quarterly",
        "Six monthly",
    ),
    "A2.5": (
        "Contract Specific: \u2022 Output",
        "No. of assessments lead on",
        "YPT Management Records",
        "Quarterly",
        "Six monthly",
    ),
    "A2.10": (
        "Contract Specific: \u2022 Output",
        "Satisfactory completion of periodic performance assessment",
        "YPT Management Records",
        "Quaterly for first 6 months of contract then at least 6 monthly but may be more "
        "frequent if cirunstances require it.",
        "Quaterly for first 6 months of contract then at least 6 monthly but may be more "
        "frequent if cirunstances require it.",
    ),
}


def test_appendix_2s_cells_are_the_specifications_own_words(wolverhampton_h1):
    sheet = workbook_of(wolverhampton_h1)["Appendix 2"]
    _columns, rows = table(sheet, "Indicator Type")
    for code, (kind, measure, source, monitoring, reporting) in APPENDIX_2_ROWS.items():
        cells = [sheet.cell(row=rows[code], column=column).value for column in range(1, 6)]
        assert cells == [kind, f"{code} {measure}", source, monitoring, reporting]


def test_the_spec_rows_quoted_here_are_in_the_specification_file(spec_text):
    """The expectations above are the specification's, not copied from the code under test."""
    for code, (kind, measure, source, monitoring, reporting) in APPENDIX_2_ROWS.items():
        row = "\t".join([kind, measure, source, monitoring, reporting, "To be agreed"])
        assert row in spec_text("003"), code
    for quoted in CORNWALL_INDICATORS.values():
        assert quoted in " ".join(spec_text("000").split()), quoted


# Section 6.1's indicator cells: "code name: description", as ../shared/spec/000_*.txt has them
# (runs of spaces made one; 1.6's stray space before its colon dropped).
CORNWALL_INDICATORS = {
    "1.2": "1.2 Service participation: Number of Young People in Care/ Care Leavers "
    "participating in services broken down by:",
    "1.5": "1.5 Participation: Number of initiatives or policy areas developed or influenced to "
    "more effectively meet the needs of young people in care and care lavers, e.g.) Review of 7 "
    "pledges, Review of transitions policy,",
    "1.11": "1.11 Support to access services: Number of young people supported to access "
    "appointments with other services through support of a peer mentor, broken down by "
    "appointment type, i.e.) health appointment, college meeting,",
    "1.15": "1.15 Service participation: Number of young people accessing both personal and "
    "social development and participation activities",
}


def test_section_6_1s_indicator_cells_are_the_specifications_own_words(cornwall_q1):
    sheet = workbook_of(cornwall_q1)["KPIs 6.1"]
    _columns, rows = table(sheet, "Indicator")
    for code, text in CORNWALL_INDICATORS.items():
        assert sheet.cell(row=rows[code], column=1).value == text


def test_figures_are_numbers_with_number_formats_never_text(approved_q1):
    sheet = workbook_of(approved_q1)["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    formats = {"1.2": "#,##0", "1.3": "#,##0.00", "1.13": "0.0%"}
    for code, number_format in formats.items():
        cell = sheet.cell(row=rows[code], column=columns["Q1"])
        assert cell.data_type == "n" and cell.number_format == number_format
        assert cell.alignment.vertical == "top"  # level with the text of a tall row
    assert sheet.cell(row=rows["1.13"], column=columns["Q1"]).value == 0.0
    # A percentage is the fraction Excel's own percent format expects: 85% is 0.85.
    target = sheet.cell(row=rows["1.4"], column=columns["Target 2025/26"])
    assert (target.value, target.number_format) == (0.85, "0%")
    for line in sheet.iter_rows(min_row=min(rows.values())):
        for cell in line[columns["Target 2025/26"] : columns["Comments"] - 1]:
            assert not isinstance(cell.value, str) or cell.value == "", cell.coordinate


def test_a_percentage_is_stored_as_its_fraction_to_the_digit(cornwall_q1):
    doc = document_for(cornwall_q1)
    lines = []
    for line in doc.indicators:
        if line.code == "1.13":
            figures = dict(line.figures)
            figures["Q1"] = replace(figures["Q1"], value=33.3)
            line = replace(line, figures=figures, target_value=62.5)
        lines.append(line)
    sheet = workbook_from(replace(doc, indicators=tuple(lines)))["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    # 0.333, not 0.33299999999999996: shown as 33.3%, and equal to =333/1000 in a formula.
    assert sheet.cell(row=rows["1.13"], column=columns["Q1"]).value == 0.333
    target = sheet.cell(row=rows["1.13"], column=columns["Target 2025/26"])
    assert (target.value, target.number_format) == (0.625, "0.0%")


def test_it_fills_each_indicator_with_its_rag_colour(approved_q1):
    statuses = {row["code"]: row["status"] for row in approved_q1.frozen_figures["indicators"]}
    sheet = workbook_of(approved_q1)["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    assert "red" in statuses.values()
    # The status in words, last: after the template's own columns.
    assert max(columns.values()) == columns["RAG status"] == columns["Comments"] + 1
    for code, status in statuses.items():
        judged = sheet.cell(row=rows[code], column=columns[ANNUAL_TOTAL_TO_JUNE])
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
    # A title and three lines above the header: what stays on screen when scrolling is small.
    assert header == 5
    assert first.freeze_panes == f"{'B' if fixture == 'cornwall_q1' else 'C'}{header + 1}"
    assert first.print_title_rows == f"${header}:${header}"


def header_row_start(sheet: Worksheet) -> int:
    for row in range(1, 30):
        if sheet.cell(row=row, column=1).value in ("Indicator", "Indicator Type"):
            return row
    raise AssertionError("no header")


def test_the_title_blocks_values_wrap_across_the_merged_columns(wolverhampton_h1):
    sheet = workbook_of(wolverhampton_h1)["Appendix 2"]
    assert [sheet.cell(row=row, column=1).value for row in (2, 3, 4)] == [
        "Contract",
        "Return",
        "Figures from",
    ]
    merged = {str(span) for span in sheet.merged_cells.ranges}
    assert merged == {"B2:O2", "B3:O3", "B4:O4"}
    for row in (2, 3, 4):
        assert sheet.cell(row=row, column=2).alignment.wrap_text is True
    assert sheet["B3"].value.startswith("Financial year 2025/26, H1 (1 April 2025 to 30 Sep")
    assert "Generated 20/10/2025" in sheet["B3"].value


def test_a_long_title_block_line_gets_a_taller_row(cornwall_q1):
    doc = document_for(cornwall_q1)
    long_title = "A contract with a very long title " * 10
    sheet = workbook_from(replace(doc, contract_title=long_title))["KPIs 6.1"]
    # B:I is 135 characters wide: the 370 characters of the line take three lines.
    assert sheet.row_dimensions[2].height == 45


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
            (
                "1.3 Service delivery hours",
                "Service delivery hours",
                "Provision of social and personal development opportunities",
            )
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
                "Total number accessing Care Leavers groups",
            )
        ]
        == 0
    )
    # Its words wrap in their columns rather than run under the next (LibreOffice cut them).
    assert all(sheet.cell(row=4, column=column).alignment.wrap_text for column in (1, 2, 3))


def test_the_6_1_table_lists_1_2_and_1_3s_rows_as_the_specification_does(cornwall_q1):
    sheet = workbook_of(cornwall_q1)["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    beneath = [sheet.cell(row=row, column=1).value for row in range(rows["1.3"] + 1, rows["1.4"])]
    assert beneath == [
        "Total direct service delivery",
        "Provision of social and personal development opportunities",
        "Provision of participation activities",
        "Peer mentoring direct delivery",
        "Peer mentoring support and training",
        "Training and staff development",
    ]
    q1 = [
        sheet.cell(row=row, column=columns["Q1"]).value
        for row in range(rows["1.3"] + 1, rows["1.4"])
    ]
    assert q1 == [4.5, 4.5, 0, 0, 0, 0]  # three young people's 1.5 hours of psd each
    labels = [sheet.cell(row=row, column=1).value for row in range(rows["1.2"] + 1, rows["1.3"])]
    groups = ["Demographics", "Care Status", "Service type"]
    assert [label for label in labels if label in groups] == groups
    assert labels[:3] == ["Demographics", "Total number of unique individuals", "Age"]
    for name in ("Age", "Gender", "Disability", "Ethnicity", "Locality where currently living"):
        assert name in labels
    care = labels.index("Care Status")
    assert labels[care + 1 : care + 3] == ["Number in care", "Number who are care leavers"]
    # The engine's third category comes after the specification's two, and says so.
    assert "not in the specification's list" in labels[care + 3]
    assert labels[labels.index("Service type") + 1 :] == [
        "Total number accessing personal and social development opportunities",
        "Total number accessing The Children in Care Council",
        "Total number accessing Care Leavers groups",
        "Total number accessing other participation activities",
        "Total number of young people matched with a peer mentor",
        "Total number of young people accessing personal and social development activities "
        "and participation opportunities.",
    ]
    # The total is the headline's, and the care statuses add up to it.
    total = sheet.cell(row=rows["1.2"] + 2, column=columns["Q1"]).value
    assert total == sheet.cell(row=rows["1.2"], column=columns["Q1"]).value == 3
    statuses = [
        sheet.cell(row=rows["1.2"] + 1 + care + offset, column=columns["Q1"]).value
        for offset in (1, 2, 3)
    ]
    assert sum(statuses) == 3


TRAPS = [
    '=HYPERLINK("http://evil.example","Click")',
    "+1+2",
    "-3",
    "@SUM(A1)",
    "\t=1+2",
    "\r=1+2",
]


def test_text_that_looks_like_a_formula_is_written_as_text(cornwall_q1, provider_a_manager):
    explain_everything(
        cornwall_q1,
        provider_a_manager,
        indicator_notes={"1.5": {"comment": TRAPS[0], "explanation": ""}},
        service_activity=TRAPS[1],
        case_studies=TRAPS[2],
        financial_notes=TRAPS[3],
        inputs_observations=TRAPS[4],
        outputs_observations=TRAPS[5],
    )
    workbook = workbook_of(Return.objects.get(pk=cornwall_q1.pk))
    cells = [cell for sheet in workbook for line in sheet.iter_rows() for cell in line]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    # A lone carriage return is a line break like any other ("\n"): see the next test.
    for trap in [*TRAPS[:5], "\n=1+2"]:
        assert texts[trap].data_type == "s", repr(trap)
    for trap in TRAPS[:5]:
        assert texts[trap].quotePrefix, repr(trap)
    sheet = workbook["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    assert sheet.cell(row=rows["1.5"], column=columns["Comments"]).value == TRAPS[0]


def test_carriage_returns_become_line_breaks(cornwall_q1, provider_a_manager):
    explain_everything(
        cornwall_q1,
        provider_a_manager,
        service_activity="\rStarts with a lone CR.\r\nWindows line.\rOld Mac line.",
    )
    narrative = dict(
        workbook_of(Return.objects.get(pk=cornwall_q1.pk))["Narrative"].iter_rows(
            min_row=4, values_only=True
        )
    )
    assert narrative["Service activity"] == "\nStarts with a lone CR.\nWindows line.\nOld Mac line."


def test_the_narrative_and_financial_sheets_carry_the_providers_words_and_money(
    cornwall_q1, provider_a_manager
):
    explain_everything(
        cornwall_q1,
        provider_a_manager,
        service_activity="Groups every week.",
        case_studies="Young person A now chairs the council.",
        expenditure="12000.50",
        financial_notes="An underspend on venues.",
    )
    workbook = workbook_of(Return.objects.get(pk=cornwall_q1.pk))
    narrative = dict(workbook["Narrative"].iter_rows(min_row=4, values_only=True))
    assert narrative["Service activity"] == "Groups every week."
    assert narrative["Case studies"] == "Young person A now chairs the council."
    assert narrative["1.2 Service participation: explanation"] == "Why 1.2 is behind."
    money = {line[0].value: line[1] for line in workbook["Financial return"].iter_rows(min_row=4)}
    assert money["Expenditure (£)"].value == 12000.5
    assert money["Expenditure (£)"].number_format == '"£"#,##0.00'
    assert money["Notes on the finances"].value == "An underspend on venues."


def paragraphs(count: int, words: int = 60) -> str:
    return "\n".join(
        f"Paragraph {n}: " + " ".join(f"word{n}-{i}" for i in range(words)) for n in range(count)
    )


def test_a_text_longer_than_a_cell_or_a_row_goes_on_over_the_rows_below(cornwall_q1):
    doc = document_for(cornwall_q1)
    huge = paragraphs(60, words=80)  # about 42,000 characters: over Excel's 32,767
    assert len(huge) > CELL_LIMIT
    narrative = (TextSection("Service activity", huge), *doc.narrative[1:])
    sheet = workbook_from(replace(doc, narrative=narrative))["Narrative"]
    rows = [
        (line[0].value, line[1].value, sheet.row_dimensions[line[0].row].height)
        for line in sheet.iter_rows(min_row=4)
        if str(line[0].value).startswith("Service activity")
    ]
    assert len(rows) > 2
    assert rows[0][0] == "Service activity"
    assert {label for label, _text, _height in rows[1:]} == {"Service activity (continued)"}
    for _label, text, height in rows:
        assert len(text) < CELL_LIMIT
        assert height <= MAX_ROW_HEIGHT
    # Split between paragraphs, every word kept, in order.
    pieces = [text for _label, text, _height in rows]
    assert all(piece.startswith("Paragraph ") for piece in pieces)
    assert "\n".join(pieces) == huge


def test_a_long_comment_is_cut_on_the_kpi_table_and_kept_whole_on_the_narrative_sheet(
    cornwall_q1, provider_a_manager
):
    long_comment = paragraphs(12)
    explain_everything(
        cornwall_q1,
        provider_a_manager,
        indicator_notes={"1.5": {"comment": long_comment, "explanation": ""}},
    )
    workbook = workbook_of(Return.objects.get(pk=cornwall_q1.pk))
    sheet = workbook["KPIs 6.1"]
    columns, rows = table(sheet, "Indicator")
    shown = sheet.cell(row=rows["1.5"], column=columns["Comments"]).value
    assert shown.endswith("…\n(The rest is on the Narrative sheet.)")
    assert long_comment.startswith(shown.split("…")[0])
    assert sheet.row_dimensions[rows["1.5"]].height <= MAX_ROW_HEIGHT
    narrative = [
        line[1]
        for line in workbook["Narrative"].iter_rows(min_row=4, values_only=True)
        if line[0].startswith("1.5 Participation: comment")
    ]
    assert "\n".join(narrative) == long_comment


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
    doc = document_for(cornwall_q1)
    labels = {
        (line.code, row.breakdown, row.category): (row.breakdown_label, row.label)
        for line in doc.indicators
        for row in line.breakdowns
    }
    sheet = workbook_of(cornwall_q1)["Breakdowns"]
    header = header_row(sheet, "Indicator")
    headings = [cell.value for cell in sheet[header]]
    q1, ytd = headings.index("Q1"), headings.index(ANNUAL_TOTAL_TO_JUNE)
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
                key = (code, *labels[(code, name, category)])
                assert found[key] == (count, ytd_json["breakdown"][name].get(category, 0)), key
                assert isinstance(count, int | float)
                checked += 1
    assert checked > 20
