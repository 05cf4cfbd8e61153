"""The columns of an import table and their types.

Each column type turns the text of a cell (already stripped, never empty) into the value the
model stores, or raises CellError with a reason written for the person who keeps the file; it
also describes itself for the blank template's Notes sheet and offers its drop-down list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.db import models

from contracts import codes


class CellError(ValueError):
    """A cell's value cannot be taken in; the message is the reason a person reads."""


# [0-9], not \d: \d also matches other scripts' digits, which Decimal() would quietly accept.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DECIMAL_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
# Dates far outside the service's life are typos (2205 for 2025), and one_year_after() would
# overflow on 31 December 9999; a sane window catches both.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class ColumnType:
    kind = "text"

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        """The type as the template's Notes sheet explains it."""
        raise NotImplementedError

    def choices(self) -> list[str] | None:
        """Allowed values, for a drop-down list in the template; None: free entry."""
        return None


@dataclass(frozen=True)
class Text(ColumnType):
    max_length: int | None = None

    def parse(self, text: str) -> str:
        if self.max_length is not None and len(text) > self.max_length:
            raise CellError(
                f"is {len(text):,} characters long; at most {self.max_length:,} are allowed"
            )
        return text

    def describe(self) -> str:
        if self.max_length is None:
            return "text"
        return f"text, at most {self.max_length:,} characters"


@dataclass(frozen=True)
class Date(ColumnType):
    kind = "date"

    def parse(self, text: str) -> date:
        return parse_date(text)

    def describe(self) -> str:
        return "date, YYYY-MM-DD"


@lru_cache(maxsize=4096)
def parse_date(text: str) -> date:
    """A date cell's value; a county's file repeats a few hundred days across 200,000 rows, so
    each is parsed once (a refused text raises every time: errors are not cached)."""
    if not ISO_DATE.fullmatch(text):
        raise CellError(f"'{text}' is not a date written YYYY-MM-DD (for example 2025-04-01)")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CellError(f"'{text}' is not a real date") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise CellError(
            f"'{text}' is outside the years {EARLIEST_DATE.year}-{LATEST_DATE.year}: "
            "is the year mistyped?"
        )
    return day


@dataclass(frozen=True)
class YesNo(ColumnType):
    kind = "bool"

    def parse(self, text: str) -> bool:
        if text == "yes":
            return True
        if text == "no":
            return False
        raise CellError(f"'{text}' is not yes or no")

    def describe(self) -> str:
        return "yes or no"

    def choices(self) -> list[str]:
        return ["yes", "no"]


@dataclass(frozen=True)
class Code(ColumnType):
    codes: Mapping[str, str]
    list_name: str
    kind = "code"

    def parse(self, text: str) -> str:
        if text not in self.codes:
            raise CellError(
                f"'{text}' is not one of the {self.list_name} codes: {', '.join(self.codes)}"
            )
        return text

    def describe(self) -> str:
        return f"one of the {self.list_name} codes"

    def choices(self) -> list[str]:
        return list(self.codes)


@dataclass(frozen=True)
class Number(ColumnType):
    """A decimal (places > 0) or a whole number (places == 0) within a range."""

    places: int
    minimum: Decimal
    maximum: Decimal
    minimum_excluded: bool = False
    # How the range reads in a message: "between 1 and 10", "more than 0 and at most 24"...
    range_text: str = ""
    maximum_reason: str = ""
    kind = "number"

    def parse(self, text: str) -> Decimal | int:
        pattern = DECIMAL_TEXT if self.places else INTEGER_TEXT
        if not pattern.fullmatch(text):
            what = "a number" if self.places else "a whole number"
            raise CellError(f"'{text}' is not {what}")
        try:
            value = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern already excludes it
            raise CellError(f"'{text}' is not a number") from None
        if self.places and value != value.quantize(Decimal(1).scaleb(-self.places)):
            raise CellError(f"{text} has more than {self.places} decimal places")
        too_low = value <= self.minimum if self.minimum_excluded else value < self.minimum
        if too_low:
            raise CellError(f"{text} is out of range: it must be {self.range_text}")
        if value > self.maximum:
            if self.maximum_reason:
                raise CellError(self.maximum_reason.format(text=text))
            raise CellError(f"{text} is out of range: it must be {self.range_text}")
        return value if self.places else int(value)

    def describe(self) -> str:
        if self.places:
            return f"a number with at most {self.places} decimal places, {self.range_text}"
        return f"a whole number {self.range_text}"


@dataclass(frozen=True)
class Ref(ColumnType):
    """The key of a record in another table (its `ref`), in this file or in the contract."""

    table: str
    kind = "ref"

    def parse(self, text: str) -> str:
        if len(text) > REF_LENGTH:
            raise CellError(f"is {len(text)} characters long; a ref has at most {REF_LENGTH}")
        return text

    def describe(self) -> str:
        return f"the ref of a row of {self.table}"


REF_LENGTH = 50


def money(maximum: str = "9999999999.99", maximum_reason: str = "") -> Number:
    return Number(
        places=2,
        minimum=Decimal("0"),
        maximum=Decimal(maximum),
        range_text=f"0 or more (at most {maximum})",
        maximum_reason=maximum_reason,
    )


SCORE = Number(places=0, minimum=Decimal(1), maximum=Decimal(10), range_text="between 1 and 10")
RATING = Number(places=0, minimum=Decimal(1), maximum=Decimal(5), range_text="between 1 and 5")
HOURS = Number(
    places=2,
    minimum=Decimal(0),
    maximum=Decimal(24),
    minimum_excluded=True,
    range_text="more than 0 and at most 24",
)
TIMEFRAME = Number(places=0, minimum=Decimal(0), maximum=Decimal(60), range_text="from 0 to 60")
GRANT = money(
    maximum=codes.MAX_GRANT,
    maximum_reason=f"{{text}} is above the maximum grant of {codes.MAX_GRANT}",
)


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = True
    # The model field it fills; for a Ref, the foreign key (name without "_ref").
    field: str = ""
    # What an empty optional cell means.
    default: Any = None
    help: str = ""

    @property
    def model_field(self) -> str:
        if self.field:
            return self.field
        return self.name.removesuffix("_ref") if isinstance(self.type, Ref) else self.name

    @property
    def attname(self) -> str:
        """The database column Django reads and writes: young_person_id for a foreign key."""
        return f"{self.model_field}_id" if isinstance(self.type, Ref) else self.model_field


def text_column(model: type[models.Model], name: str, **kwargs: Any) -> Column:
    """A text column as long as the model's field allows: its max_length, which the database
    holds too (PostgreSQL's varchar, or a CHECK on a TextField's length)."""
    max_length = model._meta.get_field(kwargs.get("field") or name).max_length
    if "default" not in kwargs and not kwargs.get("required", True):
        kwargs["default"] = ""
    return Column(name, Text(max_length), **kwargs)


def ref(table: str, name: str = "", **kwargs: Any) -> Column:
    return Column(name or f"{TABLE_NOUN_COLUMN[table]}_ref", Ref(table), **kwargs)


def code(name: str, mapping: Mapping[str, str], list_name: str, **kwargs: Any) -> Column:
    return Column(name, Code(mapping, list_name), **kwargs)


def day(name: str, **kwargs: Any) -> Column:
    return Column(name, Date(), **kwargs)


def optional_day(name: str, **kwargs: Any) -> Column:
    return Column(name, Date(), required=False, **kwargs)


# The column a reference to each ref-keyed table usually goes by.
TABLE_NOUN_COLUMN = {
    "young_people": "young_person",
    "sessions": "session",
    "mentors": "mentor",
    "matches": "match",
    "key_workers": "key_worker",
    "cases": "case",
}
