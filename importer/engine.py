"""Check every row of a source and plan what the import would do, without writing.

The checker reads the tables in schema order (every reference points at an earlier table),
collects every problem it finds rather than stopping at the first, and sorts each valid row
into create / update / unchanged by comparing it with the records already in the contract.
Comparison happens in "ref space": the records the database holds are loaded once per table
(one query each, never one per row) and their foreign keys turned back into the refs a file
uses, so a file row and a stored record compare directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from difflib import get_close_matches
from typing import Any

from django.utils import timezone
from openpyxl.utils import get_column_letter

from contracts.models import Contract

from .columns import CellError, Column, Ref
from .contract_sheet import ContractSheetChecks
from .plans import ImportCheck, Problem, Progress, TablePlan
from .schema import CONTRACT, TABLES, Table
from .sources import Source, SourceTable, UnreadableRow
from .stored import Existing, StoredRecords

# How many rows are read between two progress reports.
PROGRESS_EVERY = 50_000


class Checker(ContractSheetChecks, StoredRecords):
    """Reads a source once, checking each row and planning the import.

    contract: the contract the import must go into (the import page's); None for the
    command, which takes (or creates) the contract the file names.
    may_change_contract: whether the contract row may change the contract's details; a
    provider's manager may not (only its commissioner may), so differences are problems.
    """

    def __init__(
        self,
        source: Source,
        *,
        contract: Contract | None = None,
        may_change_contract: bool = True,
        progress: Progress | None = None,
    ) -> None:
        self.source = source
        self.expected_contract = contract
        self.may_change_contract = may_change_contract
        self.progress = progress
        self.problems: list[Problem] = []
        self.contract: Contract | None = None
        self._existing: dict[str, Existing] = {}
        # Refs each ref-keyed table has in this file, and (for value_of) the rows themselves.
        self.file_refs: dict[str, set[str]] = {}
        self.file_rows: dict[str, dict[str, tuple[int, dict[str, Any]]]] = {}
        # Tables not read to the end (a header without a required column, a broken quote).
        self.unreadable: set[str] = set()
        # Read when the check is made (as YoungPersonForm reads it), once rather than a row.
        self.today = timezone.localdate()

    # -- running --------------------------------------------------------------------------

    def run(self) -> ImportCheck:
        for file_problem in self.source.problems:
            self.problems.append(Problem(file_problem.sheet, None, None, file_problem.reason))
        contract_plan = self.check_contract(self.source.tables.get(CONTRACT.name))
        plans = [
            self.check_table(table, self.source.tables[table.name])
            for table in TABLES[1:]
            if table.name in self.source.tables
        ]
        self.check_mentors_against_stored_matches()
        self.problems.sort(key=Problem.sort_key)
        return ImportCheck(self.source.name, self.problems, contract_plan, plans, self)

    def problem(self, table: Table, row: int | None, column: str | None, reason: str) -> None:
        self.problems.append(Problem(table.name, row, column, reason))

    # -- reading rows ---------------------------------------------------------------------

    def read(
        self, table: Table, source_table: SourceTable
    ) -> Iterator[tuple[int, dict[str, Any], bool, tuple[Column, ...], tuple[Any, ...] | None]]:
        """Each non-blank row as (row number, values read, whether it is valid, columns, key;
        None when a key cell could not be read)."""
        rows = source_table.rows()
        try:
            header = next(rows, None)
        except UnreadableRow as error:
            self.problem(table, 1, None, str(error))
            self.unreadable.add(table.name)
            return
        if header is None:
            return  # an empty sheet or file: like an absent table, it changes nothing
        columns, positions, unnamed = self.read_header(table, header)
        if any(column.required and column not in columns for column in table.columns):
            # Without a required column (a key among them) no row can be read: its header
            # problems say why, and references to its rows cannot be checked.
            self.unreadable.add(table.name)
            return
        absent = self.absent_columns(table, columns)
        width = len(header)
        seen: dict[tuple[Any, ...], int] = {}
        cells_of = self.cell_readers(columns, positions)
        row_number = 1
        try:
            for row_number, cells in enumerate(rows, start=2):
                if not "".join(cells).strip():
                    continue  # blank rows between or after the data are not records
                if self.progress and (row_number - 1) % PROGRESS_EVERY == 0:
                    self.progress(table.name, "read", row_number - 1)
                values, valid = self.read_cells(table, row_number, cells, cells_of)
                if len(cells) > width or unnamed:
                    valid &= self.check_unnamed_cells(table, row_number, cells, width, unnamed)
                if table.checks:
                    valid &= self.check_row(table, row_number, values, absent)
                try:
                    key = tuple(map(values.__getitem__, table.key))
                except KeyError:
                    key = None  # a key cell that could not be read is a problem already
                else:
                    valid &= self.check_duplicate(table, row_number, key, seen)
                yield row_number, values, valid, columns, key
        except UnreadableRow as error:
            self.problem(table, row_number + 1, None, str(error))
            # The rows past it are unread: a row elsewhere naming one of them is not wrong.
            self.unreadable.add(table.name)
        if self.progress:
            self.progress(table.name, "checked", row_number - 1)

    def absent_columns(self, table: Table, columns: tuple[Column, ...]) -> dict[str, int]:
        """The optional columns a record table's file leaves out, with their places in a stored
        record: the import keeps their stored values, so the checks must see those."""
        if table is CONTRACT or not table.checks:
            return {}
        return {
            column.name: position
            for position, column in enumerate(table.columns)
            if column not in columns
        }

    def with_stored_values(
        self, table: Table, values: dict[str, Any], absent: dict[str, int]
    ) -> dict[str, Any]:
        """The row as its record will be: the file's values over the stored ones, so that a
        rule across columns sees the record the database would hold."""
        if not all(name in values for name in table.key):
            return values  # a key cell that could not be read: the row is a new record
        stored = self.existing(table.name).by_key.get(tuple(values[name] for name in table.key))
        if stored is None:
            return values
        kept = {name: stored[1][position] for name, position in absent.items()}
        return {**kept, **values}

    def read_header(
        self, table: Table, header: list[str]
    ) -> tuple[tuple[Column, ...], list[int], set[int]]:
        position: dict[str, int] = {}
        unnamed: set[int] = set()
        for index, raw in enumerate(header):
            name = raw.strip()
            if not name:
                unnamed.add(index)
            elif name in position:
                self.problem(table, 1, name, "this column appears twice")
            elif name not in table.column_index:
                guess = get_close_matches(name, table.column_index, n=1)
                hint = f"; did you mean {guess[0]}?" if guess else ""
                if ";" in name and set(name.split(";")) & set(table.column_index):
                    hint = (
                        "; the columns seem to be separated by semicolons: save the file as "
                        "CSV UTF-8 (comma delimited)"
                    )
                self.problem(
                    table,
                    1,
                    name,
                    f"{table.name} has no column called {name}{hint} (its columns are "
                    f"{', '.join(table.column_index)})",
                )
            else:
                position[name] = index
        for column in table.columns:
            if column.required and column.name not in position:
                self.problem(table, 1, column.name, "this required column is missing")
        columns = tuple(column for column in table.columns if column.name in position)
        return columns, [position[column.name] for column in columns], unnamed

    def cell_readers(
        self, columns: tuple[Column, ...], positions: list[int]
    ) -> list[tuple[Column, int, Callable[[str], Any], frozenset[str] | set[str] | None]]:
        """Per column of a table: where its cell is, how it is read and, for a reference, the
        refs it may name (None: any), looked up once for the table rather than once a cell."""
        return [
            (
                column,
                index,
                column.type.parse,
                self.known_refs(column.type.table) if isinstance(column.type, Ref) else None,
            )
            for column, index in zip(columns, positions, strict=True)
        ]

    def read_cells(
        self,
        table: Table,
        row_number: int,
        cells: list[str],
        cells_of: list[tuple[Column, int, Callable[[str], Any], frozenset[str] | set[str] | None]],
    ) -> tuple[dict[str, Any], bool]:
        values: dict[str, Any] = {}
        valid = True
        count = len(cells)
        for column, index, parse, known in cells_of:
            text = cells[index].strip() if index < count else ""
            if not text:
                if column.required:
                    self.problem(table, row_number, column.name, "a value is required")
                    valid = False
                else:
                    values[column.name] = column.default
                continue
            try:
                value = parse(text)
            except CellError as error:
                self.problem(table, row_number, column.name, str(error))
                valid = False
                continue
            if known is not None and value not in known:
                self.problem(table, row_number, column.name, self.unknown_ref(column, value))
                valid = False
                continue
            values[column.name] = value
        return values, valid

    def check_row(
        self, table: Table, row_number: int, values: dict[str, Any], absent: dict[str, int]
    ) -> bool:
        """The table's checks across cells, on the row as its record will be stored."""
        checked = self.with_stored_values(table, values, absent) if absent else values
        valid = True
        for column_name, reason in self.run_checks(table, checked):
            if column_name in absent and column_name in checked:
                reason = (
                    f"{reason}; the file has no {column_name} column, so its stored "
                    f"{checked[column_name]} stays (add the column to change it)"
                )
            self.problem(table, row_number, column_name, reason)
            valid = False
        return valid

    def check_unnamed_cells(
        self, table: Table, row_number: int, cells: list[str], width: int, unnamed: set[int]
    ) -> bool:
        valid = True
        for index, cell in enumerate(cells):
            if (index >= width or index in unnamed) and cell.strip():
                self.problem(
                    table,
                    row_number,
                    get_column_letter(index + 1),
                    "a value in a column with no name in row 1",
                )
                valid = False
        return valid

    def run_checks(self, table: Table, values: dict[str, Any]) -> Iterator[tuple[str, str]]:
        for check in table.checks:
            yield from check(values, self)

    def check_duplicate(
        self,
        table: Table,
        row_number: int,
        key: tuple[Any, ...],
        seen: dict[tuple[Any, ...], int],
    ) -> bool:
        first = seen.setdefault(key, row_number)
        if first == row_number:
            return True
        if table.duplicate_reason:
            reason = f"{table.duplicate_reason} (row {first} has the same)"
        elif table.has_ref:
            reason = f"the ref {key[0]} is already used on row {first}"
        else:
            shown = ", ".join(f"{name} {value}" for name, value in zip(table.key, key, strict=True))
            reason = f"row {first} has the same {shown}: each combination may appear only once"
        self.problem(table, row_number, " + ".join(table.key), reason)
        return False

    # -- the record tables ----------------------------------------------------------------

    def check_table(self, table: Table, source_table: SourceTable) -> TablePlan:
        plan = TablePlan(table)
        refs = self.file_refs.setdefault(table.name, set())
        rows = self.file_rows.setdefault(table.name, {})
        existing: Existing | None = None
        names: list[str] = []
        positions: list[int] | None = None
        has_ref = table.has_ref
        for row_number, values, valid, columns, key in self.read(table, source_table):
            if existing is None:
                existing = self.existing(table.name)
                plan.columns = columns
                names = [column.name for column in columns]
                positions = [table.columns.index(column) for column in columns]
                if columns == table.columns:
                    positions = None  # the file has every column: compare whole records
            if has_ref and "ref" in values:
                # Known even when the row is invalid: rows pointing at it get no second problem.
                refs.add(values["ref"])
                rows.setdefault(values["ref"], (row_number, values))
            if not valid:
                continue
            row = tuple(map(values.__getitem__, names))
            stored = existing.by_key.get(key)
            if stored is None:
                plan.creates.append(row)
            elif (
                stored[1] if positions is None else tuple(map(stored[1].__getitem__, positions))
            ) == row:
                plan.unchanged += 1
            else:
                plan.updates.append((stored[0], row))
        return plan

    def check_mentors_against_stored_matches(self) -> None:
        """A mentors row may make a mentor one of the young people they already mentor in a
        stored match that the file does not change: that match would mentor themself."""
        mentor_rows = self.file_rows.get("mentors")
        if not mentor_rows or self.contract is None or self.contract.pk is None:
            return
        matches_in_file = self.file_refs.get("matches", set())
        matches = self.table("matches")
        mentor_at = matches.columns.index(matches.column("mentor_ref"))
        mentee_at = matches.columns.index(matches.column("mentee_ref"))
        for match_ref, (_pk, stored) in self.existing("matches").by_key.items():
            if match_ref[0] in matches_in_file:
                continue  # the file's own row for the match was checked with the match
            mentor_ref, mentee_ref = stored[mentor_at], stored[mentee_at]
            if mentor_ref in mentor_rows:
                row_number, _values = mentor_rows[mentor_ref]
                if self.value_of("mentors", mentor_ref, "young_person_ref") == mentee_ref:
                    self.problem(
                        self.table("mentors"),
                        row_number,
                        "young_person_ref",
                        f"{mentee_ref} is this mentor's mentee in match {match_ref[0]}: a "
                        "mentor cannot mentor themself",
                    )
