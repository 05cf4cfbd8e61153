"""Mentoring recorded on screen round-trips through the import (issue 14): a mentor added on
screen with what only the screens keep (start, DBS check, locality, interests), their training,
a match made from a referral and closed with its reason, and a supported appointment, written
into the provider's spreadsheet as the import format has them, come back unchanged; an import
that changes a column the screens also keep changes only that column."""

import csv
import shutil
from datetime import date

import pytest
import time_machine

from contracts.codes import MENTOR_MODULES
from contracts.models import Contract, Role, YoungPerson
from mentoring.models import Match, MenteeReferral, Mentor, MentorTraining, SupportedAppointment
from mentoring.services import close_match, make_match, mentors_with_state
from tests.examples import EXAMPLES
from tests.factories import UserFactory

from .conftest import run_command

pytestmark = pytest.mark.django_db


def fields_of(record) -> list:
    return [getattr(record, f.attname) for f in type(record)._meta.concrete_fields]


def append(folder, table, *rows):
    with (folder / f"{table}.csv").open("a", newline="") as sheet:
        csv.writer(sheet).writerows(rows)


def test_mentoring_made_on_screen_round_trips_through_the_import(tmp_path):
    assert run_command(EXAMPLES / "ep")[0] == 0
    contract = Contract.objects.get()
    worker = UserFactory(role=Role.PROVIDER_WORKER, organisation=contract.provider)
    mentee = YoungPerson.objects.filter(contract=contract).order_by("-date_of_birth").first()
    with time_machine.travel(date(2025, 6, 10)):
        mentor = Mentor.objects.create(
            contract=contract, ref="M-0001", name="Sarah Penhaligon", start_date=date(2025, 1, 6),
            gender="female", locality="Carrick", travels_to=["Restormel"],
            interests=["cooking", "music"], max_matches=2, dbs_date=date(2025, 1, 2),
            dbs_ref="001234567890", dbs_renewal_date=date(2028, 1, 2),
        )  # fmt: skip
        for n, module in enumerate(MENTOR_MODULES):
            MentorTraining.objects.create(
                mentor=mentor, module=module, completed_date=date(2025, 2, 1 + n)
            )
        referral = MenteeReferral.objects.create(
            contract=contract, ref="MR-0001", young_person=mentee, referral_date=date(2025, 3, 1),
            needs=["confidence"], interests=["music"], locality=mentee.locality,
        )  # fmt: skip
        fresh = mentors_with_state(contract, date(2025, 3, 10)).get(pk=mentor.pk)
        match = make_match(referral, mentor=fresh, start_date=date(2025, 3, 10), by=worker)
        SupportedAppointment.objects.create(
            match=match, date=date(2025, 4, 2), appointment_type="health", notes="GP"
        )
        close_match(
            match, end_date=date(2025, 6, 9), reason="goals_met", note="", today=date(2025, 6, 10)
        )
    made = {
        "mentor": fields_of(Mentor.objects.get(pk=mentor.pk)),
        "match": fields_of(Match.objects.get(pk=match.pk)),
        "appointment": fields_of(SupportedAppointment.objects.get(match=match)),
    }
    trained = sorted(MentorTraining.objects.filter(mentor=mentor).values_list("pk", flat=True))

    folder = tmp_path / "ep"
    shutil.copytree(EXAMPLES / "ep", folder)
    append(folder, "mentors", ["M-0001", "Sarah Penhaligon", "", ""])
    append(
        folder,
        "mentor_training",
        *[["M-0001", module, f"2025-02-{1 + n:02d}"] for n, module in enumerate(MENTOR_MODULES)],
    )
    append(folder, "matches", [match.ref, "M-0001", mentee.ref, "2025-03-10", "2025-06-09"])
    append(folder, "supported_appointments", [match.ref, "2025-04-02", "health"])
    code, out, err = run_command(folder)
    assert (code, err) == (0, "")
    for table in ("mentors", "mentor_training", "matches", "supported_appointments"):
        line = next(row for row in out.splitlines() if row.startswith(f"{table}:"))
        assert ": 0 created, 0 updated, " in line, line
    assert fields_of(Mentor.objects.get(pk=mentor.pk)) == made["mentor"]
    assert fields_of(Match.objects.get(pk=match.pk)) == made["match"]
    assert fields_of(SupportedAppointment.objects.get(match=match)) == made["appointment"]
    assert sorted(MentorTraining.objects.filter(mentor=mentor).values_list("pk", flat=True)) == (
        trained
    )
    assert MenteeReferral.objects.get(pk=referral.pk).match_id == match.pk

    # The spreadsheet says she left: that column changes, what the screens keep does not.
    sheet = (folder / "mentors.csv").read_text()
    (folder / "mentors.csv").write_text(
        sheet.replace("M-0001,Sarah Penhaligon,,", "M-0001,Sarah Penhaligon,,2025-06-30")
    )
    assert run_command(folder)[0] == 0
    after = Mentor.objects.get(pk=mentor.pk)
    assert after.left_date == date(2025, 6, 30)
    assert (after.start_date, after.dbs_ref, after.interests, after.travels_to) == (
        date(2025, 1, 6),
        "001234567890",
        ["cooking", "music"],
        ["Restormel"],
    )
    assert Match.objects.get(pk=match.pk).closure_reason == "goals_met"
