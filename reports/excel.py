"""A return as the council's own spreadsheet: pure, `build_kpi_workbook(doc) -> bytes`.

It takes a `ReturnDocument` (reports.document, which does the fetching) and never queries.
Sheets: the specification's table (Cornwall 6.1 or Wolverhampton Appendix 2) with a title
block, every breakdown, percentages' numerators and denominators, the narrative, the financial
return and the history.

Figures are written as numbers with number formats, never as text, and are the figures of the
document exactly. A percentage is stored as the fraction it is (the engine's 85.3 as 0.853)
with Excel's own percent format, so it shows "85.3%" and a formula or a chart over the cells
works as a spreadsheet expects. Text is always written as text: a comment starting with "=" is
a string, never a formula.

Printed and opened in LibreOffice as well as Excel: line breaks are "\\n" only (a lone "\\r"
would overlap the next row), rows are made tall enough for their wrapped text (neither program
grows a row for text a program wrote), and a text too long for one row (Excel stops a row at
409 points) or one cell (32,767 characters) goes on over the rows below it.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .board_report import looks_like_formula
from .document import IndicatorLine, PeriodFigure, ReturnDocument, sources_text
from .specification import APPENDIX_2_HEADINGS, CORNWALL_HEADINGS

# Excel's own "good / neutral / bad" fills, which commissioners recognise.
RAG_FILLS = {
    "green": PatternFill("solid", fgColor="C6EFCE"),
    "amber": PatternFill("solid", fgColor="FFEB9C"),
    "red": PatternFill("solid", fgColor="FFC7CE"),
}
RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red"}
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
# Named, so LibreOffice does not fall back to its default serif face for styled cells.
FONT = "Calibri"
BOLD = Font(name=FONT, size=11, bold=True)
ITALIC = Font(name=FONT, size=11, italic=True)
TITLE = Font(name=FONT, size=14, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

COUNT_FORMAT = "#,##0"
HOURS_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"  # a fraction (0.853) shown as 85.3%
WHOLE_PERCENT_FORMAT = "0%"
MONEY_FORMAT = '"£"#,##0.00'
DECIMAL_FORMAT = "#,##0.00"
DATETIME_FORMAT = "d mmmm yyyy hh:mm"

LINE_HEIGHT = 15  # points, for Calibri 11
MAX_ROW_HEIGHT = 409  # Excel's limit
MAX_LINES = MAX_ROW_HEIGHT // LINE_HEIGHT - 1  # a line spare: the programs wrap a little apart
CELL_LIMIT = 32_767  # Excel's most characters in a cell
CUT_NOTE = " […the rest is cut: Excel holds at most 32,767 characters in a cell]"
CONTINUED = " (continued)"


# --- Cells -----------------------------------------------------------------------------------


def clean_text(text: str | None) -> str:
    """Text as a cell can hold it: "\\r\\n" and a lone "\\r" become "\\n" (LibreOffice draws a
    lone carriage return as nothing and runs the text into the next row), characters XML
    cannot carry are dropped."""
    value = re.sub(r"\r\n?", "\n", text or "")
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def text_cell(sheet: Worksheet, row: int, column: int, text: str | None) -> Cell:
    """Write text as text: a string that looks like a formula is kept a string (and marked
    with Excel's quote prefix so that editing it does not turn it into one either). Text over
    Excel's cell limit is cut with a note saying so (long texts are split over rows first, see
    `long_text_rows`, so only a caller that did not is cut)."""
    cell = sheet.cell(row=row, column=column)
    value = clean_text(text)
    if len(value) > CELL_LIMIT:
        value = value[: CELL_LIMIT - len(CUT_NOTE)] + CUT_NOTE
    cell.value = value
    # openpyxl types any string starting with "=" as a formula; a user's words never are.
    cell.data_type = "s"
    if looks_like_formula(text or "") or looks_like_formula(value):
        cell.quotePrefix = True
    return cell


def number_cell(
    sheet: Worksheet, row: int, column: int, value: int | float | Decimal | None, number_format: str
) -> Cell:
    cell = sheet.cell(row=row, column=column)
    # At the top of a tall row, level with the text beside it.
    cell.alignment = TOP
    if value is None:
        cell.value = None
        return cell
    cell.value = value
    cell.number_format = number_format
    return cell


def fraction(value: int | float | Decimal | None) -> float | None:
    """The engine's percentage (85.3) as the fraction a percent format shows (0.853), exactly:
    through Decimal, so 33.3 is 0.333 and not 0.33299999999999996."""
    if value is None:
        return None
    return float(Decimal(str(value)) / 100)


def value_format(line: IndicatorLine) -> str:
    if line.unit == "percent":
        return PERCENT_FORMAT
    if line.unit == "hours":
        return HOURS_FORMAT
    return COUNT_FORMAT


def stored(line: IndicatorLine, value: int | float | None) -> int | float | None:
    """An indicator's figure as the cell stores it: a percentage as its fraction."""
    return fraction(value) if line.unit == "percent" else value


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
    return number_cell(sheet, row, column, stored(line, line.target_value), number_format)


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


# --- Row heights and long text -----------------------------------------------------------------


def characters_per_line(width: float) -> int:
    """About how many characters of Calibri 11 a column `width` wide holds on a line."""
    return max(int(width * 1.1) - 1, 1)


def lines_of(text: str, per_line: int) -> int:
    """The lines a wrapping cell needs for `text`, breaking between words as the programs do."""
    return sum(
        max(1, len(textwrap.wrap(paragraph, per_line, break_on_hyphens=False)))
        for paragraph in text.split("\n")
    )


def text_chunks(text: str, per_line: int, max_lines: int = MAX_LINES) -> list[str]:
    """`text` in pieces that each fit one row (at most `max_lines` wrapped lines, far under the
    cell limit), split between paragraphs; a paragraph longer than a row is split between its
    lines. A text that fits is returned as it is, to the character."""
    if lines_of(text, per_line) <= max_lines:
        return [text]
    chunks: list[str] = []
    current: list[str] = []
    count = 0
    for paragraph in text.split("\n"):
        wrapped = textwrap.wrap(paragraph, per_line, break_on_hyphens=False) or [""]
        if count and count + len(wrapped) > max_lines:
            chunks.append("\n".join(current))
            current, count = [], 0
        while len(wrapped) > max_lines:
            chunks.append(" ".join(wrapped[:max_lines]))
            wrapped = wrapped[max_lines:]
        current.append(" ".join(wrapped))
        count += len(wrapped)
    chunks.append("\n".join(current))
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()] or [""]


def column_width(sheet: Worksheet, column: int) -> float:
    return sheet.column_dimensions[get_column_letter(column)].width or 8.43


def long_text_rows(sheet: Worksheet, row: int, column: int, text: str) -> int:
    """Write `text` into the column from `row` down, one row-sized piece per row; returns how
    many rows it took (at least one)."""
    per_line = characters_per_line(column_width(sheet, column))
    chunks = text_chunks(clean_text(text), per_line)
    for offset, chunk in enumerate(chunks):
        text_cell(sheet, row + offset, column, chunk).alignment = WRAP
    return len(chunks)


def fitted(text: str, width: float, note: str) -> str:
    """`text` cut to fit one row of a column `width` wide, ending with `note` when cut."""
    per_line = characters_per_line(width)
    text = clean_text(text)
    if lines_of(text, per_line) <= MAX_LINES:
        return text
    first = text_chunks(text, per_line, MAX_LINES - lines_of(note.strip(), per_line))[0]
    return f"{first}…\n{note.strip()}"


def fit_row_heights(sheet: Worksheet) -> None:
    """Rows tall enough for their wrapped text. Excel and LibreOffice do not grow a row for
    wrapped text written by a program until someone edits it, so printed text would overlap.
    A merged cell wraps over the width of all its columns."""
    merged = {}
    for span in sheet.merged_cells.ranges:
        merged[(span.min_row, span.min_col)] = sum(
            column_width(sheet, column) for column in range(span.min_col, span.max_col + 1)
        )
    for line in sheet.iter_rows():
        lines = 1
        for cell in line:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            width = merged.get((cell.row, cell.column)) or column_width(sheet, cell.column)
            lines = max(lines, lines_of(cell.value, characters_per_line(width)))
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


def when(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return f"{local(moment):%d/%m/%Y %H:%M}"
    return f"{moment:%d/%m/%Y}"


# --- The specification's table -------------------------------------------------------------


def title_block(sheet: Worksheet, doc: ReturnDocument, heading: str, last_column: int) -> int:
    """The title block, four rows (so that the frozen header beneath it stays small): the
    title, the contract, the return, and where each column's figures come from. Returns the
    header's row."""
    text_cell(sheet, 1, 1, heading).font = TITLE
    status = doc.status_label
    if doc.live:
        status += " (figures computed now from the records: not final)"
    elif doc.frozen_at:
        status += f"; figures frozen {when(doc.frozen_at)}"
    lines = [
        (
            "Contract",
            f"{doc.contract_ref}: {doc.contract_title}. Commissioner: {doc.commissioner}. "
            f"Provider: {doc.provider}.",
        ),
        (
            "Return",
            f"Financial year {doc.financial_year_label}, {doc.period_label}. Status: {status}. "
            f"Generated {when(doc.generated_at)}.",
        ),
        # Which return each column's figures come from (earlier quarters from earlier returns).
        ("Figures from", sources_text(doc)),
    ]
    for row, (label, value) in enumerate(lines, start=2):
        text_cell(sheet, row, 1, label).font = BOLD
        sheet.cell(row=row, column=1).alignment = TOP
        text_cell(sheet, row, 2, value).alignment = WRAP
        # The value spans the columns beside it, and wraps over all of them.
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last_column)
    return 2 + len(lines)


def comments_of(line: IndicatorLine, width: float) -> str:
    """The provider's comment and explanation, cut to one row if they are longer: the
    Narrative sheet has them in full."""
    parts = [line.comment.strip()]
    if line.explanation.strip():
        parts.append(f"Explanation: {line.explanation.strip()}")
    text = "\n".join(part for part in parts if part)
    return fitted(text, width, "(The rest is on the Narrative sheet.)")


def figure_cells(
    sheet: Worksheet, row: int, first: int, line: IndicatorLine, doc: ReturnDocument
) -> None:
    for offset, column in enumerate(doc.columns):
        figure: PeriodFigure | None = line.figures.get(column.code)
        value = stored(line, figure.value) if figure else None
        cell = number_cell(sheet, row, first + offset, value, value_format(line))
        cell.border = BOX
        # The year to date's figure is the one the status judges.
        if column.code == "FY" and line.status in RAG_FILLS:
            cell.fill = RAG_FILLS[line.status]


def status_cell(sheet: Worksheet, row: int, column: int, line: IndicatorLine) -> None:
    cell = text_cell(sheet, row, column, RAG_LABELS.get(line.status or "", ""))
    cell.border = BOX
    cell.alignment = TOP
    if line.status in RAG_FILLS:
        cell.fill = RAG_FILLS[line.status]


def listed_rows(
    sheet: Worksheet, row: int, first: int, last: int, line: IndicatorLine, doc: ReturnDocument
) -> int:
    """The rows the specification lists beneath the indicator (6.1's 1.2 and 1.3), with their
    figures; returns the next free row."""
    for item in line.listed:
        label = text_cell(sheet, row, 1, item.label)
        label.alignment = Alignment(
            horizontal="left", indent=2 * item.level, vertical="top", wrap_text=True
        )
        if item.is_heading:
            label.font = BOLD if item.level == 0 else ITALIC
        for column in range(1, last + 1):
            cell = sheet.cell(row=row, column=column)
            cell.border = BOX
            if item.level == 0:
                cell.fill = GROUP_FILL
        if not item.is_heading:
            for offset, column in enumerate(doc.columns):
                number_cell(
                    sheet,
                    row,
                    first + offset,
                    item.values.get(column.code),
                    breakdown_format(line),
                )
        row += 1
    return row


def cornwall_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    sheet.title = "KPIs 6.1"
    headings = [
        CORNWALL_HEADINGS["indicator"],
        doc.target_heading,
        *[column.label for column in doc.columns],
        CORNWALL_HEADINGS["comments"],
        # Not in the specification's template: the status in words, so colour is never the
        # only sign of it (and last, so the template's columns keep their places).
        "RAG status",
    ]
    widths = [60, 14, *[12] * len(doc.columns), 50, 11]
    set_widths(sheet, widths)
    header = title_block(
        sheet, doc, f"Key Performance Indicators: {doc.framework_title}", len(headings)
    )
    header_row(sheet, header, headings)
    first_figure = 3
    comments_column = first_figure + len(doc.columns)
    row = header + 1
    for line in doc.indicators:
        cell = text_cell(sheet, row, 1, line.heading)
        cell.alignment = WRAP
        cell.border = BOX
        target_cell(sheet, row, 2, line).border = BOX
        figure_cells(sheet, row, first_figure, line, doc)
        comment = text_cell(sheet, row, comments_column, comments_of(line, widths[-2]))
        comment.alignment = WRAP
        comment.border = BOX
        status_cell(sheet, row, comments_column + 1, line)
        row = listed_rows(sheet, row + 1, first_figure, len(headings), line, doc)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=2)
    print_setup(sheet, header)


def wolverhampton_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    sheet.title = "Appendix 2"
    headings = [
        *APPENDIX_2_HEADINGS[:5],
        doc.target_heading,
        *[column.label for column in doc.columns],
        "Comments",
        "RAG status",  # beyond Appendix 2, last: the status in words, not colour alone
    ]
    widths = [18, 50, 18, 18, 18, 12, *[10] * len(doc.columns), 45, 11]
    set_widths(sheet, widths)
    header = title_block(
        sheet, doc, f"Performance monitoring: {doc.framework_title}", len(headings)
    )
    header_row(sheet, header, headings)
    first_figure = 7
    comments_column = first_figure + len(doc.columns)
    row = header + 1
    for line in doc.indicators:
        texts = [
            line.indicator_type,
            line.heading,
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
        comment = text_cell(sheet, row, comments_column, comments_of(line, widths[-2]))
        comment.alignment = WRAP
        comment.border = BOX
        status_cell(sheet, row, comments_column + 1, line)
        row += 1
    sheet.freeze_panes = sheet.cell(row=header + 1, column=3)
    print_setup(sheet, header)


# --- The other sheets --------------------------------------------------------------------------


def breakdown_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    """Every breakdown of every indicator, and every percentage's numerator and denominator."""
    text_cell(sheet, 1, 1, f"Breakdowns: {doc.title}").font = TITLE
    header = 3
    header_row(
        sheet, header, ["Indicator", "Breakdown", "Category", *[c.label for c in doc.columns]]
    )
    set_widths(sheet, [30, 34, 44, *[12] * len(doc.columns)])
    row = header + 1

    def words(*texts: str) -> None:
        for column, text in enumerate(texts, start=1):
            text_cell(sheet, row, column, text).alignment = WRAP

    for line in doc.indicators:
        label = f"{line.code} {line.title}"
        if line.unit == "percent":
            for part in ("numerator", "denominator"):
                words(label, "Percentage", part.capitalize())
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
            words(label, breakdown.breakdown_label, breakdown.label)
            for offset, column in enumerate(doc.columns):
                number_cell(
                    sheet,
                    row,
                    4 + offset,
                    breakdown.values.get(column.code),
                    breakdown_format(line),
                )
            row += 1
    sheet.freeze_panes = sheet.cell(row=header + 1, column=4)
    print_setup(sheet, header)


def sections_sheet(sheet: Worksheet, title: str, sections: Sequence[tuple[str, str]]) -> None:
    """Labelled texts, each as long as the provider wrote it: over several rows when it will
    not fit one (the label says "continued" beside each row after the first)."""
    text_cell(sheet, 1, 1, title).font = TITLE
    header = 3
    header_row(sheet, header, ["Section", "Text"])
    set_widths(sheet, [36, 110])
    row = header + 1
    for label, text in sections:
        used = long_text_rows(sheet, row, 2, text)
        for offset in range(used):
            text_cell(
                sheet, row + offset, 1, label + (CONTINUED if offset else "")
            ).alignment = WRAP
        row += used
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    print_setup(sheet, header)


def narrative_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    """The provider's words: the narrative, the case studies and each indicator's notes."""
    sections = [(section.label, section.text) for section in doc.narrative]
    sections.append(("Case studies", doc.case_studies))
    for line in doc.indicators:
        if line.comment:
            sections.append((f"{line.code} {line.title}: comment", line.comment))
        if line.explanation:
            sections.append((f"{line.code} {line.title}: explanation", line.explanation))
    sections_sheet(sheet, f"Narrative: {doc.title}", sections)


def financial_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    text_cell(sheet, 1, 1, f"Financial return: {doc.title}").font = TITLE
    header = 3
    header_row(sheet, header, ["Item", "Value"])
    set_widths(sheet, [36, 100])
    row = header + 1
    for field in doc.financial:
        text_cell(sheet, row, 1, field.label).alignment = TOP
        used = 1
        if field.kind == "text":
            used = long_text_rows(sheet, row, 2, str(field.value or ""))
        elif field.kind == "money":
            number_cell(sheet, row, 2, field.value, MONEY_FORMAT).alignment = Alignment(
                horizontal="left", vertical="top"
            )
        elif isinstance(field.value, int):
            number_cell(sheet, row, 2, field.value, COUNT_FORMAT).alignment = Alignment(
                horizontal="left", vertical="top"
            )
        else:
            number_cell(sheet, row, 2, field.value, DECIMAL_FORMAT).alignment = Alignment(
                horizontal="left", vertical="top"
            )
        row += used
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    print_setup(sheet, header)


def history_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    text_cell(sheet, 1, 1, f"History: {doc.title}").font = TITLE
    header = 3
    header_row(sheet, header, ["When", "What", "From", "To", "By", "Comment"])
    set_widths(sheet, [20, 18, 18, 18, 24, 70])
    row = header + 1
    for event in doc.history:
        number_cell(sheet, row, 1, local(event.at), DATETIME_FORMAT)
        for column, text in enumerate(
            (event.action, event.from_status, event.to_status, event.by), start=2
        ):
            text_cell(sheet, row, column, text).alignment = WRAP
        row += long_text_rows(sheet, row, 6, event.comment)
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
