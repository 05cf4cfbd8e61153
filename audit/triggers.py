"""Database triggers that keep the audit append-only, on SQLite and PostgreSQL alike.

A row of `audit_auditevent` is never deleted, and never changed but in one way: when an
account is deleted, its rows lose the link to it (Django sets `user_id` to NULL) and keep
everything else, the username included. Any other UPDATE, and every DELETE, is refused with
an IntegrityError, whatever does it: a page, the admin, a shell, raw SQL.

Generated from the model, so a column added later is covered without anyone remembering, and
rebuilt around every `migrate` by the project's machinery (contracts.triggers says why not in
a migration; connected in `AuditConfig.ready()`). `flush` lifts them on SQLite for its own
transaction (`refuses_delete`), as it does kpis' returns triggers.
"""

# ruff: noqa: S608 - the SQL is built from model metadata (quoted names), never from input

from __future__ import annotations

from contracts.triggers import ERROR, TriggerSet, literal, q

PREFIX = "tamar_audit_"

REFUSED = "The audit is append-only: its rows cannot be changed or deleted."


def _table(apps) -> tuple[str, str, tuple[str, ...]] | None:
    """The table, its user column, and every other column."""
    try:
        meta = apps.get_model("audit", "AuditEvent")._meta
    except LookupError:  # migrating to before the audit existed
        return None
    user = meta.get_field("user").column
    others = tuple(f.column for f in meta.concrete_fields if f.column != user)
    return meta.db_table, user, others


def sqlite_statements(table: str, user: str, others: tuple[str, ...]) -> list[str]:
    unchanged = " AND ".join(f"NEW.{q(c)} IS OLD.{q(c)}" for c in others)
    unlinked = f"OLD.{q(user)} IS NOT NULL AND NEW.{q(user)} IS NULL AND {unchanged}"
    refuse = f"BEGIN SELECT RAISE(ABORT, {literal(REFUSED)}); END"
    return [
        f"CREATE TRIGGER {q(PREFIX + 'no_update')} BEFORE UPDATE ON {q(table)} "
        f"FOR EACH ROW WHEN NOT ({unlinked}) {refuse}",
        f"CREATE TRIGGER {q(PREFIX + 'no_delete')} BEFORE DELETE ON {q(table)} "
        f"FOR EACH ROW {refuse}",
    ]


def postgresql_statements(table: str, user: str, others: tuple[str, ...]) -> list[str]:
    name = q(PREFIX + "append_only")
    return [
        f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    -- A deleted account's rows lose the link to it, and nothing else.
    IF TG_OP = 'UPDATE' AND OLD.{q(user)} IS NOT NULL AND NEW.{q(user)} IS NULL
       AND (to_jsonb(NEW) - {literal(user)}) = (to_jsonb(OLD) - {literal(user)}) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION {literal(REFUSED)} USING ERRCODE = '{ERROR}';
END;
$$ LANGUAGE plpgsql""",
        f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {q(table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


STATEMENTS = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}


def create_statements(apps, vendor: str) -> list[str]:
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"No audit triggers written for {vendor}.")
    found = _table(apps)
    return [] if found is None else STATEMENTS[vendor](*found)


TRIGGERS = TriggerSet(PREFIX, create_statements, refuses_delete=True)
