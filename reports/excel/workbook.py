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
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from ..document import ReturnDocument, sources_text
from ..lines import IndicatorLine, PeriodFigure
from .cells import (
    BOLD,
    BOX,
    CONTINUED,
    COUNT_FORMAT,
    DATETIME_FORMAT,
    DECIMAL_FORMAT,
    GROUP_FILL,
    ITALIC,
    MONEY_FORMAT,
    RAG_FILLS,
    RAG_LABELS,
    TITLE,
    TOP,
    WRAP,
    breakdown_format,
    fitted,
    header_row,
    local,
    long_text_rows,
    number_cell,
    part_format,
    print_setup,
    set_widths,
    stored,
    target_cell,
    text_cell,
    value_format,
    when,
)

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


def specification_sheet(sheet: Worksheet, doc: ReturnDocument) -> None:
    """The specification's table as its framework lays it out (kpis.frameworks: Cornwall's 6.1,
    Wolverhampton's Appendix 2): its columns of words, the target, a column per period, the
    comments, and the rows the specification lists beneath an indicator."""
    table = doc.table
    sheet.title = table.sheet_title
    headings = [
        *[column.heading for column in table.text_columns],
        doc.target_heading,
        *[column.label for column in doc.columns],
        table.comments_heading,
        # Not in the specifications' templates: the status in words, so colour is never the
        # only sign of it (and last, so the templates' columns keep their places).
        "RAG status",
    ]
    widths = [
        *[column.width for column in table.text_columns],
        table.target_width,
        *[table.figure_width] * len(doc.columns),
        table.comments_width,
        11,
    ]
    set_widths(sheet, widths)
    header = title_block(sheet, doc, f"{table.title}: {doc.framework_title}", len(headings))
    header_row(sheet, header, headings)
    target_column = len(table.text_columns) + 1
    first_figure = target_column + 1
    comments_column = first_figure + len(doc.columns)
    row = header + 1
    for line in doc.indicators:
        for column, text_column in enumerate(table.text_columns, start=1):
            cell = text_cell(sheet, row, column, getattr(line, text_column.shows))
            cell.alignment = WRAP
            cell.border = BOX
        target_cell(sheet, row, target_column, line).border = BOX
        figure_cells(sheet, row, first_figure, line, doc)
        comment = text_cell(sheet, row, comments_column, comments_of(line, table.comments_width))
        comment.alignment = WRAP
        comment.border = BOX
        status_cell(sheet, row, comments_column + 1, line)
        row = listed_rows(sheet, row + 1, first_figure, len(headings), line, doc)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=table.frozen_columns + 1)
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
    specification_sheet(workbook.active, doc)
    breakdown_sheet(workbook.create_sheet("Breakdowns"), doc)
    narrative_sheet(workbook.create_sheet("Narrative"), doc)
    financial_sheet(workbook.create_sheet("Financial return"), doc)
    history_sheet(workbook.create_sheet("History"), doc)
    workbook.properties.title = f"KPI return {doc.title}"
    workbook.properties.creator = "Tamar"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
