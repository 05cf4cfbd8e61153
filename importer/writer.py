"""Write a checked plan: the contract, then each table in bulk, in batches.

Called inside the caller's transaction, only for a plan without problems: every rule the
database enforces has been checked already, so a write here does not fail on a constraint
(unless someone changed the same records meanwhile, which the caller turns into a problem).
Rows go in as set-wise SQL (bulk_sql: multi-row INSERTs, history rows copied from the rows
just written), which bypasses save() and signals: history rows are written here too, as
simple_history's bulk_history_create would, and Match.limit_date comes from the table's
`derived`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from contracts.models import Contract, Organisation, User

from . import bulk_sql
from .columns import Ref
from .engine import Checker
from .plans import ContractPlan, ImportCheck, Progress, TablePlan

# Rows turned into database values at a time (bulk_sql splits them into statements).
BATCH = 20_000
T = TypeVar("T")


def batches(items: Sequence[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def write(
    check: ImportCheck,
    *,
    user: User | None,
    reason: str,
    progress: Progress | None = None,
) -> Contract:
    assert check.ok and check.contract_plan is not None, "only a plan without problems"
    contract = write_contract(check.contract_plan)
    writer = TableWriter(check.checker, contract, user, reason)
    for plan in check.plans:
        writer.write(plan)
        if progress:
            progress(plan.table.name, "written", len(plan.creates) + len(plan.updates))
    return contract


def write_contract(plan: ContractPlan) -> Contract:
    contract = plan.existing
    if contract is not None:
        # The checker refuses a stored contract's other commissioner or provider: an import
        # never moves a contract to another organisation.
        assert not {"commissioner", "provider"} & set(plan.changed)
        if plan.changed:
            for name in plan.changed:
                setattr(contract, name, plan.values[name])
            contract.save(update_fields=plan.changed)
        return contract
    organisations = {
        name: Organisation(name=name, kind=kind) for name, kind in plan.new_organisations
    }
    for organisation in organisations.values():
        organisation.save()
    values = dict(plan.values)
    for role in ("commissioner", "provider"):
        name = values.pop(role)
        values[role] = organisations.get(name) or Organisation.objects.get(name=name)
    contract = Contract(**values)
    contract.save()
    return contract


class TableWriter:
    def __init__(self, checker: Checker, contract: Contract, user: User | None, reason: str):
        self.checker = checker
        self.contract = contract
        self.user = user
        self.reason = reason
        # One moment for every history row of the import, as bulk_history_create gives a batch.
        self.when = timezone.now()
        # ref -> id for each ref-keyed table: the stored records, then those created here.
        self.ids: dict[str, dict[str, int]] = {}

    def ids_of(self, table_name: str) -> dict[str, int]:
        if table_name not in self.ids:
            self.ids[table_name] = dict(self.checker.existing(table_name).ids)
        return self.ids[table_name]

    def names(self, plan: TablePlan) -> list[str]:
        """The database columns (attnames) a plan's values fill, in order."""
        return [column.attname for column in plan.columns]

    def database_rows(
        self, plan: TablePlan, rows: Sequence[tuple[Any, ...]]
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """The plan's rows with refs turned into ids, and the fields the model derives."""
        names = self.names(plan)
        columns = list(zip(*rows, strict=True))
        for position, column in enumerate(plan.columns):
            if isinstance(column.type, Ref):
                ids = self.ids_of(column.type.table)
                columns[position] = tuple(
                    map(ids.__getitem__, columns[position])
                    if column.required
                    else (None if ref is None else ids[ref] for ref in columns[position])
                )
        written = list(zip(*columns, strict=True))
        if plan.table.derived and written:
            derived = [plan.table.derived(dict(zip(names, row, strict=True))) for row in written]
            names = [*names, *derived[0]]
            written = [(*row, *extra.values()) for row, extra in zip(written, derived, strict=True)]
        return names, written

    def write(self, plan: TablePlan) -> None:
        if plan.creates:
            self.create(plan)
        if plan.updates:
            self.update(plan)

    def history_user_id(self, model: type[models.Model]) -> int | None:
        history = getattr(model, "history", None)
        user = self.user or (history.model.get_default_history_user(None) if history else None)
        return getattr(user, "pk", None)

    def create(self, plan: TablePlan) -> None:
        model = plan.table.model
        ids = self.ids_of(plan.table.name) if plan.table.has_ref else None
        user_id = self.history_user_id(model)
        for batch in batches(plan.creates):
            names, rows = self.database_rows(plan, batch)
            if plan.table.has_contract:
                names.append("contract_id")
                rows = [(*row, self.contract.pk) for row in rows]
            written = bulk_sql.insert(
                model, names, rows, returning=("ref",) if ids is not None else ()
            )
            if ids is not None:
                ids.update((ref, pk) for pk, ref in written)
            bulk_sql.record_history(
                model,
                [row[0] for row in written],
                update=False,
                user_id=user_id,
                reason=self.reason,
                when=self.when,
            )

    def update(self, plan: TablePlan) -> None:
        model = plan.table.model
        user_id = self.history_user_id(model)
        for batch in batches(plan.updates):
            names, rows = self.database_rows(plan, [values for _pk, values in batch])
            pks = [pk for pk, _values in batch]
            bulk_sql.update(model, names, list(zip(pks, rows, strict=True)))
            bulk_sql.record_history(
                model, pks, update=True, user_id=user_id, reason=self.reason, when=self.when
            )
