"""Constraints the record models share.

The records a provider keeps (import-format.md). Every record belongs to one contract: those
with a `ref` carry the contract themselves (refs are unique within it), the others hang off a
record that does (a young person, a session, a key worker...). A record never points at another
contract's record: triggers generated from these foreign keys refuse it
(contracts/records/triggers.py).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def valid_code(field: str, codes, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": list(codes)}), name=name)


def ends_after_start(start: str, end: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": models.F(start)}),
        name=name,
    )


def unique_ref(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["contract", "ref"], name=name)


def required_text(*fields: str, name: str) -> models.CheckConstraint:
    """A required text column is not empty: NOT NULL alone lets '' in (import-format.md: "a
    missing required value")."""
    condition = Q()
    for field in fields:
        condition &= ~Q(**{field: ""})
    return models.CheckConstraint(condition=condition, name=name)
