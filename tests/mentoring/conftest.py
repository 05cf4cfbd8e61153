"""Fixtures for the peer-mentoring screens: a frozen today (Tuesday 10 June 2025, London),
contract A (Cornwall's framework, provider A) with a coordinator who signs in, and helpers to
make a trained mentor and a waiting mentee."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contracts.codes import MENTOR_MODULES
from contracts.models import Role
from mentoring.models import MenteeReferral, Mentor, MentorTraining
from tests.factories import MentorFactory, UserFactory, YoungPersonFactory

TODAY = date(2025, 6, 10)


@pytest.fixture(autouse=True)
def today(time_machine) -> date:
    time_machine.move_to(datetime(2025, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London")))
    return TODAY


@pytest.fixture
def coordinator_user(provider_a, contract_a):
    return UserFactory(
        username="coordinator.a",
        first_name="Jess",
        last_name="Trewin",
        role=Role.PROVIDER_WORKER,
        organisation=provider_a,
    )


@pytest.fixture
def coordinator(client, coordinator_user):
    client.force_login(coordinator_user)
    return client


def train(mentor: Mentor, on: date, modules=None) -> Mentor:
    """Record the modules (all eight unless said), the last of them on `on`, a day apart."""
    modules = list(MENTOR_MODULES) if modules is None else list(modules)
    for n, module in enumerate(reversed(modules)):
        MentorTraining.objects.create(
            mentor=mentor, module=module, completed_date=on - timedelta(days=n)
        )
    return mentor


def trained_mentor(contract, *, on: date = date(2025, 3, 1), **fields) -> Mentor:
    """An adult volunteer (unless `young_person` is given) trained on `on`."""
    fields.setdefault("start_date", on - timedelta(days=60))
    return train(MentorFactory(contract=contract, **fields), on)


def waiting_mentee(contract, **fields) -> MenteeReferral:
    person = fields.pop("young_person", None) or YoungPersonFactory(
        contract=contract, date_of_birth=date(2010, 1, 5), locality="East"
    )
    fields.setdefault("ref", f"MR-{MenteeReferral.objects.count() + 1:04d}")
    fields.setdefault("referral_date", date(2025, 5, 20))
    fields.setdefault("needs", ["confidence"])
    fields.setdefault("locality", person.locality)
    return MenteeReferral.objects.create(contract=contract, young_person=person, **fields)
