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
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

# How long a locality may be, wherever one is written (a record's, or a contract's list).
LOCALITY_LENGTH = 100


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


def text_at_most(field: str, limit: int, name: str) -> models.CheckConstraint:
    """A TextField holds at most `limit` characters, in the database too: a TextField's
    max_length only reaches its form. LENGTH counts characters (not bytes) on SQLite and
    PostgreSQL alike."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=name,
        violation_error_message=f"The {field.replace('_', ' ')} can be up to {limit:,} characters.",
    )
