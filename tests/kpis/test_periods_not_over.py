"""A period not over is marked as such, one way, on the KPI page, its lists and the trend page
(issue 11): a quarter in progress shows its figures "so far, to" today; a quarter not started
shows none, and its list nobody."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from kpis.engine.compute import compute_return
from kpis.engine.periods import FinancialYear
from kpis.engine.rules import Figure

from .helpers import attend, person

pytestmark = pytest.mark.django_db

# 2 December 2025: Q1 and Q2 of 2025/26 are over, Q3 is in progress, Q4 has not started.
ON_2_DECEMBER_2025 = datetime(2025, 12, 2, 12, tzinfo=UTC)
SO_FAR = "so far, to 2 December 2025"


@pytest.fixture
def attendances(ep):
    """One participant in Q1 (May), one in Q3 before today (November), and one at a session
    already entered for January, in Q4 (as the new user's data had: Q4 showed 1.2 = 14)."""
    attend(ep, person(ep, ref="Y-MAY"), date(2025, 5, 1))
    attend(ep, person(ep, ref="Y-NOV"), date(2025, 11, 20))
    attend(ep, person(ep, ref="Y-JAN"), date(2026, 1, 20))


def table_url(contract, year: int = 2025) -> str:
    return f"{reverse('kpis:table', kwargs={'pk': contract.pk})}?year={year}"


def records_url(contract, period: str, code: str = "1.2", year: int = 2025) -> str:
    kwargs = {"pk": contract.pk, "year": year, "period": period, "code": code}
    return reverse("kpis:records", kwargs=kwargs)


def cell(html: str, code: str, period: str) -> str:
    """The text of an indicator's cell for a period (the row's cells follow the headings)."""
    row = re.search(rf'<tbody id="indicator-{code.replace(".", "")}">(.*?)</tr>', html, re.S)
    headings = re.findall(r'<th scope="col" class="text-end" data-period="(\w+)"', html)
    cells = re.findall(r'<td class="text-end">(.*?)</td>', row.group(1), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells[headings.index(period)])).strip()


@time_machine.travel(ON_2_DECEMBER_2025, tick=False)
def test_mid_quarter_the_kpi_page_marks_the_quarter_in_progress_and_shows_no_figures_for_q4(
    client, commissioner, ep, attendances, django_assert_max_num_queries
):
    client.force_login(commissioner)
    # As many queries as tests/kpis/test_pages.py's table: marking asks nothing.
    with django_assert_max_num_queries(4 + 3 + 1 + 5 + 6 * 12):
        response = client.get(table_url(ep))
    html = response.content.decode()
    assert cell(html, "1.2", "Q1") == "1"  # ended: the figure alone
    # The heading says to which day; each cell under it says "so far".
    assert cell(html, "1.2", "Q3") == "1 so far"
    assert f"Q3 {SO_FAR}" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    # Not 1 (the January session entered ahead): a quarter not started has no figures.
    assert cell(html, "1.2", "Q4") == "– not started"
    assert f'href="{records_url(ep, "Q4")}"' not in html
    # The year so far, to today: May's and November's participants, not January's yet.
    assert cell(html, "1.2", "FY") == "2 so far"
    assert cell(html, "1.2", "YTD") == "1"  # 1 April to 30 September: quarters over
    # The headings carry the same marks, and say what the year to date is.
    assertContains(response, 'data-period="Q3">Q3<span class="period-mark', count=1)
    assertContains(response, "Year to date<span")
    assertContains(response, "1 April to 30 September 2025, the quarters over")
    assertContains(response, "The annual total is the whole year so far.")
    assertContains(response, "Q4 has not started")


@time_machine.travel(datetime(2026, 5, 10, 12, tzinfo=UTC), tick=False)
def test_once_the_year_is_over_nothing_is_marked_and_the_year_to_date_is_not_repeated(
    client, commissioner, ep, attendances
):
    client.force_login(commissioner)
    response = client.get(table_url(ep))
    html = response.content.decode()
    assertNotContains(response, 'class="period-mark')
    assert 'data-period="YTD"' not in html  # the same days and figures as the annual total
    assert cell(html, "1.2", "Q4") == "1"
    assert cell(html, "1.2", "FY") == "3"
    assertContains(response, "The year is over: each status compares the annual total")


@time_machine.travel(ON_2_DECEMBER_2025, tick=False)
def test_the_list_of_a_quarter_not_started_says_so_and_lists_nobody(
    client, provider_a_worker, ep, attendances
):
    client.force_login(provider_a_worker)
    response = client.get(records_url(ep, "Q4"))
    assert response.status_code == 200
    assertContains(response, "Q4 2025/26 has not started: it begins on 1 January 2026.")
    assertContains(response, "nobody is listed")
    assertNotContains(response, "Y-JAN")
    assertNotContains(response, "<table")


@time_machine.travel(ON_2_DECEMBER_2025, tick=False)
def test_the_list_of_the_quarter_in_progress_marks_its_figure_so_far(
    client, provider_a_worker, ep, attendances
):
    client.force_login(provider_a_worker)
    response = client.get(records_url(ep, "Q3"))
    assertContains(response, SO_FAR)
    assertContains(response, "Q3 2025/26 is not over")
    assertContains(response, "Y-NOV")
    ended = client.get(records_url(ep, "Q1"))
    assertNotContains(ended, 'class="period-mark')
    assertContains(ended, "Y-MAY")


@time_machine.travel(ON_2_DECEMBER_2025, tick=False)
def test_the_trend_page_and_the_kpi_page_say_the_same_of_the_same_quarter(
    client, commissioner, ep, attendances
):
    client.force_login(commissioner)
    table = client.get(table_url(ep)).content.decode()
    trend = client.get(reverse("kpis:trend", kwargs={"pk": ep.pk, "code": "1.2"})).content.decode()

    def trend_cell(period: str) -> str:
        row = re.search(r"<th scope=\"row\"><a [^>]*>2025/26</a></th>(.*?)</tr>", trend, re.S)
        found = re.search(rf'data-period="{period}">(.*?)</td>', row.group(1), re.S)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()

    # The trend's cell has no heading with the day, so it says it; the KPI page's heading does.
    assert trend_cell("Q3") == f"1 {SO_FAR}"
    assert cell(table, "1.2", "Q3") == "1 so far"
    assert trend_cell("Q4") == cell(table, "1.2", "Q4") == "– not started"
    assert trend_cell("Q1") == cell(table, "1.2", "Q1") == "1"
    # The chart: the quarter in progress hatched and named so, Q4 2025/26 not drawn at all.
    assert "Q3 25/26: 1 so far, to 2 December 2025" in trend
    assert "Q4 25/26" not in trend


def test_the_engine_counts_a_quarter_in_progress_to_today_and_leaves_ended_ones_as_they_were(
    ep, attendances
):
    figures = compute_return(
        ep, FinancialYear(2025), periods=("Q1", "Q3", "Q4", "FY"), today=date(2025, 12, 2)
    )
    participation = figures.row("1.2").figures
    assert participation["Q1"].value == 1  # ended: the whole quarter, as always
    assert participation["Q3"].value == 1  # 1 October to 2 December
    assert participation["Q4"] == Figure(0)  # not started: nothing counted, no query
    assert participation["FY"].value == 2  # 1 April to 2 December
    over = compute_return(ep, FinancialYear(2025), periods=("Q4", "FY"), today=date(2026, 4, 1))
    assert (over.row("1.2").figures["Q4"].value, over.row("1.2").figures["FY"].value) == (1, 3)
