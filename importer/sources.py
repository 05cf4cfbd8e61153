"""Readers: a `.xlsx` workbook or a folder of CSV files, seen the same way by the engine.

A source offers its tables by name; each table gives its rows as lists of cell texts, the
header first (row 1, as the person sees it). Nothing is read until the engine asks, so a big
table is streamed, never held whole. Files are checked by `safety` before they are opened.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from difflib import get_close_matches
from pathlib import Path
from types import TracebackType
from typing import Any

import openpyxl

from contracts.safety import RefusedFile, assert_openpyxl_is_defused, check_file

from .schema import NOTES_SHEET, TABLES_BY_NAME


class UnreadableRow(Exception):
    """The reader could not go on past a row (a broken CSV quote, an oversized field)."""


@dataclass(frozen=True)
class FileProblem:
    """A problem with the file as a whole, or one of its sheets or CSV files."""

    sheet: str
    reason: str


@dataclass
class SourceTable:
    name: str
    rows: Callable[[], Iterator[list[str]]]


@dataclass
class Source:
    name: str
    tables: dict[str, SourceTable] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)
    closer: Callable[[], None] | None = None

    def close(self) -> None:
        if self.closer is not None:
            self.closer()
            self.closer = None

    def __enter__(self) -> Source:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def unknown_table_reason(name: str, what: str) -> str:
    guess = get_close_matches(name, TABLES_BY_NAME, n=1)
    hint = f" Did you mean {guess[0]}?" if guess else ""
    return f"there is no table called {name}, so this {what} would be ignored.{hint}"


def open_source(path: Path, name: str | None = None) -> Source:
    """The workbook or the folder (or single CSV) at path; RefusedFile if it is not safe."""
    name = name or path.name
    if path.is_dir():
        return open_csv_folder(path)
    if not path.is_file():
        raise RefusedFile(f"{name} does not exist.")
    suffix = check_file(path, name)
    if suffix == ".xlsx":
        return open_workbook(path, name)
    source = Source(name)
    add_csv(source, path)
    return source


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


def open_csv_folder(folder: Path) -> Source:
    source = Source(folder.name)
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue  # .DS_Store and other hidden files are the system's, not the provider's
        if path.is_dir() or path.suffix.lower() != ".csv":
            source.problems.append(
                FileProblem(path.name, "only .csv files are read from a folder; remove this one")
            )
            continue
        check_file(path)
        add_csv(source, path)
    return source


def add_csv(source: Source, path: Path) -> None:
    table = path.stem
    if table not in TABLES_BY_NAME:
        source.problems.append(FileProblem(path.name, unknown_table_reason(table, "file")))
    elif table in source.tables:
        source.problems.append(FileProblem(path.name, f"a second file for the table {table}"))
    else:
        source.tables[table] = SourceTable(table, lambda: csv_rows(path))


def csv_rows(path: Path) -> Iterator[list[str]]:
    # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark, which is not part of the
    # first column's name.
    with path.open(encoding="utf-8-sig", newline="") as file:
        # strict: a quote opened and never closed is an error, not a value that silently
        # swallows every row after it (a quote inside an unquoted value, 5" tall, is fine).
        reader = csv.reader(file, strict=True)
        try:
            yield from reader
        except csv.Error as error:
            raise UnreadableRow(csv_error_reason(error)) from None


def csv_error_reason(error: csv.Error) -> str:
    if str(error) == "unexpected end of data":
        return (
            'a value in this row opens a quote (") that is never closed, so neither this row '
            "nor the rows after it can be read: close the quote, or remove it"
        )
    if "expected after" in str(error):
        return (
            'a value in this row has text after its closing quote ("), or a quote opened in '
            "this row closes in a later one: the CSV cannot be read past this row"
        )
    return f"the CSV cannot be read past this row ({error})"


# ---------------------------------------------------------------------------------------------
# Workbook
# ---------------------------------------------------------------------------------------------


def open_workbook(path: Path, name: str) -> Source:
    assert_openpyxl_is_defused()
    try:
        # read_only streams each sheet; data_only gives a formula's last computed value.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        # Whatever openpyxl trips on (a missing part, odd XML, a wrong type) is the file's
        # fault: the person is told it cannot be read, rather than shown an error page.
        raise RefusedFile(f"{name} cannot be read as an Excel workbook ({error}).") from None
    source = Source(name, closer=workbook.close)
    for sheet in workbook.worksheets:
        title = sheet.title
        if title in TABLES_BY_NAME:
            source.tables[title] = SourceTable(title, lambda sheet=sheet: sheet_rows(sheet))
        elif title != NOTES_SHEET and not sheet_is_empty(sheet):
            source.problems.append(FileProblem(title, unknown_table_reason(title, "sheet")))
    for chart in workbook.chartsheets:
        if chart.title in TABLES_BY_NAME:
            source.problems.append(FileProblem(chart.title, "this sheet is a chart, not a table"))
    return source


def sheet_rows(sheet: Any) -> Iterator[list[str]]:
    # Some writers record a wrong used range; forget it so that every row is read.
    sheet.reset_dimensions()
    try:
        for values in sheet.iter_rows(values_only=True):
            yield [cell_text(value) for value in values]
    except (SyntaxError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as error:
        # A damaged sheet (XML that stops half-way, a broken zip part) is found while
        # streaming: it becomes a problem at the row reached, like a broken CSV quote.
        raise UnreadableRow(f"the sheet cannot be read past this row ({error})") from None


def sheet_is_empty(sheet: Any, rows: int = 100) -> bool:
    sheet.reset_dimensions()
    for number, values in enumerate(sheet.iter_rows(values_only=True)):
        if number >= rows:
            return False
        if any(cell_text(value).strip() for value in values):
            return False
    return True


def cell_text(value: Any) -> str:
    """A cell as the text a CSV would hold, so that both sources are checked alike."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # repr is the shortest text that reads back as the same float: 1.1, not 1.100000001.
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
