"""A grant made on screen round-trips through the import without change (issue 12): its row in
a provider's spreadsheet, as the import format writes it, leaves the application, its round,
its history and its payment as they were."""

import csv
import shutil
from datetime import date
from decimal import Decimal

import pytest
import time_machine

from contracts.codes import CARE_STATUSES
from contracts.models import Contract, Role, YoungPerson
from funds4care.models import Application, ApplicationEvent, Payment
from funds4care.services.applications import save_draft, submit
from funds4care.services.funds import open_fund, save_round, update_fund
from funds4care.services.ledger import approve, record_payment
from tests.examples import EXAMPLES
from tests.factories import UserFactory

from .conftest import run_command

pytestmark = pytest.mark.django_db


def test_a_grant_made_on_screen_round_trips_through_the_import_unchanged(tmp_path):
    assert run_command(EXAMPLES / "ep")[0] == 0
    contract = Contract.objects.get()
    manager = UserFactory(role=Role.PROVIDER_MANAGER, organisation=contract.provider)
    person = YoungPerson.objects.get(contract=contract, ref="Y00001")
    with time_machine.travel(date(2025, 5, 12)):
        fund = open_fund(contract=contract, year=2025, by=manager)
        # Whoever the example's young person is on the day, the fund lets them apply.
        anyone = {"care_statuses": list(CARE_STATUSES), "min_age": 0, "max_age": 99}
        update_fund(fund=fund, by=manager, values=anyone)
        spring = save_round(
            fund=fund, by=manager, panel=[],
            values={"name": "Spring 2025", "opens_on": date(2025, 4, 1),
                    "closes_on": date(2025, 5, 31)},
        )  # fmt: skip
        draft = save_draft(contract=contract, by=manager, values={
            "young_person": person, "round": spring, "purpose": "A bike to get to college",
            "amount_requested": Decimal("180.00"), "reason": "The bus is too dear.",
        })  # fmt: skip
        submitted = submit(application=draft, by=manager)
    with time_machine.travel(date(2025, 6, 10)):
        approve(application=submitted, by=manager, amount=Decimal("150.00"), on=date(2025, 6, 10))
        record_payment(application=submitted, by=manager, paid_on=date(2025, 6, 12),
                       amount=Decimal("150.00"), method="supplier", reference="BIKE-1")  # fmt: skip
    made = Application.objects.get(pk=submitted.pk)
    events = ApplicationEvent.objects.filter(application=made).count()

    # The provider's spreadsheet carries the grant as the import format writes it.
    folder = tmp_path / "ep"
    shutil.copytree(EXAMPLES / "ep", folder)
    with (folder / "f4c_applications.csv").open("a", newline="") as table:
        csv.writer(table).writerow([
            made.ref, person.ref, "2025-05-12", "180.00", "approved", "2025-06-10", "150.00", "no",
        ])  # fmt: skip
    code, out, err = run_command(folder)
    assert (code, err) == (0, "")
    line = next(row for row in out.splitlines() if row.startswith("f4c_applications:"))
    # The example's 140 applications and the grant made on screen: none changed.
    assert line.endswith("0 created, 0 updated, 141 unchanged"), line

    after = Application.objects.get(pk=made.pk)
    assert [getattr(after, f.attname) for f in Application._meta.concrete_fields] == [
        getattr(made, f.attname) for f in Application._meta.concrete_fields
    ]
    assert (after.round, after.status, after.purpose) == (
        spring,
        "paid",
        "A bike to get to college",
    )
    assert ApplicationEvent.objects.filter(application=after).count() == events
    assert Payment.objects.get(application=after).reference == "BIKE-1"
