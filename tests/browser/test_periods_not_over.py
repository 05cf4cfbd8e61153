"""Issue 11 in a real browser, as a commissioner meets it: in the middle of a quarter, the KPI
page says which figures are so far and which quarters have not started, and the trend page
says the same of the same quarter."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.kpis.helpers import attend, person

from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SO_FAR = "so far, to 2 December 2026"


@pytest.fixture
def december_2026():
    # Q1 and Q2 of 2026/27 are over, Q3 is in progress, Q4 has not started; the clock runs,
    # so sessions work normally.
    moment = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture
def participants(contract_a):
    """Two young people in Q1, one in Q3 so far, and one at a session already entered for
    January (Q4): before issue 11, Q4 showed 1.2 = 1 and listed them."""
    for n in range(2):
        attend(contract_a, person(contract_a, ref=f"Y-MAY-{n}"), date(2026, 5, 12))
    attend(contract_a, person(contract_a, ref="Y-NOV"), date(2026, 11, 18))
    attend(contract_a, person(contract_a, ref="Y-JAN"), date(2027, 1, 20))


def test_a_commissioner_sees_which_figures_are_so_far_and_which_quarters_have_not_started(
    page, live_server, shoot, december_2026, commissioner, contract_a, participants
):
    log_in(page, live_server, commissioner.username)
    page.get_by_role("link", name=contract_a.ref).click()
    page.get_by_role("link", name="KPI return", exact=True).click()
    expect(page.get_by_role("heading", name="Cornwall", exact=False)).to_contain_text("2026/27")

    explained = page.get_by_test_id("periods-explained")
    expect(explained).to_contain_text(f"A figure marked “{SO_FAR}” is for a period not over")
    expect(explained).to_contain_text("Q4 has not started")
    expect(explained).to_contain_text("The year to date is 1 April 2026 to 30 September 2026")

    table = page.get_by_test_id("kpi-table")
    headings = table.locator(":scope > thead th")
    expect(headings.filter(has_text="Q3")).to_contain_text(SO_FAR)
    expect(headings.filter(has_text="Q4")).to_contain_text("not started")
    expect(headings.filter(has_text="Annual total")).to_contain_text(SO_FAR)
    expect(headings.filter(has_text="Year to date")).to_contain_text("the quarters over")

    participation = page.locator("#indicator-12 > tr").first
    cells = participation.locator("td.text-end")
    expect(cells.nth(0)).to_have_text("2")  # Q1: over, no mark
    expect(cells.nth(2)).to_contain_text("1")
    expect(cells.nth(2)).to_contain_text("so far")  # the heading says to which day
    expect(cells.nth(3)).to_have_text("–not started")  # Q4: no figure, and no link
    expect(cells.nth(3).get_by_role("link")).to_have_count(0)
    # The year so far, to today: not the session already entered for January.
    expect(cells.nth(4)).to_have_text("3so far")
    page.set_viewport_size({"width": 1400, "height": 900})
    participation.scroll_into_view_if_needed()
    shoot("periods-kpi-page-mid-quarter")

    # The quarter in progress: its list says the figure is so far.
    cells.nth(2).get_by_role("link").click()
    expect(page.get_by_test_id("figure")).to_contain_text(SO_FAR)
    expect(page.get_by_test_id("in-progress")).to_contain_text("Q3 2026/27 is not over")
    expect(page.get_by_role("cell", name="Y-NOV")).to_be_visible()
    shoot("periods-records-in-progress")

    # The same quarter on the trend page says the same.
    page.go_back()
    page.get_by_role("link", name="1.2 Service participation").click()
    trend = page.get_by_test_id("trend-table").locator("tr", has_text="2026/27")
    expect(trend.locator('td[data-period="Q3"]')).to_contain_text(SO_FAR)
    expect(trend.locator('td[data-period="Q4"]')).to_have_text(re.compile(r"–\s*not started"))
    chart = page.get_by_test_id("trend-chart").locator("svg")
    expect(chart).to_have_attribute("aria-label", re.compile(rf"Q3 26/27: 1 {SO_FAR}"))
    assert "Q4 26/27" not in chart.get_attribute("aria-label")
    shoot("periods-trend-page")
