"""The database itself keeps an approved return as it was approved.

PostgreSQL: an approved return can neither be deleted nor changed, except its status going to
"changes_requested" with every other column as it was (the administrator's reopening, whose
reason is a ReturnEvent row); return events can neither be changed nor deleted.

SQLite (development and tests): the same for UPDATE. DELETE is left to the foreign keys (an
approved return always has events, which PROTECT it) because Django flushes an SQLite test
database with plain DELETEs, in no fixed order, and a refusing trigger would break every
transactional test. NB: SQLite drops a table's triggers when a later migration remakes the
table (most ALTERs do): such a migration must run these statements again.
"""

from django.db import migrations

# The columns of kpis_return at this migration, less `status` (the one the reopening changes).
RETURN_COLUMNS = (  # noqa: SIM905 (a sentence of names reads better than a list)
    "id contract_id financial_year period due_date frozen_figures frozen_at indicator_notes "
    "service_activity inputs_observations outputs_observations outcomes_observations "
    "social_value case_studies expenditure staffing_cost staff_fte additional_income "
    "funds4care_allocated funds4care_awards financial_notes created_at"
).split()

APPROVED_MESSAGE = "An approved return cannot be changed; an administrator may reopen it."
EVENT_MESSAGE = "The history of a return cannot be changed or deleted."

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER kpis_return_approved_is_final BEFORE UPDATE ON kpis_return
    FOR EACH ROW WHEN OLD.status = 'approved' AND (
        NEW.status IS NOT 'changes_requested'
        OR {" OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in RETURN_COLUMNS)}
    )
    BEGIN SELECT RAISE(ABORT, '{APPROVED_MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER kpis_returnevent_is_final BEFORE UPDATE ON kpis_returnevent
    FOR EACH ROW BEGIN SELECT RAISE(ABORT, '{EVENT_MESSAGE}'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS kpis_return_approved_is_final;",
    "DROP TRIGGER IF EXISTS kpis_returnevent_is_final;",
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION kpis_return_approved_is_final() RETURNS trigger AS $$
    BEGIN
        IF OLD.status = 'approved' THEN
            IF TG_OP = 'DELETE'
               OR NEW.status <> 'changes_requested'
               -- Every column but the status, so a column added later is covered too.
               OR (to_jsonb(NEW) - 'status') IS DISTINCT FROM (to_jsonb(OLD) - 'status') THEN
                RAISE EXCEPTION '{APPROVED_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER kpis_return_approved_is_final BEFORE UPDATE OR DELETE ON kpis_return
    FOR EACH ROW EXECUTE FUNCTION kpis_return_approved_is_final();
    """,
    f"""
    CREATE OR REPLACE FUNCTION kpis_returnevent_is_final() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{EVENT_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    # Row triggers only: TRUNCATE (how Django flushes a PostgreSQL test database) is not
    # refused, and is no door an application or a person at a shell uses by accident.
    """
    CREATE TRIGGER kpis_returnevent_is_final BEFORE UPDATE OR DELETE ON kpis_returnevent
    FOR EACH ROW EXECUTE FUNCTION kpis_returnevent_is_final();
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS kpis_return_approved_is_final ON kpis_return;",
    "DROP FUNCTION IF EXISTS kpis_return_approved_is_final();",
    "DROP TRIGGER IF EXISTS kpis_returnevent_is_final ON kpis_returnevent;",
    "DROP FUNCTION IF EXISTS kpis_returnevent_is_final();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def run(schema_editor, backward: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"No triggers written for {vendor}.")
    for statement in STATEMENTS[vendor][1 if backward else 0]:
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor) -> None:
    run(schema_editor, backward=False)


def backward(apps, schema_editor) -> None:
    run(schema_editor, backward=True)


class Migration(migrations.Migration):
    dependencies = [("kpis", "0002_returns")]

    operations = [migrations.RunPython(forward, backward)]
