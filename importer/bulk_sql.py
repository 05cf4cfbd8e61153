"""An import's rows written in set-wise SQL, with their history rows.

bulk_create and bulk_history_create build a model instance per record and per history row and
prepare every value through the ORM: on a county's 340,000 rows that cost two thirds of a
minute-long import. Here each batch is one INSERT (RETURNING the new ids and keys), each batch
of updates one statement, and the history rows of a batch one INSERT ... SELECT from the rows
just written, so history holds every field as stored. SQLite takes multi-row VALUES;
PostgreSQL takes one array per column and unnest(), as a VALUES list of thousands of
placeholders costs psycopg (which binds on the client) and the server seconds to parse.

Values arrive as the import's checked Python values; only dates, decimals and the like go
through their field's get_db_prep_save, as Django would. Statements run on Django's cursor,
inside the caller's transaction: the database's constraints and the contract triggers judge
every row, and tests see every query.
"""

# ruff: noqa: S608 - the SQL is built from model metadata (quoted names), never from input

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache, partial
from itertools import chain, islice
from typing import Any

from django.conf import settings
from django.db import connection, models

# Rows per statement: big statements spare round trips and parsing; each database also bounds
# the parameters of one statement (PostgreSQL's protocol at 65,535; SQLite's compiled limit).
MOST_ROWS = 2_000
POSTGRESQL_PARAMETERS = 65_535
# Rows per statement when each column is one array parameter (PostgreSQL).
ARRAY_ROWS = 10_000
# Values the drivers take as the import reads them: text, whole numbers, ids, booleans.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.ForeignKey,
    models.BooleanField,
    models.IntegerField,
    models.AutoField,
)

Converter = Callable[[Any], Any]


def parameter_limit() -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return POSTGRESQL_PARAMETERS


def in_batches(items: Sequence[Any], width: int) -> Iterator[list[Any]]:
    """Batches of rows of `width` parameters each, as many as one statement may take."""
    yield from batches(items, max(1, min(MOST_ROWS, (parameter_limit() - 16) // max(width, 1))))


def batches(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def converters(model: type[models.Model], attnames: Sequence[str]) -> list[Converter | None]:
    """Per column, how a Python value becomes the driver's (None: as it is). Dates and
    decimals repeat across a county's rows, so each distinct value is converted once."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    found: list[Converter | None] = []
    for name in attnames:
        field = fields[name]
        if isinstance(field, PLAIN_FIELDS):
            found.append(None)
            continue
        convert = partial(prepare, field)
        if isinstance(field, models.DateField | models.DecimalField):
            convert = lru_cache(maxsize=4096)(convert)
        found.append(convert)
    return found


def prepare(field: models.Field, value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def prepared_columns(
    rows: Sequence[Sequence[Any]], convert: list[Converter | None]
) -> list[list[Any]]:
    """The rows' values, converted, column by column (map() does the work, not a loop in
    Python over every value)."""
    columns = [list(column) for column in zip(*rows, strict=True)]
    for position, fn in enumerate(convert):
        if fn is not None:
            columns[position] = list(map(fn, columns[position]))
    return columns


def prepared(rows: Sequence[Sequence[Any]], convert: list[Converter | None]) -> list[Any]:
    """The rows' values, converted, as one flat parameter list."""
    return list(chain.from_iterable(zip(*prepared_columns(rows, convert), strict=True)))


def array_types(model: type[models.Model], attnames: Sequence[str]) -> list[str] | None:
    """PostgreSQL: each column's type for an array parameter, or None if one has none here.

    Lengths and precisions are left off: a cast to varchar(50) would silently cut a longer
    text short, where the column itself refuses it."""
    if connection.vendor != "postgresql":
        return None
    fields = {field.attname: field for field in model._meta.concrete_fields}
    found = []
    for name in attnames:
        db_type = fields[name].db_type(connection) or ""
        base = db_type.split("(")[0].strip()
        if base not in ARRAY_TYPES:
            return None  # JSON and the like: the VALUES list takes them as Django adapts them
        found.append("text" if base == "varchar" else base)
    return found


ARRAY_TYPES = frozenset(
    {"varchar", "text", "integer", "bigint", "smallint", "boolean", "date", "numeric"}
)


def columns_of(model: type[models.Model], attnames: Sequence[str]) -> list[str]:
    fields = {field.attname: field for field in model._meta.concrete_fields}
    return [connection.ops.quote_name(fields[name].column) for name in attnames]


def insert(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Sequence[Sequence[Any]],
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """INSERT rows (values in the order of attnames); each new row's id and `returning`
    columns, matched by value rather than trusting the order rows come back in. Fields the rows
    leave out get their model default, as a model instance would give them."""
    unset = unset_fields(model, attnames)
    if unset:
        attnames = [*attnames, *(field.attname for field in unset)]
        rows = [(*row, *(default(field) for field in unset)) for row in rows]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(columns_of(model, attnames))
    back = ", ".join(columns_of(model, [model._meta.pk.attname, *returning]))
    one = "(" + ", ".join(["%s"] * len(attnames)) + ")"
    convert = converters(model, attnames)
    written: list[tuple[Any, ...]] = []
    arrays = array_types(model, attnames)
    with connection.cursor() as cursor:
        if arrays:
            unnest = ", ".join(f"%s::{array}[]" for array in arrays)
            for batch in batches(rows, ARRAY_ROWS):
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({unnest}) "
                    f"RETURNING {back}",
                    prepared_columns(batch, convert),
                )
                written.extend(cursor.fetchall())
            return written
        for batch in in_batches(rows, len(attnames)):
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))} "
                f"RETURNING {back}",
                prepared(batch, convert),
            )
            written.extend(cursor.fetchall())
    return written


def unset_fields(model: type[models.Model], attnames: Sequence[str]) -> list[models.Field]:
    given = set(attnames)
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.attname not in given
        and field.db_default is models.NOT_PROVIDED
    ]


def default(field: models.Field) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.pre_save(field.model(), add=True)
    return field.get_default()


def update(
    model: type[models.Model], attnames: Sequence[str], rows: Sequence[tuple[int, Sequence[Any]]]
) -> None:
    """UPDATE the given columns of each (id, values) row."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = columns_of(model, attnames)
    pk = connection.ops.quote_name(model._meta.pk.column)
    convert = converters(model, attnames)
    arrays = array_types(model, [model._meta.pk.attname, *attnames])
    with connection.cursor() as cursor:
        if arrays:
            unnest = ", ".join(f"%s::{array}[]" for array in arrays)
            names = [f"c{position}" for position in range(len(columns))]
            assigned = ", ".join(f"{c} = v.{n}" for c, n in zip(columns, names, strict=True))
            for batch in batches(rows, ARRAY_ROWS):
                cursor.execute(
                    f"UPDATE {table} SET {assigned} FROM unnest({unnest}) "
                    f"AS v(pk, {', '.join(names)}) WHERE {table}.{pk} = v.pk",
                    [[pk for pk, _values in batch]]
                    + prepared_columns([values for _pk, values in batch], convert),
                )
            return
        assignments = ", ".join(f"{column} = %s" for column in columns)
        for batch in in_batches(rows, len(attnames) + 1):
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {pk} = %s",
                [[*prepared([values], convert), pk_value] for pk_value, values in batch],
            )


def record_history(
    model: type[models.Model],
    ids: Sequence[int],
    *,
    update: bool,
    user_id: int | None,
    reason: str,
    when: datetime,
) -> None:
    """A history row for each record (as stored now), as simple_history's bulk_history_create
    writes it: "+" for created, "~" for updated, by whom and why, at one moment."""
    history = getattr(model, "history", None)
    if history is None or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    historical = history.model
    quote = connection.ops.quote_name
    tracked = [field.attname for field in historical.tracked_fields]
    base = {field.attname: field for field in model._meta.concrete_fields}
    extra = {
        "history_date": historical._meta.get_field("history_date").get_db_prep_save(
            when, connection
        ),
        "history_change_reason": reason,
        "history_type": "~" if update else "+",
        "history_user_id": user_id,
    }
    target = ", ".join(columns_of(historical, [*tracked, *extra]))
    source = ", ".join(quote(base[name].column) for name in tracked)
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    marks = ", ".join(["%s"] * len(extra))
    statement = (
        f"INSERT INTO {quote(historical._meta.db_table)} ({target}) "
        f"SELECT {source}, {marks} FROM {table} WHERE {pk} "
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for batch in batches(ids, ARRAY_ROWS):
                cursor.execute(statement + "= ANY(%s)", [*extra.values(), batch])
            return
        for batch in in_batches(ids, 1 + len(extra)):
            cursor.execute(
                statement + f"IN ({', '.join(['%s'] * len(batch))})", [*extra.values(), *batch]
            )
