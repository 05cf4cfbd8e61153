"""A Cornwall contract's fund for 2026/27 with its spring round (1 April to 30 June 2026), and
Jade, 16 and in care: eligible unless a test says otherwise."""

from datetime import date

import pytest

from contracts.models import Role

from ..factories import CareStatusFactory, UserFactory, YoungPersonFactory
from .factories import FundFactory, RoundFactory

APPLYING_ON = date(2026, 5, 12)


@pytest.fixture
def fund(contract_a):
    return FundFactory(contract=contract_a, financial_year=2026)


@pytest.fixture
def spring(fund):
    return RoundFactory(fund=fund, name="Spring 2026")


@pytest.fixture
def summer(fund):
    return RoundFactory(
        fund=fund, name="Summer 2026", opens_on=date(2026, 7, 1), closes_on=date(2026, 9, 30)
    )


@pytest.fixture
def jade(contract_a):
    person = YoungPersonFactory(
        contract=contract_a, first_name="Jade", last_name="Trelawny", date_of_birth=date(2010, 2, 3)
    )
    CareStatusFactory(young_person=person, status="in_care", start_date=date(2020, 1, 1))
    return person


@pytest.fixture
def panel_members(provider_a):
    return [
        UserFactory(username=f"panel{n}", role=Role.PANEL_MEMBER, organisation=provider_a)
        for n in range(3)
    ]
