"""Migration 0005 takes the typed Funds4 Care fields away and keeps what they said, as a
sentence in the notes on the finances, on every return (an approved one too); the triggers are
rebuilt after it, and migrating back restores the fields."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.apps import apps as global_apps
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from kpis.models import Return
from kpis.returns import triggers as return_triggers

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("kpis", "0004_target_indicator_code")
AFTER = ("kpis", "0005_funds4care_from_records")


def migrate_to(target) -> None:
    call_command("migrate", target[0], target[1], verbosity=0, interactive=False)


@pytest.fixture(autouse=True)
def back_to_the_latest():
    """The test database of this worker goes on serving other tests: every migration of kpis
    after 0005 is applied again once the test is done (else a later test finds, say, no
    ReturnEvent.provider_part)."""
    yield
    call_command("migrate", "kpis", verbosity=0, interactive=False)


def state_apps(target):
    return MigrationExecutor(connection).loader.project_state(target).apps


def test_it_keeps_what_was_typed_in_the_notes_and_rebuilds_the_triggers(contract_a):
    migrate_to(BEFORE)
    try:
        OldReturn = state_apps(BEFORE).get_model("kpis", "Return")
        typed = OldReturn.objects.create(
            contract_id=contract_a.pk,
            financial_year=2025,
            period="Q1",
            due_date=date(2025, 7, 28),
            funds4care_allocated=Decimal("1750.5"),
            funds4care_awards=7,
            financial_notes="An underspend on venues.",
        )
        approved = OldReturn.objects.create(
            contract_id=contract_a.pk,
            financial_year=2025,
            period="Q2",
            status="approved",
            due_date=date(2025, 10, 28),
            frozen_figures={"indicators": []},
            frozen_at=datetime(2025, 10, 1, tzinfo=UTC),
            funds4care_awards=1,
        )
        untouched = OldReturn.objects.create(
            contract_id=contract_a.pk,
            financial_year=2025,
            period="Q3",
            due_date=date(2026, 1, 29),
            financial_notes="Nothing typed.",
        )
    finally:
        migrate_to(AFTER)
    notes = dict(Return.objects.values_list("pk", "financial_notes"))
    assert notes[typed.pk] == (
        "An underspend on venues.\n\nFunds4 Care as typed before the figures came from the "
        "records: £1,750.50 allocated, 7 awards."
    )
    assert notes[approved.pk] == (
        "Funds4 Care as typed before the figures came from the records: 1 award."
    )
    assert notes[untouched.pk] == "Nothing typed."
    assert return_triggers.installed(connection) == return_triggers.expected(
        global_apps, connection.vendor
    )
    # Rebuilt, so the approved one is final again.
    assert Return.objects.get(pk=approved.pk).status == "approved"
    with pytest.raises(IntegrityError, match="cannot be changed"):
        Return.objects.filter(pk=approved.pk).update(financial_notes="")
