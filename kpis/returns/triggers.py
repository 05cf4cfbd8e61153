"""Database triggers that keep an approved return as it was approved, generated from the models.

- **An approved return** (`kpis_return`) cannot be deleted, and cannot be changed but by the
  administrator's reopening: its status goes to "changes_requested", every other column stays
  as it was, and the return's latest history row is that reopening (kpis.returns.workflow writes the
  row before it moves the status). The rule names no column for the first two refusals, so a
  column added later is covered without anyone remembering; the comparison of the other
  columns on reopening is generated from the model.
- **The history** (`kpis_returnevent`) is never changed or deleted.
- **The threads and attachments of an approved return** (`kpis_indicatorcomment`,
  `kpis_returnattachment`) gain, change and lose no row.

Like contracts.records.triggers, the triggers are not written by a migration but rebuilt around
every `migrate` that applies one (contracts.triggers says why; connected in
`KpisConfig.ready()`), from the models as the migrations leave them. Migration 0003 wrote the
first version; 0005 drops it.

Flushing: Django empties a PostgreSQL database with TRUNCATE, which fires no row trigger, but an
SQLite one with a plain DELETE per table, in no fixed order, which these triggers refuse. The
`flush` command of this app (which Django's test teardown calls too) lifts them for its own
transaction and puts them back before it commits (`TRIGGERS.lifted`).
"""

# ruff: noqa: S608 - the SQL is built from model metadata (quoted names), never from input

from __future__ import annotations

from dataclasses import dataclass

from contracts.triggers import ERROR, TriggerSet, literal, q

PREFIX = "tamar_returns_"

APPROVED = "approved"
REOPENED = "changes_requested"

FINAL = "An approved return cannot be changed; an administrator may reopen it."
NOT_DELETED = "An approved return cannot be deleted."
ONLY_STATUS = "Reopening an approved return changes its status and nothing else."
WITH_HISTORY = (
    "An approved return is reopened only with its history row (who and why): use the "
    "administrator's reopening, not a plain update."
)
HISTORY = "The history of a return cannot be changed or deleted."
CLOSED = {
    "comments": "The threads of an approved return are closed; an administrator may reopen it.",
    "attachments": (
        "The attachments of an approved return cannot change; an administrator may reopen it."
    ),
}


@dataclass(frozen=True)
class Tables:
    """The tables and columns the triggers name, read from the models in a registry or state."""

    ret: str
    ret_id: str
    status: str
    other_columns: tuple[str, ...]  # every column of the return but its status
    event: str
    event_ret: str
    event_id: str
    event_action: str
    children: tuple[tuple[str, str, str], ...]  # (kind, table, column naming the return)


def tables(apps) -> Tables | None:
    try:
        ret = apps.get_model("kpis", "Return")._meta
        event = apps.get_model("kpis", "ReturnEvent")._meta
        comment = apps.get_model("kpis", "IndicatorComment")._meta
        attachment = apps.get_model("kpis", "ReturnAttachment")._meta
    except LookupError:  # migrating to before the returns existed
        return None
    status = ret.get_field("status").column
    return Tables(
        ret=ret.db_table,
        ret_id=ret.pk.column,
        status=status,
        other_columns=tuple(f.column for f in ret.concrete_fields if f.column != status),
        event=event.db_table,
        event_ret=event.get_field("ret").column,
        event_id=event.pk.column,
        event_action=event.get_field("action").column,
        children=(
            ("comments", comment.db_table, comment.get_field("ret").column),
            ("attachments", attachment.db_table, attachment.get_field("ret").column),
        ),
    )


def _latest_action(t: Tables, row: str) -> str:
    return (
        f"(SELECT e.{q(t.event_action)} FROM {q(t.event)} e WHERE e.{q(t.event_ret)} = "
        f"{row}.{q(t.ret_id)} ORDER BY e.{q(t.event_id)} DESC LIMIT 1)"
    )


# --- SQLite ------------------------------------------------------------------------------------


def _sqlite_trigger(name: str, event: str, table: str, when: str, checks) -> str:
    body = " ".join(
        f"SELECT RAISE(ABORT, {literal(message)}){f' WHERE {condition}' if condition else ''};"
        for condition, message in checks
    )
    when = f" WHEN {when}" if when else ""
    return (
        f"CREATE TRIGGER {q(PREFIX + name)} BEFORE {event} ON {q(table)} "
        f"FOR EACH ROW{when} BEGIN {body} END"
    )


def sqlite_statements(t: Tables) -> list[str]:
    status = q(t.status)
    approved = f"OLD.{status} = {literal(APPROVED)}"
    changed = " OR ".join(f"NEW.{q(c)} IS NOT OLD.{q(c)}" for c in t.other_columns)
    statements = [
        _sqlite_trigger(
            "return_final_on_update",
            "UPDATE",
            t.ret,
            approved,
            [
                (f"NEW.{status} IS NOT {literal(REOPENED)}", FINAL),
                (changed, ONLY_STATUS),
                (f"{_latest_action(t, 'OLD')} IS NOT 'reopen'", WITH_HISTORY),
            ],
        ),
        _sqlite_trigger("return_final_on_delete", "DELETE", t.ret, approved, [("", NOT_DELETED)]),
        _sqlite_trigger("event_final_on_update", "UPDATE", t.event, "", [("", HISTORY)]),
        _sqlite_trigger("event_final_on_delete", "DELETE", t.event, "", [("", HISTORY)]),
    ]
    for kind, table, column in t.children:

        def of_approved(row: str, column: str = column) -> str:
            return (
                f"EXISTS (SELECT 1 FROM {q(t.ret)} r WHERE r.{q(t.ret_id)} = {row}.{q(column)} "
                f"AND r.{status} = {literal(APPROVED)})"
            )

        closed = [("", CLOSED[kind])]
        statements += [
            _sqlite_trigger(
                f"{kind}_closed_on_insert", "INSERT", table, of_approved("NEW"), closed
            ),
            _sqlite_trigger(
                f"{kind}_closed_on_update",
                "UPDATE",
                table,
                f"{of_approved('OLD')} OR {of_approved('NEW')}",
                closed,
            ),
            _sqlite_trigger(
                f"{kind}_closed_on_delete", "DELETE", table, of_approved("OLD"), closed
            ),
        ]
    return statements


# --- PostgreSQL --------------------------------------------------------------------------------


def _raise(message: str) -> str:
    return f"RAISE EXCEPTION {literal(message)} USING ERRCODE = '{ERROR}';"


def _pg_function(name: str, body: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {q(PREFIX + name)}() RETURNS trigger AS $$
DECLARE
    ret_status text;
BEGIN
{body}
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql"""


def _pg_trigger(name: str, events: str, table: str) -> str:
    return (
        f"CREATE TRIGGER {q(PREFIX + name)} BEFORE {events} ON {q(table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {q(PREFIX + name)}()"
    )


def postgresql_statements(t: Tables) -> list[str]:
    status = q(t.status)
    return_body = f"""
    IF OLD.{status} = {literal(APPROVED)} THEN
        IF TG_OP = 'DELETE' THEN
            {_raise(NOT_DELETED)}
        END IF;
        IF NEW.{status} IS DISTINCT FROM {literal(REOPENED)} THEN
            {_raise(FINAL)}
        END IF;
        -- Every column but the status, whatever columns the table has.
        IF (to_jsonb(NEW) - {literal(t.status)}) IS DISTINCT FROM
           (to_jsonb(OLD) - {literal(t.status)}) THEN
            {_raise(ONLY_STATUS)}
        END IF;
        IF {_latest_action(t, "OLD")} IS DISTINCT FROM 'reopen' THEN
            {_raise(WITH_HISTORY)}
        END IF;
    END IF;"""
    statements = [
        _pg_function("return_final", return_body),
        _pg_trigger("return_final", "UPDATE OR DELETE", t.ret),
        _pg_function("event_final", f"    {_raise(HISTORY)}"),
        _pg_trigger("event_final", "UPDATE OR DELETE", t.event),
    ]
    for kind, table, column in t.children:
        # FOR SHARE: a message added while the return is being approved waits for the approval
        # to commit and then sees it (and an approval waits for a message being added).
        checks = []
        for row, skip in (("OLD", "INSERT"), ("NEW", "DELETE")):
            checks.append(f"""
    IF TG_OP <> '{skip}' THEN
        SELECT r.{status} INTO ret_status FROM {q(t.ret)} r
        WHERE r.{q(t.ret_id)} = {row}.{q(column)} FOR SHARE;
        IF ret_status = {literal(APPROVED)} THEN
            {_raise(CLOSED[kind])}
        END IF;
    END IF;""")
        statements += [
            _pg_function(f"{kind}_closed", "".join(checks)),
            _pg_trigger(f"{kind}_closed", "INSERT OR UPDATE OR DELETE", table),
        ]
    return statements


STATEMENTS = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}


def create_statements(apps, vendor: str) -> list[str]:
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"No return triggers written for {vendor}.")
    found = tables(apps)
    return [] if found is None else STATEMENTS[vendor](found)


TRIGGERS = TriggerSet(PREFIX, create_statements, refuses_delete=True)
installed, expected, drop, install = (
    TRIGGERS.installed,
    TRIGGERS.expected,
    TRIGGERS.drop,
    TRIGGERS.install,
)
