"""The blank template: one sheet per table with its headers, drop-downs, and a Notes sheet.

Built from the schema, so it always matches what the import accepts. A pure builder: no
database, bytes out.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .columns import Column, Date, Number, Ref
from .schema import NOTES_SHEET, TABLES, Table

# Drop-downs and formats reach this far down; Excel's own limit is 1,048,576 rows.
LAST_ROW = 100_000
HEADER_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="DDEBF7")
# An inline list (not a range on another sheet) keeps the template to the tables and Notes;
# Excel allows 255 characters in one, which every code list here fits.
INLINE_LIST_LIMIT = 255


def build_template_workbook() -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in TABLES:
        add_table_sheet(workbook.create_sheet(table.name), table)
    add_notes_sheet(workbook.create_sheet(NOTES_SHEET))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_table_sheet(sheet: Worksheet, table: Table) -> None:
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.name)
        cell.font = HEADER_FONT
        if column.required:
            cell.fill = REQUIRED_FILL
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(len(column.name) + 4, 14)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        choices = column.type.choices()
        if choices:
            formula = '"' + ",".join(choices) + '"'
            if len(formula) > INLINE_LIST_LIMIT:  # pragma: no cover - guarded by a test
                raise ValueError(f"{table.name}.{column.name}: list too long for a drop-down")
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="Not in the list",
                error=f"Choose one of: {', '.join(choices)}"[:255],
                promptTitle=column.name[:32],
                prompt=notes_for(column)[:255],
                showInputMessage=True,
            )
            validation.add(cells)
            sheet.add_data_validation(validation)
        # Refs stay text (so 00123 keeps its zeros) and dates read as YYYY-MM-DD.
        if isinstance(column.type, Date):
            for_format = "yyyy-mm-dd"
        elif isinstance(column.type, Number):
            for_format = "0" if not column.type.places else "0.00"
        else:
            for_format = "@"
        sheet.column_dimensions[letter].number_format = for_format


def notes_for(column: Column) -> str:
    parts = [column.type.describe()]
    parts.append("required" if column.required else "optional")
    if column.help:
        parts.append(column.help)
    return "; ".join(parts)


def add_notes_sheet(sheet: Worksheet) -> None:
    sheet.append(
        ["table", "column", "required", "type", "allowed values", "notes", "key of the table"]
    )
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    sheet.freeze_panes = "A2"
    for table in TABLES:
        for column in table.columns:
            choices = column.type.choices()
            sheet.append(
                [
                    table.name,
                    column.name,
                    "required" if column.required else "optional",
                    column.type.describe(),
                    ", ".join(choices) if choices else allowed_text(column),
                    column.help or table.description,
                    " + ".join(table.key),
                ]
            )
    sheet.append([])
    sheet.append(["How the import reads this workbook:"])
    for line in (
        "Each sheet is one table; an empty or missing sheet changes nothing, but the contract "
        "sheet must have exactly one row.",
        "Row 1 holds the column names; extra columns are an error.",
        "Dates are YYYY-MM-DD; yes/no columns take yes or no.",
        "A row whose key is already in the contract updates that record; importing the same "
        "workbook twice changes nothing the second time.",
        "If any row has a problem, nothing is imported and every problem is listed.",
        "This Notes sheet is ignored by the import.",
    ):
        sheet.append([line])
    for letter, width in zip("ABCDEFG", (22, 24, 10, 44, 60, 60, 36), strict=True):
        sheet.column_dimensions[letter].width = width


def allowed_text(column: Column) -> str:
    if isinstance(column.type, Ref):
        return f"a ref from {column.type.table}, in this workbook or already in the contract"
    return ""
