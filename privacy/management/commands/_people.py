"""The contract and young person a privacy command names by reference."""

from __future__ import annotations

from django.core.management.base import CommandError

from contracts.models import Contract, YoungPerson


def contract_named(ref: str) -> Contract:
    try:
        return Contract.objects.get(ref=ref)
    except Contract.DoesNotExist:
        raise CommandError(f"No contract has the reference {ref!r}.") from None


def young_person_named(contract_ref: str, ref: str) -> YoungPerson:
    contract = contract_named(contract_ref)
    try:
        return contract.young_people.select_related("contract").get(ref=ref)
    except YoungPerson.DoesNotExist:
        raise CommandError(f"{contract.ref} has no young person {ref!r}.") from None
