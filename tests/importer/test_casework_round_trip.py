"""Casework recorded on screen round-trips through the import without change (issue 13): a
referral allocated as a case and its contacts, written into the provider's spreadsheet as the
import format has them, leave the case's referral and closure, and each contact's type, people
and notes, as they were; an import that changes a column the screens also keep changes only
that column."""

import csv
import shutil
from datetime import date

import pytest
import time_machine

from contracts.casework.services import allocate, close_case, record_contact, screen
from contracts.models import Case, Contact, Contract, KeyWorker, Referral, Role, YoungPerson
from tests.examples import EXAMPLES
from tests.factories import UserFactory

from .conftest import run_command

pytestmark = pytest.mark.django_db


def fields_of(record) -> list:
    return [getattr(record, f.attname) for f in type(record)._meta.concrete_fields]


def test_casework_made_on_screen_round_trips_through_the_import(tmp_path):
    assert run_command(EXAMPLES / "ypt")[0] == 0
    contract = Contract.objects.get()
    manager = UserFactory(role=Role.PROVIDER_MANAGER, organisation=contract.provider)
    person = YoungPerson.objects.filter(contract=contract).order_by("-date_of_birth").first()
    worker = KeyWorker.objects.filter(contract=contract).first()
    with time_machine.travel(date(2025, 6, 10)):
        referral = Referral.objects.create(
            contract=contract, ref="R-0001", young_person=person,
            referral_date=date(2025, 6, 2), source="early_help",
            concerns=["school_exclusion"], referrer="Head of year, Park School",
        )  # fmt: skip
        screen(referral, decision="accepted", note="", by=manager, on=date(2025, 6, 3))
        case = allocate(referral, key_worker=worker, start_date=date(2025, 6, 4), by=manager)
        contact = record_contact(
            Contact(contract=contract, case=case, contact_date=date(2025, 6, 5), kind="visit",
                    with_whom="Them and their dad", notes="First visit at home."),
            by=manager, today=date(2025, 6, 10),
        )  # fmt: skip
        close_case(case, end_date=date(2025, 6, 10), outcome="goals_not_met",
                   reason="moved_away", note="Moved to Leeds.", by=manager)  # fmt: skip
    made_case, made_contact = Case.objects.get(pk=case.pk), Contact.objects.get(pk=contact.pk)

    # The provider's spreadsheet carries them as the import format writes them.
    folder = tmp_path / "ypt"
    shutil.copytree(EXAMPLES / "ypt", folder)
    with (folder / "cases.csv").open("a", newline="") as table:
        csv.writer(table).writerow(
            [case.ref, person.ref, worker.ref, "2025-06-02", "2025-06-04", "2025-06-10"]
        )
    with (folder / "contacts.csv").open("a", newline="") as table:
        csv.writer(table).writerow([contact.ref, case.ref, "2025-06-05", "2025-06-10"])
    code, out, err = run_command(folder)
    assert (code, err) == (0, "")
    for table in ("cases", "contacts"):
        line = next(row for row in out.splitlines() if row.startswith(f"{table}:"))
        assert ": 0 created, 0 updated, " in line, line
    assert fields_of(Case.objects.get(pk=case.pk)) == fields_of(made_case)
    assert fields_of(Contact.objects.get(pk=contact.pk)) == fields_of(made_contact)

    # The spreadsheet corrects the day it was recorded: that column changes, nothing else.
    rows = (
        (folder / "contacts.csv")
        .read_text()
        .replace(
            f"{contact.ref},{case.ref},2025-06-05,2025-06-10",
            f"{contact.ref},{case.ref},2025-06-05,2025-06-06",
        )
    )
    (folder / "contacts.csv").write_text(rows)
    assert run_command(folder)[0] == 0
    after = Contact.objects.get(pk=contact.pk)
    assert after.recorded_date == date(2025, 6, 6)
    assert (after.kind, after.with_whom, after.notes, after.recorded_by) == (
        "visit",
        "Them and their dad",
        "First visit at home.",
        manager,
    )
    assert Case.objects.get(pk=case.pk).referral == referral
