"""An indicator's trend page: the return's figures, seen only by the contract's people."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from kpis.engine.compute import compute_return
from kpis.engine.periods import QUARTERS, FinancialYear
from tests.kpis.datasets import make_cornwall_records
from tests.kpis.helpers import attend, person

pytestmark = pytest.mark.django_db

# Two quarters of 2025/26 are over; 2024/25 (the contract's first year) is wholly past.
IN_Q3_2025 = datetime(2025, 11, 15, 12, tzinfo=UTC)


def trend_url(contract, code: str = "1.2") -> str:
    return reverse("kpis:trend", kwargs={"pk": contract.pk, "code": code})


@pytest.fixture
def participants(ep):
    """Three young people in Q1 2024/25, one of them again in Q3 2025/26."""
    people = [person(ep, ref=f"Y-{n}") for n in range(3)]
    for who in people:
        attend(ep, who, date(2024, 5, 1))
    attend(ep, people[0], date(2025, 10, 1))
    return people


@time_machine.travel(IN_Q3_2025, tick=False)
@pytest.mark.parametrize("code", ["1.2", "1.3", "1.13"])
def test_its_figures_are_the_returns(client, commissioner, ep, participants, code):
    make_cornwall_records(ep, scale=1)
    client.force_login(commissioner)
    response = client.get(trend_url(ep, code))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.year for row in rows] == [FinancialYear(2024), FinancialYear(2025)]
    for row in rows:
        expected = compute_return(ep, row.year, periods=(*QUARTERS, "FY"))
        figures = next(r for r in expected.rows if r.indicator.code == code).figures
        for cell in row.cells:
            if cell.figure is not None:
                assert cell.figure == figures[cell.period.name], (row.year, cell.period.name)


@time_machine.travel(IN_Q3_2025, tick=False)
def test_it_shows_quarters_so_far_and_none_not_yet_begun(
    client, provider_a_worker, ep, participants
):
    client.force_login(provider_a_worker)
    response = client.get(trend_url(ep))
    this_year = response.context["rows"][1]
    by_period = {cell.period.name: cell for cell in this_year.cells}
    assert by_period["Q3"].figure.value == 1 and by_period["Q3"].in_progress
    assert by_period["Q4"].figure is None
    assert not by_period["Q2"].in_progress
    last_year = {cell.period.name: cell for cell in response.context["rows"][0].cells}
    assert last_year["Q1"].figure.value == 3
    assert last_year["FY"].figure.value == 3


@time_machine.travel(IN_Q3_2025, tick=False)
def test_it_draws_the_chart_and_the_table_of_the_same_figures(
    client, commissioner, ep, participants
):
    client.force_login(commissioner)
    response = client.get(trend_url(ep))
    assertContains(response, 'role="img"')
    assertContains(response, 'data-label="Q1 24/25" data-value="3"')
    assertContains(response, 'data-label="Q3 25/26" data-value="1"')
    assertContains(response, 'data-testid="trend-table"')
    assertContains(response, "2024/25")


@time_machine.travel(IN_Q3_2025, tick=False)
def test_the_kpi_table_links_each_indicator_to_its_trend(client, commissioner, ep):
    client.force_login(commissioner)
    response = client.get(reverse("kpis:table", kwargs={"pk": ep.pk}))
    assertContains(response, f'href="{trend_url(ep, "1.13")}"')


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("commissioner", 200),
        ("provider_a_manager", 200),
        ("provider_a_worker", 200),
        ("administrator", 200),
        ("commissioner_b", 404),
        ("provider_b_worker", 404),
        ("panel_member", 404),
    ],
)
def test_only_the_contracts_people_see_it(request, client, ep, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(trend_url(ep)).status_code == status


def test_an_unknown_indicator_is_not_found(client, commissioner, ep):
    client.force_login(commissioner)
    assert client.get(trend_url(ep, "A2.1")).status_code == 404


def test_anonymous_people_are_sent_to_log_in(client, ep):
    response = client.get(trend_url(ep))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def queries_for_the_page(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@time_machine.travel(IN_Q3_2025, tick=False)
def test_its_queries_do_not_grow_with_the_records(
    client, commissioner, ep, django_assert_max_num_queries
):
    """Per year: the targets (1) and five aggregates (Q1-Q4 and the year; 1.2 also reads the
    contract's localities, 1, per period). Plus the session and user (2), the contract (1),
    its submitted returns, whose figures the trend shows as reported (1), the snapshot's
    savepoint and release (2, and on PostgreSQL switching JIT off, 1) and the user's
    organisation for the navigation (1).
    2025/26's Q4 has not begun, so it is not computed."""
    client.force_login(commissioner)
    make_cornwall_records(ep, scale=1)
    small = queries_for_the_page(client, trend_url(ep))
    make_cornwall_records(ep, scale=10, seed=99)
    extra = 3 if connection.vendor == "postgresql" else 2
    most = 2 + 1 + 1 + extra + (1 + 5 * 2) + (1 + 4 * 2) + 1
    with django_assert_max_num_queries(most):
        client.get(trend_url(ep))
    assert queries_for_the_page(client, trend_url(ep)) == small
