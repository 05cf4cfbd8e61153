"""The trend page and the dashboard in a real browser, with screenshots for a person to check."""

import re

import pytest
from playwright.sync_api import expect

from kpis.models import ReturnStatus
from tests.browser.conftest import (  # noqa: F401 - fixtures, shared with the browser tests
    _no_connection_left_behind_by_playwright,
    browser_context_args,
    browser_type_launch_args,
    shoot,
)
from tests.factories import TEST_PASSWORD, ContractFactory
from tests.kpis.datasets import make_cornwall_records

from .conftest import make_return

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_commissioner_follows_the_dashboard_to_an_indicators_trend(
    page,
    live_server,
    shoot,  # noqa: F811 - the fixture imported above
    commissioner,
    contract_a,
    contract_b,
):
    make_cornwall_records(contract_a, scale=3)
    make_return(
        contract_a, 2025, "Q1", ReturnStatus.APPROVED, rag=("green", "green", "amber", "red", None)
    )
    make_return(contract_a, 2025, "Q2")
    other = ContractFactory(ref="A-MENTORING", commissioner=commissioner.organisation)
    make_return(other, 2025, "Q2", ReturnStatus.SUBMITTED, rag=("green",) * 9 + ("amber", None))
    log_in(page, live_server, commissioner.username)

    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_role("link", name=contract_a.ref, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=contract_b.ref, exact=True)).to_have_count(0)
    expect(page.get_by_role("list", name="Statuses of A-MENTORING's indicators")).to_contain_text(
        "Green 9"
    )
    shoot("dashboard-commissioner")

    page.get_by_test_id("dashboard").locator("tr", has_text=contract_a.ref).get_by_text(
        "Trends"
    ).click()
    page.get_by_role("link", name="1.2 Service participation").click()
    expect(page.get_by_role("heading", name="1.2 Service participation: trend")).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile(r"1\.2 Service participation, by quarter"))
    ).to_be_visible()
    expect(page.get_by_test_id("trend-table")).to_be_visible()
    shoot("trend-1-2")

    page.get_by_role("link", name="1.13", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"1\.13 .*: trend"))).to_be_visible()
    shoot("trend-1-13")
