"""Write a checked plan: the contract, then each table in bulk, in batches.

Called inside the caller's transaction, only for a plan without problems: every rule the
database enforces has been checked already, so a write here does not fail on a constraint
(unless someone changed the same records meanwhile, which the caller turns into a problem).
bulk_create and bulk_update bypass save() and signals, so history rows are written here too
(simple_history's bulk_history_create), and Match.limit_date comes from the table's `derived`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from django.db import models

from contracts.models import Contract, Organisation, User

from .columns import Ref
from .engine import Checker
from .plans import ContractPlan, ImportCheck, Progress, TablePlan

BATCH = 2000
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
        # ref -> id for each ref-keyed table: the stored records, then those created here.
        self.ids: dict[str, dict[str, int]] = {}

    def ids_of(self, table_name: str) -> dict[str, int]:
        if table_name not in self.ids:
            self.ids[table_name] = dict(self.checker.existing(table_name).ids)
        return self.ids[table_name]

    def fields(self, plan: TablePlan, values: tuple[Any, ...]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for column, value in zip(plan.columns, values, strict=True):
            if isinstance(column.type, Ref):
                fields[column.attname] = (
                    None if value is None else self.ids[column.type.table][value]
                )
            else:
                fields[column.model_field] = value
        if plan.table.derived:
            fields.update(plan.table.derived(fields))
        return fields

    def write(self, plan: TablePlan) -> None:
        for column in plan.columns:
            if isinstance(column.type, Ref):
                self.ids_of(column.type.table)
        if plan.creates:
            self.create(plan)
        if plan.updates:
            self.update(plan)

    def create(self, plan: TablePlan) -> None:
        model = plan.table.model
        extra = {"contract_id": self.contract.pk} if plan.table.has_contract else {}
        ids = self.ids_of(plan.table.name) if plan.table.has_ref else None
        for batch in batches(plan.creates):
            objects = [model(**self.fields(plan, values), **extra) for values in batch]
            model._default_manager.bulk_create(objects)
            self.record_history(model, objects, update=False)
            if ids is not None:
                ids.update((obj.ref, obj.pk) for obj in objects)

    def update(self, plan: TablePlan) -> None:
        model = plan.table.model
        names = [column.model_field for column in plan.columns]
        if plan.table.derived:
            names += list(plan.table.derived(self.fields(plan, plan.updates[0][1])))
        for batch in batches(plan.updates):
            # The whole records are fetched (one query a batch) so that history rows hold every
            # field, not just the ones the file gives.
            stored = model._default_manager.in_bulk([pk for pk, _values in batch])
            objects = []
            for pk, values in batch:
                obj = stored[pk]
                fields = self.fields(plan, values)
                for name, value in fields.items():
                    setattr(obj, name, value)
                objects.append(obj)
            model._default_manager.bulk_update(objects, names)
            self.record_history(model, objects, update=True)

    def record_history(
        self, model: type[models.Model], objects: list[Any], *, update: bool
    ) -> None:
        history = getattr(model, "history", None)
        if history is None:
            return  # every model the import writes has history today; a new one might not
        history.bulk_history_create(
            objects,
            update=update,
            default_user=self.user,
            default_change_reason=self.reason,
        )
