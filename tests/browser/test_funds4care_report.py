"""Funds4 Care in a real browser: the manager opens a round's report from the Funds4 Care home
and reads its figures, its table and the pot over the year, as a chart and a table."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from contracts.models import Role
from funds4care.models import Criterion, Fund, Round
from tests.factories import UserFactory, YoungPersonFactory
from tests.funds4care_report.conftest import make_spring_round

from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def august_2026():
    moment = datetime(2026, 8, 10, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=True):
        yield


def test_the_manager_reads_a_rounds_report(
    page, live_server, shoot, august_2026, contract_a, provider_a, provider_a_manager
):
    fund = Fund.objects.create(contract=contract_a, financial_year=2026, pot=Decimal("1000"))
    kai, ruby = (
        UserFactory(username=name, role=Role.PANEL_MEMBER, organisation=provider_a)
        for name in ("panel.kai", "panel.ruby")
    )
    spring = Round.objects.create(
        fund=fund, name="Spring 2026", opens_on=date(2026, 4, 1), closes_on=date(2026, 6, 30)
    )
    summer = Round.objects.create(
        fund=fund, name="Summer 2026", opens_on=date(2026, 7, 1), closes_on=date(2026, 7, 31)
    )
    criteria = [
        Criterion.objects.create(round=spring, name="How much will it help?", weight=2),
        Criterion.objects.create(round=spring, name="Is it good value?", weight=1, position=1),
    ]
    jade = YoungPersonFactory(
        contract=contract_a, ref="YP-0042", first_name="Jade", last_name="Trelawny"
    )
    make_spring_round(spring, summer, criteria, jade, kai, ruby, provider_a_manager)

    log_in(page, live_server, provider_a_manager.username)
    page.get_by_role("link", name=contract_a.ref).click()
    page.get_by_role("link", name="Funds4 Care").first.click()
    page.get_by_role("link", name="Report of Spring 2026").click()
    expect(page.get_by_role("heading", name="Spring 2026: the round's report")).to_be_visible()
    expect(page.get_by_test_id("received")).to_have_text("5")
    expect(page.get_by_test_id("awarded")).to_have_text("£180.00")
    expect(page.get_by_test_id("median-days")).to_have_text("15")
    expect(page.get_by_test_id("round-table")).to_contain_text("Jade Trelawny (YP-0042)")
    chart = page.get_by_test_id("pot-chart").get_by_role("img")
    expect(chart).to_have_attribute(
        "aria-label", "Funds4 Care 2026/27: the pot remaining at the end of each month, in pounds."
        " Apr 2026: 1,000; May 2026: 820; Jun 2026: 820; Jul 2026: 820; Aug 2026: 570 so far,"
        " to 10 August 2026.",
    )  # fmt: skip
    expect(page.get_by_test_id("pot-table")).to_contain_text("£570.00")
    shoot("funds4care-round-report")
