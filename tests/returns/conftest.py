"""Fixtures of the return tests: the personas' contracts (tests/conftest.py) with their returns
opened on a fixed day, and the people the personas lack."""

from datetime import date

import pytest
import time_machine

from contracts.models import Role
from kpis.models import Return
from kpis.returns.due import open_returns
from tests.factories import UserFactory

# A day after Q1 and H1 2025/26 have ended (and Q2's return is not yet due).
TODAY = date(2025, 10, 20)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2025, 10, 20), tick=False):
        yield


@pytest.fixture
def provider_b_manager(provider_b, contract_b):
    return UserFactory(username="manager.b", role=Role.PROVIDER_MANAGER, organisation=provider_b)


@pytest.fixture
def second_commissioner(council_a, contract_a):
    return UserFactory(username="commissioner.a2", role=Role.COMMISSIONER, organisation=council_a)


@pytest.fixture
def cornwall_q1(contract_a) -> Return:
    open_returns(contract=contract_a)
    return Return.objects.get(contract=contract_a, financial_year=2025, period="Q1")


@pytest.fixture
def wolverhampton_h1(contract_b) -> Return:
    open_returns(contract=contract_b)
    return Return.objects.get(contract=contract_b, financial_year=2025, period="H1")
