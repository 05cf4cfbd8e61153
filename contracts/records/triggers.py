"""Database triggers that keep every record inside its contract, generated from the models.

Two rules span tables, so no CHECK constraint can hold them:

- **A record points only at records of its own contract.** A row with a `contract` column may
  only reference contract-owned rows (those with a `contract` column) of that contract; a row
  without one (an attendance) may only reference rows that share a contract. The links are
  read from the models' foreign keys (`links()`), so a new foreign key is covered as soon as it
  is migrated. The other direction is held too: a referenced row cannot move to another
  contract while a row of its old contract points at it.
- **A mentor is not matched with themself**: a match's mentee is not its mentor's young person,
  whether the match changes or the mentor's young person does.

The triggers are not written by a migration but rebuilt around every `migrate` that applies
one (contracts.triggers, connected in `ContractsConfig.ready()`), from the models as the
migrations leave them. SQLite forces this: a migration that remakes a
table (most ALTERs do) drops that table's triggers, and refuses to finish while another table's
trigger names the remade one ("error in trigger ...: no such table"). Rebuilding around each
migrate also means a later migration never has to remember them.
"""

# ruff: noqa: S608 - the SQL is built from model metadata (quoted names), never from input

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import models

from ..triggers import ERROR, TriggerSet, literal, q

PREFIX = "tamar_records_"


@dataclass(frozen=True)
class End:
    """One end of a link: the row's own contract column, or a foreign key to an owned table."""

    field: str  # the linking model's field: "contract", "young_person"
    column: str  # its column on the linking table
    label: str  # for messages: "contract", "young person"
    table: str | None = None  # the referenced table; None for the row's own contract column
    target_column: str = ""  # the referenced table's key column
    target_contract: str = ""  # the referenced table's contract column


@dataclass(frozen=True)
class Link:
    """A row of `table` whose two ends must name the same contract."""

    model_label: str  # "contracts.Case", for tests and messages
    table: str
    noun: str  # "case", "attendance"
    anchor: End  # the row's own contract, or (without one) its first owned parent
    other: End  # always a foreign key

    @property
    def message(self) -> str:
        of_what = (
            f"the {self.noun}'s contract"
            if self.anchor.table is None
            else f"the contract of its {self.anchor.label}"
        )
        return (
            f"{_a(self.noun)} {self.noun}'s {self.other.label} must belong to {of_what} "
            f"({self.table}.{self.other.column} names another contract's record)."
        )

    def move_message(self, end: End) -> str:
        return (
            f"This {end.label} cannot move to another contract: "
            f"{_a(self.noun).lower()} {self.noun} of its contract points at it "
            f"({self.table}.{end.column})."
        )


def _a(noun: str) -> str:
    return "An" if noun[:1].lower() in "aeiou" else "A"


def _contract_field(model) -> models.ForeignKey | None:
    for field in model._meta.concrete_fields:
        if (
            field.name == "contract"
            and isinstance(field, models.ForeignKey)
            and field.db_constraint
            and field.related_model._meta.label_lower == "contracts.contract"
        ):
            return field
    return None


def _fk_end(field: models.ForeignKey) -> End:
    target = field.related_model
    return End(
        field=field.name,
        column=field.column,
        label=str(field.verbose_name),
        table=target._meta.db_table,
        target_column=field.target_field.column,
        target_contract=_contract_field(target).column,
    )


def links(apps) -> list[Link]:
    """Every pair of columns that must name one contract, in `apps` (a registry or a migration
    state). Historical models' foreign keys carry no database constraint, so they are left out."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if not opts.managed or opts.proxy:
            continue
        contract = _contract_field(model)
        owned = [
            field
            for field in opts.concrete_fields
            if isinstance(field, models.ForeignKey)
            and field is not contract
            and field.db_constraint
            and _contract_field(field.related_model) is not None
        ]
        if contract is not None:
            anchor = End(field=contract.name, column=contract.column, label="contract")
        elif len(owned) >= 2:
            # By name, not by the order of the fields: a migration may add them in another
            # order than the model declares them, and the triggers are built from its state.
            owned = sorted(owned, key=lambda field: field.name)
            anchor, owned = _fk_end(owned[0]), owned[1:]
        else:
            continue
        noun = str(opts.verbose_name)
        for field in owned:
            found.append(Link(opts.label, opts.db_table, noun, anchor, _fk_end(field)))
    return found


# --- SQL ---------------------------------------------------------------------------------------


def trigger_name(table: str, rule: str) -> str:
    name = f"{PREFIX}{table}_{rule}"
    if len(name) <= 63:  # PostgreSQL truncates identifiers at 63 bytes
        return name
    return name[:54] + "_" + hashlib.sha256(name.encode()).hexdigest()[:8]


def _contract_of(end: End, row: str) -> tuple[str, str]:
    """(FROM item, contract expression) for one end of `row` (NEW, or a table alias)."""
    if end.table is None:
        return "", f"{row}.{q(end.column)}"
    alias = "t_" + end.column
    return (
        f"{q(end.table)} {alias}",
        f"{alias}.{q(end.target_contract)}",
    )


def _key_of(end: End, row: str) -> str:
    return f"t_{end.column}.{q(end.target_column)} = {row}.{q(end.column)}"


def row_condition(link: Link) -> str:
    """True when NEW's two ends name different contracts (never for a reference to a row that
    does not exist: the foreign key refuses that itself)."""
    other_from, other_contract = _contract_of(link.other, "NEW")
    anchor_from, anchor_contract = _contract_of(link.anchor, "NEW")
    froms = ", ".join(item for item in (other_from, anchor_from) if item)
    keys = " AND ".join(_key_of(end, "NEW") for end in (link.other, link.anchor) if end.table)
    return f"EXISTS (SELECT 1 FROM {froms} WHERE {keys} AND {other_contract} <> {anchor_contract})"


def move_condition(link: Link, end: End) -> str:
    """True when a row of link.table points at NEW (a row of end.table) through `end` while its
    other end names a contract other than NEW's."""
    far = link.other if end is link.anchor else link.anchor
    far_from, far_contract = _contract_of(far, "x")
    froms = ", ".join(item for item in (f"{q(link.table)} x", far_from) if item)
    keys = f"x.{q(end.column)} = NEW.{q(end.target_column)}"
    if far.table:
        keys += " AND " + _key_of(far, "x")
    return (
        f"EXISTS (SELECT 1 FROM {froms} WHERE {keys} "
        f"AND {far_contract} <> NEW.{q(end.target_contract)})"
    )


@dataclass(frozen=True)
class Rule:
    """One trigger: on `table`, before insert and/or update of `columns`, refuse the row when
    any condition holds, with that condition's message."""

    name: str
    table: str
    on_insert: bool
    columns: tuple[str, ...]  # an update fires the trigger only when it sets one of these
    checks: tuple[tuple[str, str], ...]  # (condition, message)
    when: str = ""  # an extra condition on the update (SQL on NEW and OLD)


def rules(apps) -> list[Rule]:
    found: dict[str, list[Link]] = {}
    for link in links(apps):
        found.setdefault(link.table, []).append(link)
    result = []
    for table, table_links in found.items():
        columns = {end.column for link in table_links for end in (link.anchor, link.other)}
        result.append(
            Rule(
                name=trigger_name(table, "same_contract"),
                table=table,
                on_insert=True,
                columns=tuple(sorted(columns)),
                checks=tuple((row_condition(link), link.message) for link in table_links),
            )
        )
    moves: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for link in links(apps):
        for end in (link.anchor, link.other):
            if end.table:
                moves.setdefault((end.table, end.target_contract), []).append(
                    (move_condition(link, end), link.move_message(end))
                )
    for (table, contract), checks in moves.items():
        result.append(
            Rule(
                name=trigger_name(table, "keeps_contract"),
                table=table,
                on_insert=False,
                columns=(contract,),
                checks=tuple(checks),
                when=f"NEW.{q(contract)} IS DISTINCT FROM OLD.{q(contract)}",
            )
        )
    result.extend(_mentor_rules(apps))
    return result


MENTEE_IS_MENTOR = (
    "A mentor cannot be matched with themself: the mentee is the mentor's own young person."
)
MENTOR_IS_MENTEE = (
    "This mentor cannot be this young person: a match pairs the mentor with them as mentee."
)


def _mentor_rules(apps) -> list[Rule]:
    try:
        match = apps.get_model("mentoring", "Match")._meta
        mentor = apps.get_model("mentoring", "Mentor")._meta
    except LookupError:  # migrating to before the mentoring tables exist
        return []
    mentor_pk = mentor.pk.column
    match_mentor, mentee = match.get_field("mentor").column, match.get_field("mentee").column
    young_person = mentor.get_field("young_person").column
    return [
        Rule(
            name=trigger_name(match.db_table, "mentee_not_mentor"),
            table=match.db_table,
            on_insert=True,
            columns=(match_mentor, mentee),
            checks=(
                (
                    f"EXISTS (SELECT 1 FROM {q(mentor.db_table)} m WHERE m.{q(mentor_pk)} = "
                    f"NEW.{q(match_mentor)} AND m.{q(young_person)} = NEW.{q(mentee)})",
                    MENTEE_IS_MENTOR,
                ),
            ),
        ),
        Rule(
            name=trigger_name(mentor.db_table, "mentee_not_mentor"),
            table=mentor.db_table,
            on_insert=False,
            columns=(young_person,),
            checks=(
                (
                    f"EXISTS (SELECT 1 FROM {q(match.db_table)} x WHERE x.{q(match_mentor)} = "
                    f"NEW.{q(mentor_pk)} AND x.{q(mentee)} = NEW.{q(young_person)})",
                    MENTOR_IS_MENTEE,
                ),
            ),
        ),
    ]


def sqlite_statements(rule: Rule) -> list[str]:
    body = " ".join(
        f"SELECT RAISE(ABORT, {literal(message)}) WHERE {condition};"
        for condition, message in rule.checks
    )
    events = [("insert", "INSERT")] if rule.on_insert else []
    events.append(("update", f"UPDATE OF {', '.join(q(c) for c in rule.columns)}"))
    # SQLite spells IS DISTINCT FROM as IS NOT.
    when = f" WHEN {rule.when.replace('IS DISTINCT FROM', 'IS NOT')}" if rule.when else ""
    return [
        f"CREATE TRIGGER {q(rule.name + '_on_' + suffix)} BEFORE {event} ON {q(rule.table)} "
        f"FOR EACH ROW{when if suffix == 'update' else ''} BEGIN {body} END"
        for suffix, event in events
    ]


def postgresql_statements(rule: Rule) -> list[str]:
    body = "\n".join(
        f"    IF {condition} THEN\n"
        f"        RAISE EXCEPTION {literal(message)} USING ERRCODE = '{ERROR}';\n"
        f"    END IF;"
        for condition, message in rule.checks
    )
    function = f"""
CREATE OR REPLACE FUNCTION {q(rule.name)}() RETURNS trigger AS $$
BEGIN
{body}
    RETURN NEW;
END;
$$ LANGUAGE plpgsql"""
    events = (["INSERT"] if rule.on_insert else []) + [
        f"UPDATE OF {', '.join(q(c) for c in rule.columns)}"
    ]
    # WHEN may not name OLD on INSERT, so a rule with a WHEN fires on update only.
    when = f" WHEN ({rule.when})" if rule.when else ""
    trigger = (
        f"CREATE TRIGGER {q(rule.name)} BEFORE {' OR '.join(events)} ON {q(rule.table)} "
        f"FOR EACH ROW{when} EXECUTE FUNCTION {q(rule.name)}()"
    )
    return [function, trigger]


STATEMENTS = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}


def create_statements(apps, vendor: str) -> list[str]:
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"No record triggers written for {vendor}.")
    return [sql for rule in rules(apps) for sql in STATEMENTS[vendor](rule)]


TRIGGERS = TriggerSet(PREFIX, create_statements)
installed, expected, drop, install = (
    TRIGGERS.installed,
    TRIGGERS.expected,
    TRIGGERS.drop,
    TRIGGERS.install,
)
