"""The records a contract already holds, as an import sees them: one query per table, their
foreign keys turned back into the refs a file uses, so that a file row and a stored record
compare directly. A part of the engine's Checker (engine.py), kept apart for length."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from contracts.models import Contract

from .columns import Column, Ref
from .schema import CONTRACT, TABLES_BY_NAME, Table

# Stored rows turned into ref space at a time: bounded, so memory stays flat in the data.
LOAD_CHUNK = 50_000


@dataclass
class Existing:
    """The records of one table already in the contract, keyed as the file keys them."""

    by_key: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)  # ref -> id (tables keyed by ref)
    refs: dict[int, str] = field(default_factory=dict)  # id -> ref


class StoredRecords:
    """Checker's methods for references and stored records; they use the Checker's state."""

    contract: Contract | None
    unreadable: set[str]
    file_refs: dict[str, set[str]]
    file_rows: dict[str, dict[str, tuple[int, dict[str, Any]]]]
    _existing: dict[str, Existing]

    def known_refs(self, table_name: str) -> frozenset[str] | set[str] | None:
        """The refs a reference to table_name may name: its rows in this file and those already
        in the contract (the file's are all read by then: references only point back)."""
        if table_name in self.unreadable or (
            self.contract is None and CONTRACT.name in self.unreadable
        ):
            # The rows it might name were not all read, or the contract whose records it might
            # name is not known: the problem that says why already refuses the file, and one
            # more on every row pointing there would bury it.
            return None
        in_file = self.file_refs.get(table_name, set())
        stored = self.existing(table_name).ids.keys()
        return in_file | stored if stored else in_file

    def unknown_ref(self, column: Column, ref: str) -> str:
        assert isinstance(column.type, Ref)
        table = self.table(column.type.table)
        where = f"contract {self.contract.ref}" if self.contract else "the contract"
        return f"there is no {table.noun} {ref} in {table.name} or already in {where}"

    @staticmethod
    def table(name: str) -> Table:
        return TABLES_BY_NAME[name]

    def existing(self, table_name: str) -> Existing:
        """The table's records already in the contract, loaded once (one query)."""
        if table_name not in self._existing:
            self._existing[table_name] = self.load_existing(self.table(table_name))
        return self._existing[table_name]

    def load_existing(self, table: Table) -> Existing:
        existing = Existing()
        if self.contract is None or self.contract.pk is None:
            return existing  # a new contract has no records yet
        columns = table.columns
        ref_maps = [
            (position, self.existing(column.type.table).refs)
            for position, column in enumerate(columns)
            if isinstance(column.type, Ref)
        ]
        key_positions = [columns.index(table.column(name)) for name in table.key]
        rows = (
            table.model._default_manager.filter(**{table.contract_path: self.contract})
            .order_by()
            .values_list("pk", *(column.attname for column in columns))
            .iterator(chunk_size=10_000)
        )
        # A chunk at a time, column by column: the refs of a column are looked up in one map()
        # and rows and keys built by zip(), at the speed of C rather than a loop in Python.
        while chunk := list(islice(rows, LOAD_CHUNK)):
            pks, *stored = zip(*chunk, strict=True)
            for position, refs in ref_maps:
                stored[position] = tuple(map(refs.get, stored[position]))
            values = list(zip(*stored, strict=True))
            keys = list(zip(*(stored[position] for position in key_positions), strict=True))
            existing.by_key.update(zip(keys, zip(pks, values, strict=True), strict=True))
            if table.has_ref:
                refs_read = stored[key_positions[0]]
                existing.ids.update(zip(refs_read, pks, strict=True))
                existing.refs.update(zip(pks, refs_read, strict=True))
        return existing

    def value_of(self, table_name: str, ref: str, column_name: str) -> Any:
        """A column of the record a ref names, as it will be after the import."""
        in_file = self.file_rows.get(table_name, {}).get(ref)
        if in_file is not None and column_name in in_file[1]:
            return in_file[1][column_name]
        stored = self.existing(table_name).by_key.get((ref,))
        if stored is None:
            return None
        table = self.table(table_name)
        return stored[1][table.columns.index(table.column(column_name))]
