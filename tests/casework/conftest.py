"""Fixtures for the casework screens: a frozen today (Tuesday 10 June 2025, London), contract B
(Wolverhampton's framework, provider B) with a team manager, a key worker who signs in, and
the URLs."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from contracts.models import Role
from tests.factories import KeyWorkerFactory, UserFactory

TODAY = date(2025, 6, 10)


@pytest.fixture(autouse=True)
def today(time_machine) -> date:
    time_machine.move_to(datetime(2025, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London")))
    return TODAY


@pytest.fixture
def team_manager(provider_b, contract_b):
    return UserFactory(username="manager.b", role=Role.PROVIDER_MANAGER, organisation=provider_b)


@pytest.fixture
def key_worker_user(provider_b, contract_b):
    return UserFactory(
        username="keyworker.b",
        first_name="Marcus",
        last_name="Bennett",
        role=Role.PROVIDER_WORKER,
        organisation=provider_b,
    )


@pytest.fixture
def marcus(contract_b, key_worker_user):
    return KeyWorkerFactory(
        contract=contract_b, ref="KW-01", name="Marcus Bennett", user=key_worker_user
    )


@pytest.fixture
def manager(client, team_manager):
    client.force_login(team_manager)
    return client


@pytest.fixture
def worker(client, key_worker_user):
    client.force_login(key_worker_user)
    return client
