"""Fixtures of the export tests: the personas' contracts (tests/conftest.py) with some records,
their returns opened on a fixed day, and a return submitted and approved."""

from datetime import date

import pytest
import time_machine

from contracts.models import Role
from kpis.models import Return
from kpis.returns.due import open_returns
from kpis.returns.figures import live_figures
from kpis.returns.workflow import approve_return, save_draft, submit_return
from tests.examples import SHARED
from tests.factories import UserFactory
from tests.kpis.helpers import attend, person

# A day after Q1 and H1 2025/26 have ended.
TODAY = date(2025, 10, 20)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def provider_b_manager(provider_b, contract_b):
    return UserFactory(username="manager.b", role=Role.PROVIDER_MANAGER, organisation=provider_b)


@pytest.fixture
def records_a(contract_a):
    """A few young people attending sessions in Q1 and Q2, so figures are not all nought."""
    people = [person(contract_a, date_of_birth=date(2009, 1, 1)) for _ in range(3)]
    for index, young in enumerate(people):
        attend(contract_a, young, date(2025, 5, 6 + index), hours="1.50")
        attend(contract_a, young, date(2025, 8, 6 + index), "cicc", hours="2.25")
    return people


@pytest.fixture
def cornwall_q1(contract_a, records_a) -> Return:
    open_returns(contract=contract_a)
    return Return.objects.get(contract=contract_a, financial_year=2025, period="Q1")


@pytest.fixture
def cornwall_q2(contract_a, records_a) -> Return:
    """Q2's return, as if its period had ended (open_returns only opens ended periods)."""
    open_returns(contract=contract_a)
    return Return.objects.get(contract=contract_a, financial_year=2025, period="Q2")


@pytest.fixture
def wolverhampton_h1(contract_b) -> Return:
    open_returns(contract=contract_b)
    return Return.objects.get(contract=contract_b, financial_year=2025, period="H1")


def explain_everything(ret: Return, by, **values) -> Return:
    """Write an explanation for every indicator that is red or amber (and any other values)."""
    notes = {
        row["code"]: {"comment": "", "explanation": f"Why {row['code']} is behind."}
        for row in live_figures(ret).to_json()["indicators"]
        if row["status"] in ("red", "amber")
    }
    notes.update(values.pop("indicator_notes", {}))
    return save_draft(ret=ret, by=by, values={"indicator_notes": notes, **values})


@pytest.fixture
def approved_q1(cornwall_q1, provider_a_manager, commissioner) -> Return:
    explain_everything(cornwall_q1, provider_a_manager)
    submit_return(ret=cornwall_q1, by=provider_a_manager, comment="Here it is.")
    return approve_return(ret=cornwall_q1, by=commissioner, comment="Thank you.")


@pytest.fixture
def spec_text():
    """The text of a council specification, by its number ("000" Cornwall, "003" Wolverhampton)."""

    def read(number: str) -> str:
        (path,) = (SHARED / "spec").glob(f"{number}_*.txt")
        return path.read_text(encoding="utf-8")

    return read
