"""The checks of the contract table: the one row that names the contract the records belong to,
its details and its commissioner and provider. A part of the engine's Checker (engine.py), kept
apart because the contract is checked unlike any record table: it is found or created, may not
change hands, and only its commissioner may change its details."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from contracts.models import Contract, Organisation

from .plans import ContractPlan
from .schema import CONTRACT
from .sources import SourceTable


class ContractSheetChecks:
    """Checker's methods for the contract table; they use the Checker's state below, and its
    `read` and `problem`."""

    expected_contract: Contract | None
    contract: Contract | None
    may_change_contract: bool
    unreadable: set[str]

    def check_contract(self, source_table: SourceTable | None) -> ContractPlan | None:
        self.contract = self.expected_contract
        if source_table is None:
            self.problem(
                CONTRACT,
                None,
                None,
                "the contract table is missing: every import names its contract in a sheet "
                "(or contract.csv) with exactly one row",
            )
            return None
        rows = [
            (number, values, valid)
            for number, values, valid, _columns, _key in self.read(CONTRACT, source_table)
        ]
        if CONTRACT.name in self.unreadable:
            return None
        if len(rows) != 1:
            self.problem(
                CONTRACT,
                rows[1][0] if rows else 2,
                "ref",
                f"the contract table must have exactly one row; it has {len(rows)}",
            )
            return None
        row_number, values, valid = rows[0]
        ref = values.get("ref")
        if self.expected_contract is not None:
            if ref is not None and ref != self.expected_contract.ref:
                self.problem(
                    CONTRACT,
                    row_number,
                    "ref",
                    f"this file is for contract {ref}, but it is being imported into "
                    f"contract {self.expected_contract.ref}",
                )
                return None  # its other details would all differ too: one problem says it
        elif ref is not None:
            contracts = Contract.objects.select_related("commissioner", "provider")
            if transaction.get_connection().in_atomic_block:
                # About to write: a second import into the same contract waits for this one.
                contracts = contracts.select_for_update(of=("self",))
            self.contract = contracts.filter(ref=ref).first()
        new_organisations = self.check_organisations(row_number, values)
        changed = self.contract_changes(values)
        if changed and self.contract is not None and not self.may_change_contract:
            for name in changed:
                self.problem(
                    CONTRACT,
                    row_number,
                    name,
                    f"{values[name]} differs from the contract's {name.replace('_', ' ')} "
                    f"({self.stored_contract_value(name)}); only the commissioner can change a "
                    "contract's details",
                )
            return None
        if new_organisations is None or not valid:
            return None
        return ContractPlan(values, self.contract, changed, new_organisations)

    def check_organisations(
        self, row_number: int, values: dict[str, Any]
    ) -> list[tuple[str, str]] | None:
        """The organisations to create; None if the commissioner or provider cannot be."""
        if self.contract is not None and self.contract.pk is not None:
            return self.check_same_organisations(row_number, values)
        wanted = {
            "commissioner": (values.get("commissioner"), Organisation.Kind.COMMISSIONER),
            "provider": (values.get("provider"), Organisation.Kind.PROVIDER),
        }
        names = [name for name, _kind in wanted.values() if name]
        if not names:
            return []
        if len(names) == 2 and names[0] == names[1]:
            self.problem(
                CONTRACT, row_number, "provider", "the commissioner and the provider are the same"
            )
            return None
        kinds = dict(Organisation.objects.filter(name__in=names).values_list("name", "kind"))
        create: list[tuple[str, str]] = []
        ok = True
        for column, (name, kind) in wanted.items():
            if not name:
                continue
            if name not in kinds:
                create.append((name, kind))
            elif kinds[name] != kind:
                self.problem(
                    CONTRACT,
                    row_number,
                    column,
                    f"{name} is a {Organisation.Kind(kinds[name]).label.lower()} organisation, "
                    f"not a {Organisation.Kind(kind).label.lower()} one",
                )
                ok = False
        return create if ok else None

    def check_same_organisations(
        self, row_number: int, values: dict[str, Any]
    ) -> list[tuple[str, str]] | None:
        """A stored contract keeps its organisations: a mistyped provider must not quietly
        create an organisation and move the contract, and its staff's access, to it."""
        ok = True
        for role in ("commissioner", "provider"):
            name = values.get(role)
            stored = self.stored_contract_value(role)
            if name and name != stored:
                self.problem(
                    CONTRACT,
                    row_number,
                    role,
                    f"'{name}' differs from the contract's {role}, '{stored}': an import does "
                    "not move a contract to another organisation (an administrator can, in the "
                    "admin)",
                )
                ok = False
        return [] if ok else None

    def stored_contract_value(self, name: str) -> Any:
        assert self.contract is not None
        if name in ("commissioner", "provider"):
            return getattr(self.contract, name).name
        return getattr(self.contract, name)

    def contract_changes(self, values: dict[str, Any]) -> list[str]:
        if self.contract is None or self.contract.pk is None:
            return []
        return [
            name
            for name, value in values.items()
            if name not in ("ref", "commissioner", "provider")  # see check_same_organisations
            and value != self.stored_contract_value(name)
        ]
