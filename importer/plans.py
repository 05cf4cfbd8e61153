"""What checking an import file finds: every problem, where and why, and the plan of what
importing it would do (per table, the rows to create and update and how many are unchanged).
The engine makes these; the writer carries a plan out; the command and the page show them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contracts.models import Contract

from .columns import Column
from .schema import CONTRACT, TABLES, TABLES_BY_NAME, Table

if TYPE_CHECKING:
    from .engine import Checker

# Progress is reported as (table, what happened: "read", "checked" or "written", rows so far);
# the caller decides whether to show it.
Progress = Callable[[str, str, int], None]
TABLE_POSITION = {table.name: position for position, table in enumerate(TABLES)}


@dataclass(frozen=True)
class Problem:
    """One reason the file cannot be imported: where (sheet, row, column) and why."""

    sheet: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.sheet]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}"

    def sort_key(self) -> tuple[int, int, int, str]:
        """File-wide problems first, then by table, row, and column as the table lists them."""
        table = TABLES_BY_NAME.get(self.sheet)
        names = list(table.column_index) if table else []
        column = names.index(self.column) if self.column in names else len(names)
        return (TABLE_POSITION.get(self.sheet, -1), self.row or 0, column, self.column or "")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class TablePlan:
    """What importing one table would do. Values are tuples in the order of `columns` (the
    columns the file gives), with references still as refs: they become ids when written."""

    table: Table
    columns: tuple[Column, ...] = ()
    creates: list[tuple[Any, ...]] = field(default_factory=list)
    updates: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def counts(self) -> Counts:
        return Counts(len(self.creates), len(self.updates), self.unchanged)


@dataclass
class ContractPlan:
    values: dict[str, Any]
    existing: Contract | None
    changed: list[str]
    new_organisations: list[tuple[str, str]]

    @property
    def counts(self) -> Counts:
        if self.existing is None:
            return Counts(created=1)
        return Counts(updated=1) if self.changed else Counts(unchanged=1)


@dataclass
class ImportCheck:
    """The outcome of checking a source: every problem, and the plan if there are none."""

    source_name: str
    problems: list[Problem]
    contract_plan: ContractPlan | None
    plans: list[TablePlan]
    checker: Checker

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def contract(self) -> Contract | None:
        """The stored contract the file is for (None while it is new)."""
        return self.checker.contract

    def counts(self) -> dict[str, Counts]:
        """Per table present in the file, in the order of import-format.md."""
        counts: dict[str, Counts] = {}
        if self.contract_plan is not None:
            counts[CONTRACT.name] = self.contract_plan.counts
        for plan in self.plans:
            counts[plan.table.name] = plan.counts
        return counts
