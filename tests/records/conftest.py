"""Fixtures for the records screens: a frozen today, a logged-in provider worker, URLs."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from .support import TODAY


@pytest.fixture(autouse=True)
def today(time_machine) -> date:
    """Care status and age are 'today': every test here runs on 15 June 2025, London time."""
    time_machine.move_to(datetime(2025, 6, 15, 10, 0, tzinfo=ZoneInfo("Europe/London")))
    return TODAY


@pytest.fixture
def worker(client, provider_a_worker):
    """A client logged in as provider A's worker."""
    client.force_login(provider_a_worker)
    return client
