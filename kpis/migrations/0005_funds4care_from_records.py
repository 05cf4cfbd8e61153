"""The Funds4 Care allocations of the financial monitoring return come from the records.

They were typed by the provider (`funds4care_allocated`, `funds4care_awards`); they are now the
sum and count of the awards decided in the period (kpis.return_queries.funds4care_awards), live
on a draft and frozen with the figures on submission. What was typed is kept, as a sentence at
the end of the return's notes on the finances, so no return loses what it said.

The triggers of migration 0003 are dropped first (they would refuse that sentence on an
approved return); kpis.return_triggers rebuilds their successors after every migrate.
"""

import importlib
from decimal import Decimal

from django.db import migrations, models

TRIGGERS_0003 = importlib.import_module("kpis.migrations.0003_returns_final_once_approved")


def drop_triggers_0003(apps, schema_editor) -> None:
    TRIGGERS_0003.run(schema_editor, backward=True)


def restore_triggers_0003(apps, schema_editor) -> None:
    TRIGGERS_0003.run(schema_editor, backward=False)


def pounds(value: Decimal) -> str:
    return f"£{value:,.2f}"


def keep_what_was_typed(apps, schema_editor) -> None:
    Return = apps.get_model("kpis", "Return")
    typed = Return.objects.exclude(
        funds4care_allocated__isnull=True, funds4care_awards__isnull=True
    ).only("financial_notes", "funds4care_allocated", "funds4care_awards")
    for ret in typed:
        parts = []
        if ret.funds4care_allocated is not None:
            parts.append(f"{pounds(ret.funds4care_allocated)} allocated")
        if ret.funds4care_awards is not None:
            parts.append(
                f"{ret.funds4care_awards} award{'s' if ret.funds4care_awards != 1 else ''}"
            )
        sentence = (
            f"Funds4 Care as typed before the figures came from the records: {', '.join(parts)}."
        )
        notes = f"{ret.financial_notes.rstrip()}\n\n{sentence}" if ret.financial_notes else sentence
        Return.objects.filter(pk=ret.pk).update(financial_notes=notes)


class Migration(migrations.Migration):
    dependencies = [
        ("kpis", "0004_target_indicator_code"),
    ]

    operations = [
        migrations.RunPython(drop_triggers_0003, restore_triggers_0003),
        migrations.RunPython(keep_what_was_typed, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="return",
            options={"ordering": ["contract", "-financial_year", "-period"]},
        ),
        migrations.RemoveConstraint(
            model_name="return",
            name="return_funds4care_allocated_not_negative",
        ),
        migrations.RemoveField(
            model_name="return",
            name="funds4care_allocated",
        ),
        migrations.RemoveField(
            model_name="return",
            name="funds4care_awards",
        ),
        migrations.AlterField(
            model_name="return",
            name="financial_notes",
            field=models.TextField(
                blank=True,
                help_text="Anything the figures do not say: an underspend, how the Funds4 Care awards were spread.",
                verbose_name="notes on the finances",
            ),
        ),
    ]
