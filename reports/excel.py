"""A return as the council's own spreadsheet: pure, `build_kpi_workbook(doc) -> bytes`.

It takes a `ReturnDocument` (reports.document, which does the fetching) and never queries.
Sheets: the specification's table (Cornwall 6.1 or Wolverhampton Appendix 2) with a title
block, every breakdown, percentages' numerators and denominators, the narrative, the financial
return and the history.

Figures are written as numbers with number formats, never as text, and are the figures of the
document exactly: a percentage is stored as the engine gives it (85.3, shown "85.3%"), not
divided by 100, so the cell holds the same digits as the page. Text is always written as text:
a comment starting with "=" is a string, never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .board_report import looks_like_formula
from .document import IndicatorLine, PeriodFigure, ReturnDocument

# Excel's own "good / neutral / bad" fills, which commissioners recognise.
RAG_FILLS = {
    "green": PatternFill("solid", fgColor="C6EFCE"),
    "amber": PatternFill("solid", fgColor="FFEB9C"),
    "red": PatternFill("solid", fgColor="FFC7CE"),
}
RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red"}
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
LEFT = Alignment(horizontal="left")
INDENT = Alignment(indent=2, vertical="top", wrap_text=True)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

COUNT_FORMAT = "#,##0"
HOURS_FORMAT = "#,##0.00"
PERCENT_FORMAT = '0.0"%"'  # the engine's percentage (85.3), shown as 85.3%
WHOLE_PERCENT_FORMAT = '0"%"'
MONEY_FORMAT = '"£"#,##0.00'
DECIMAL_FORMAT = "#,##0.00"
DATE_FORMAT = "d mmmm yyyy"
DATETIME_FORMAT = "d mmmm yyyy hh:mm"


def text_cell(sheet: Worksheet, row: int, column: int, text: str | None) -> Cell:
    """Write text as text: a string that looks like a formula is kept a string (and marked
    with Excel's quote prefix so that editing it does not turn it into one either)."""
    cell = sheet.cell(row=row, column=column)
    value = ILLEGAL_CHARACTERS_RE.sub("", text or "")
    cell.value = value
    # openpyxl types any string starting with "=" as a formula; a user's words never are.
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True
    return cell


def number_cell(
    sheet: Worksheet, row: int, column: int, value: int | float | Decimal | None, number_format: str
) -> Cell:
    cell = sheet.cell(row=row, column=column)
    if value is None:
        cell.value = None
        return cell
    cell.value = value
    cell.number_format = number_format
    return cell


def value_format(line: IndicatorLine) -> str:
    if line.unit == "percent":
        return PERCENT_FORMAT
    if line.unit == "hours":
        return HOURS_FORMAT
    return COUNT_FORMAT


def part_format(line: IndicatorLine) -> str:
    """A percentage's numerator and denominator: pounds for 1.16, else a count."""
    return MONEY_FORMAT if line.is_money else COUNT_FORMAT


def breakdown_format(line: IndicatorLine) -> str:
    if line.is_money:
        return MONEY_FORMAT
    return HOURS_FORMAT if line.unit == "hours" else COUNT_FORMAT


def target_cell(sheet: Worksheet, row: int, column: int, line: IndicatorLine) -> Cell:
    if line.target_value is None:
        cell = text_cell(sheet, row, column, line.target_label)
        cell.alignment = WRAP  # "TBC via tender submission" in a narrow column
        return cell
    if line.unit == "percent":
        number_format = (
            WHOLE_PERCENT_FORMAT if float(line.target_value).is_integer() else PERCENT_FORMAT
        )
    else:
        number_format = value_format(line)
    return number_cell(sheet, row, column, line.target_value, number_format)


def header_row(sheet: Worksheet, row: int, headings: Sequence[str]) -> None:
    for column, heading in enumerate(headings, start=1):
        cell = text_cell(sheet, row, column, heading)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        cell.border = BOX


def set_widths(sheet: Worksheet, widths: Iterable[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


LINE_HEIGHT = 15  # points, for Calibri 11
MAX_ROW_HEIGHT = 409  # Excel's limit


def fit_row_heights(sheet: Worksheet) -> None:
    """Rows tall enough for their wrapped text. Excel and LibreOffice do not grow a row for
    wrapped text written by a program until someone edits it, so printed text would overlap."""
    widths = {
        letter: dimension.width or 8.43 for letter, dimension in sheet.column_dimensions.items()
    }
    for line in sheet.iter_rows():
        lines = 1
        for cell in line:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            characters = max(int(widths.get(cell.column_letter, 8.43) * 1.1) - 1, 1)
            needed = sum(
                max(1, -(-len(paragraph) // characters)) for paragraph in cell.value.split("\n")
            )
            lines = max(lines, needed)
        if lines > 1:
            sheet.row_dimensions[line[0].row].height = min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)


def print_setup(sheet: Worksheet, header: int) -> None:
    """Landscape, as wide as the page, the header repeated on every page; rows fitted to their
    text (so call it once the sheet is written)."""
    fit_row_heights(sheet)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def local(moment: datetime) -> datetime:
    """Excel has no time zones: the time as the council reads it, without its zone."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)


def title_block(sheet: Worksheet, doc: ReturnDocument, heading: str) -> int:
    """The title block; returns the next free row."""
    text_cell(sheet, 1, 1, heading).font = TITLE
    lines: list[tuple[str, Any]] = [
        ("Contract", f"{doc.contract_ref}: {doc.contract_title}"),
        ("Commissioner", doc.commissioner),
        ("Provider", doc.provider),
        ("Financial year", doc.financial_year_label),
        ("Period", doc.period_label),
        ("Status", doc.status_label + (" (figures computed now: not final)" if doc.live else "")),
        ("Figures frozen", doc.frozen_at),
        # Which return each column's figures come from (earlier quarters from earlier returns).
        (
            "Figures from",
            "; ".join(
                f"{column.label}: {column.source}" for column in doc.columns if column.source
            ),
        ),
        ("Date generated", doc.generated_at),
    ]
    row = 2
    for label, value in lines:
        text_cell(sheet, row, 1, label).font = BOLD
        if isinstance(value, datetime):
            number_cell(sheet, row, 2, local(value), DATETIME_FORMAT).alignment = LEFT
        elif isinstance(value, date):
            number_cell(sheet, row, 2, value, DATE_FORMAT).alignment = LEFT
        else:
            text_cell(sheet, row, 2, "" if value is None else str(value))
        # The value spans the narrow columns beside it (a date would show as ### in one).
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=8)
        row += 1
    return row + 1


def comments_of(line: IndicatorLine) -> str:
    parts = [line.comment.strip()]
    if line.explanation.strip():
        parts.append(f"Explanation: {line.explanation.strip()}")
    return "\n".join(part for part in parts if part)


def figure_cells(
    sheet: Worksheet, row: int, first: int, line: IndicatorLine, doc: ReturnDocument
) -> None:
    for offset, column in enumerate(doc.columns):
        figure: PeriodFigure | None = line.figures.get(column.code)
        cell = number_cell(
            sheet, row, first + offset, figure.value if figure else None, value_format(line)
        )
        cell.border = BOX
        # The year to date's figure is the one the status judges.
        if column.code == "FY" and line.status in RAG_FILLS:
            cell.fill = RAG_FILLS[line.status]


def status_cell(sheet: Worksheet, row: int, column: int, line: IndicatorLine) -> None:
    cell = text_cell(sheet, row, column, RAG_LABELS.get(line.status or "", ""))
    cell.border = BOX
    if line.status in RAG_FILLS:
        cell.fill = RAG_FILLS[line.status]


# The breakdowns the specification lists beneath 1.2 and 1.3 on the 6.1 table itself.
BENEATH = frozenset({"1.2", "1.3"})


def cornwall_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    sheet.title = "KPIs 6.1"
    row = title_block(sheet, doc, f"Key Performance Indicators: {doc.framework_title}")
    headings = [
        "Indicator",
        "Target",
        *[column.label for column in doc.columns],
        "Comments",
        "RAG status",
    ]
    header = row
    header_row(sheet, header, headings)
    first_figure = 3
    comments_column = first_figure + len(doc.columns)
    row += 1
    for line in doc.indicators:
        cell = text_cell(sheet, row, 1, f"{line.code} {line.title}: {line.description}")
        cell.alignment = WRAP
        cell.border = BOX
        target_cell(sheet, row, 2, line).border = BOX
        figure_cells(sheet, row, first_figure, line, doc)
        comment = text_cell(sheet, row, comments_column, comments_of(line))
        comment.alignment = WRAP
        comment.border = BOX
        status_cell(sheet, row, comments_column + 1, line)
        row += 1
        if line.code not in BENEATH:
            continue
        current = ""
        for breakdown in line.breakdowns:
            if breakdown.breakdown != current:
                current = breakdown.breakdown
                text_cell(sheet, row, 1, breakdown.breakdown_label).font = Font(italic=True)
                row += 1
            text_cell(sheet, row, 1, breakdown.label).alignment = INDENT
            for offset, column in enumerate(doc.columns):
                number_cell(
                    sheet,
                    row,
                    first_figure + offset,
                    breakdown.values.get(column.code),
                    breakdown_format(line),
                )
            row += 1
    set_widths(sheet, [60, 14, *[12] * len(doc.columns), 50, 11])
    sheet.freeze_panes = sheet.cell(row=header + 1, column=2)
    print_setup(sheet, header)


def wolverhampton_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    sheet.title = "Appendix 2"
    row = title_block(sheet, doc, f"Performance monitoring: {doc.framework_title}")
    headings = [
        "Indicator type",
        "Indicator / Measure",
        "Data source",
        "Frequency of monitoring",
        "Frequency of reporting",
        "Target(s)",
        *[column.label for column in doc.columns],
        "Comments",
        "RAG status",
    ]
    header = row
    header_row(sheet, header, headings)
    first_figure = 7
    comments_column = first_figure + len(doc.columns)
    row += 1
    for line in doc.indicators:
        texts = [
            line.indicator_type,
            f"{line.code} {line.title}: {line.description}",
            line.data_source,
            line.monitoring,
            line.reporting,
        ]
        for column, text in enumerate(texts, start=1):
            cell = text_cell(sheet, row, column, text)
            cell.alignment = WRAP
            cell.border = BOX
        target_cell(sheet, row, 6, line).border = BOX
        figure_cells(sheet, row, first_figure, line, doc)
        comment = text_cell(sheet, row, comments_column, comments_of(line))
        comment.alignment = WRAP
        comment.border = BOX
        status_cell(sheet, row, comments_column + 1, line)
        row += 1
    set_widths(sheet, [18, 50, 18, 18, 18, 12, *[10] * len(doc.columns), 45, 11])
    sheet.freeze_panes = sheet.cell(row=header + 1, column=3)
    print_setup(sheet, header)


def breakdown_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    """Every breakdown of every indicator, and every percentage's numerator and denominator."""
    text_cell(sheet, 1, 1, f"Breakdowns: {doc.title}").font = TITLE
    header = 3
    header_row(
        sheet, header, ["Indicator", "Breakdown", "Category", *[c.label for c in doc.columns]]
    )
    row = header + 1
    for line in doc.indicators:
        label = f"{line.code} {line.title}"
        if line.unit == "percent":
            for part in ("numerator", "denominator"):
                text_cell(sheet, row, 1, label)
                text_cell(sheet, row, 2, "Percentage")
                text_cell(sheet, row, 3, part.capitalize())
                for offset, column in enumerate(doc.columns):
                    figure = line.figures.get(column.code)
                    number_cell(
                        sheet,
                        row,
                        4 + offset,
                        getattr(figure, part) if figure else None,
                        part_format(line),
                    )
                row += 1
        for breakdown in line.breakdowns:
            text_cell(sheet, row, 1, label)
            text_cell(sheet, row, 2, breakdown.breakdown_label)
            text_cell(sheet, row, 3, breakdown.label)
            for offset, column in enumerate(doc.columns):
                number_cell(
                    sheet,
                    row,
                    4 + offset,
                    breakdown.values.get(column.code),
                    breakdown_format(line),
                )
            row += 1
    set_widths(sheet, [36, 36, 40, *[12] * len(doc.columns)])
    sheet.freeze_panes = sheet.cell(row=header + 1, column=4)
    print_setup(sheet, header)


def narrative_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    """The provider's words: the narrative, the case studies and each indicator's notes."""
    text_cell(sheet, 1, 1, f"Narrative: {doc.title}").font = TITLE
    header = 3
    header_row(sheet, header, ["Section", "Text"])
    row = header + 1
    sections = [(section.label, section.text) for section in doc.narrative]
    sections.append(("Case studies", doc.case_studies))
    for line in doc.indicators:
        if line.comment:
            sections.append((f"{line.code} {line.title}: comment", line.comment))
        if line.explanation:
            sections.append((f"{line.code} {line.title}: explanation", line.explanation))
    for label, text in sections:
        text_cell(sheet, row, 1, label).alignment = WRAP
        text_cell(sheet, row, 2, text).alignment = WRAP
        row += 1
    set_widths(sheet, [36, 110])
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    print_setup(sheet, header)


def financial_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    text_cell(sheet, 1, 1, f"Financial return: {doc.title}").font = TITLE
    header = 3
    header_row(sheet, header, ["Item", "Value"])
    row = header + 1
    for field in doc.financial:
        text_cell(sheet, row, 1, field.label)
        if field.kind == "text":
            text_cell(sheet, row, 2, str(field.value or "")).alignment = WRAP
        elif field.kind == "money":
            number_cell(sheet, row, 2, field.value, MONEY_FORMAT)
        elif isinstance(field.value, int):
            number_cell(sheet, row, 2, field.value, COUNT_FORMAT)
        else:
            number_cell(sheet, row, 2, field.value, DECIMAL_FORMAT)
        row += 1
    set_widths(sheet, [36, 60])
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    print_setup(sheet, header)


def history_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    text_cell(sheet, 1, 1, f"History: {doc.title}").font = TITLE
    header = 3
    header_row(sheet, header, ["When", "What", "From", "To", "By", "Comment"])
    row = header + 1
    for event in doc.history:
        number_cell(sheet, row, 1, local(event.at), DATETIME_FORMAT)
        for column, text in enumerate(
            (event.action, event.from_status, event.to_status, event.by, event.comment), start=2
        ):
            text_cell(sheet, row, column, text).alignment = WRAP
        row += 1
    set_widths(sheet, [20, 18, 18, 18, 24, 60])
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    print_setup(sheet, header)


def build_kpi_workbook(doc: ReturnDocument) -> bytes:
    """The return as .xlsx bytes. Pure: no queries, no clock (the document carries its date)."""
    workbook = Workbook()
    if doc.is_cornwall:
        cornwall_sheet(workbook.active, doc)
    else:
        wolverhampton_sheet(workbook.active, doc)
    breakdown_sheet(workbook.create_sheet("Breakdowns"), doc)
    narrative_sheet(workbook.create_sheet("Narrative"), doc)
    financial_sheet(workbook.create_sheet("Financial return"), doc)
    history_sheet(workbook.create_sheet("History"), doc)
    workbook.properties.title = f"KPI return {doc.title}"
    workbook.properties.creator = "Tamar"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
