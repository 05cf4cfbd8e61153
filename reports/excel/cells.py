"""Writing an Excel cell as the council's spreadsheet expects it: numbers with their formats,
text as text (never a formula), rows tall enough for their wrapped text, long texts over
several rows, and a page set up to print. Pure helpers of reports.excel.workbook.

Printed and opened in LibreOffice as well as Excel: line breaks are "\\n" only (a lone "\\r"
would overlap the next row), rows are made tall enough for their wrapped text (neither program
grows a row for text a program wrote), and a text too long for one row (Excel stops a row at
409 points) or one cell (32,767 characters) goes on over the rows below it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..formulas import looks_like_formula
from ..lines import IndicatorLine

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
    """A percentage's numerator and denominator: pounds where they are money, else a count."""
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
