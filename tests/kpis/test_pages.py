"""A contract's KPI pages, through the client, for each persona."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from kpis.models import Target
from tests.factories import CareStatusFactory, CaseFactory

from .datasets import make_cornwall_records, make_wolverhampton_records
from .factories import AssessmentFactory, ContactFactory
from .helpers import attend, person

pytestmark = pytest.mark.django_db

IN_Q3_2025 = datetime(2025, 11, 15, 12, tzinfo=UTC)  # two quarters of 2025/26 are over


def table_url(contract, year: int | None = None) -> str:
    url = reverse("kpis:table", kwargs={"pk": contract.pk})
    return f"{url}?year={year}" if year else url


def records_url(contract, code: str, period: str = "Q1", year: int = 2025, query: str = "") -> str:
    url = reverse(
        "kpis:records", kwargs={"pk": contract.pk, "year": year, "period": period, "code": code}
    )
    return f"{url}?{query}" if query else url


def targets_url(contract, year: int = 2025) -> str:
    return reverse("kpis:targets", kwargs={"pk": contract.pk, "year": year})


@pytest.fixture
def alex(ep):
    """A participant in Q1 2025/26, aged 14 and in care."""
    alex = person(
        ep,
        ref="Y-ALEX",
        first_name="Alexandra",
        last_name="Penhaligon",
        date_of_birth=date(2011, 1, 1),
        locality="Isles of Scilly",
    )
    CareStatusFactory(young_person=alex, status="in_care", start_date=date(2020, 1, 1))
    attend(ep, alex, date(2025, 5, 1))
    return alex


@time_machine.travel(IN_Q3_2025, tick=False)
def test_the_table_shows_every_indicator_with_figures_linking_to_their_records(
    client, provider_a_worker, ep, alex
):
    client.force_login(provider_a_worker)
    response = client.get(table_url(ep))
    assertContains(response, "2025/26")
    for heading in ("Indicator", "Target", "Q1", "Q2", "Q3", "Q4", "Annual total", "Year to date"):
        # A heading, with the mark of a period not over (Q3, Q4, the annual total) beneath it.
        assertContains(response, f">{heading}<")
    for code in [f"1.{n}" for n in range(1, 17)]:
        assertContains(response, f'id="indicator-{code.replace(".", "")}"')
    assertContains(response, f'href="{records_url(ep, "1.2")}"')
    assertContains(response, "<details>")
    assertContains(response, records_url(ep, "1.2", query="breakdown=gender&amp;category=female"))
    # 1.1 in Q1: 0 of 1 informed, linking to the numerator's list.
    assertContains(response, records_url(ep, "1.1", query="part=numerator"))
    assertContains(response, "0 of 1")
    assertNotContains(response, targets_url(ep))


def test_wolverhamptons_table_shows_the_six_monthly_columns(client, commissioner_b, ypt):
    client.force_login(commissioner_b)
    response = client.get(table_url(ypt, 2025))
    for heading in ("H1", "H2", "FY"):
        assertContains(response, f">{heading}</th>")
    assertContains(response, "To be agreed", count=10)
    assertContains(response, "YPT Management Records")


def test_the_year_selector_shows_another_year_and_ignores_one_the_contract_lacks(
    client, provider_a_worker, ep
):
    client.force_login(provider_a_worker)
    assertContains(client.get(table_url(ep, 2024)), "(section 6.1), 2024/25")
    with time_machine.travel(IN_Q3_2025, tick=False):
        assertContains(client.get(table_url(ep, 1990)), "(section 6.1), 2025/26")


@time_machine.travel(IN_Q3_2025, tick=False)
def test_a_status_compares_the_year_to_date_with_the_pro_rata_target(
    client, provider_a_worker, ep, alex
):
    Target.objects.create(contract=ep, financial_year=2025, indicator="1.2", value=Decimal(2))
    client.force_login(provider_a_worker)
    response = client.get(table_url(ep))
    # Two quarters over: 1 participant against 2 x 2/4 = 1.
    assertContains(response, 'data-testid="status-1.2">Green<')
    assertContains(response, "against 1, the target for 2 quarter(s)")
    # 1.1: 0% informed against 100%.
    assertContains(response, 'data-testid="status-1.1">Red<')
    assertNotContains(response, 'data-testid="status-1.5"')  # monitor only


def test_a_provider_worker_sees_names_in_the_records(client, provider_a_worker, ep, alex):
    client.force_login(provider_a_worker)
    response = client.get(records_url(ep, "1.2"))
    assertContains(response, "Y-ALEX")
    assertContains(response, "Alexandra Penhaligon")
    assertNotContains(response, "Pseudonymised")


def test_a_commissioner_sees_the_same_records_pseudonymised(client, commissioner, ep, alex):
    client.force_login(commissioner)
    for code, query in (("1.2", ""), ("1.2", "breakdown=age_band&category=14-15"), ("1.1", "")):
        response = client.get(records_url(ep, code, query=query))
        assertContains(response, "Y-ALEX")
        assertContains(response, "14-15")
        assertContains(response, "Isles of Scilly")
        assertContains(response, "Pseudonymised")
        # The page's own content: the navigation names the commissioner, whose made-up name
        # may be Alexandra too.
        main = response.content.decode().split('<main id="main"', 1)[1]
        assert "Alexandra" not in main
        assert "Penhaligon" not in main


def test_the_records_page_lists_exactly_what_the_figure_counts(client, provider_a_worker, ep):
    make_cornwall_records(ep, scale=2)
    client.force_login(provider_a_worker)
    response = client.get(records_url(ep, "1.13", "FY", query="part=numerator"))
    figure = response.context["figure"]
    assert response.context["page"].paginator.count == figure.numerator
    response = client.get(records_url(ep, "1.13", "FY", query="part=denominator"))
    assert response.context["page"].paginator.count == figure.denominator
    counted = [counted for _cells, counted in response.context["rows"]]
    assert counted.count(True) == figure.numerator


@pytest.mark.parametrize(
    ("code", "period", "query"),
    [
        ("9.9", "Q1", ""),
        ("1.2", "Q7", ""),
        ("1.2", "Q1", "breakdown=gender&category=dragon"),
        ("1.2", "Q1", "breakdown=shoe_size&category=4"),
        ("1.2", "Q1", "breakdown=gender"),
        ("A2.1", "Q1", ""),
    ],
)
def test_a_figure_that_does_not_exist_answers_404(
    client, provider_a_worker, ep, code, period, query
):
    client.force_login(provider_a_worker)
    assert client.get(records_url(ep, code, period, query=query)).status_code == 404


def test_there_is_no_year_to_date_list_before_a_quarter_is_over(client, provider_a_worker, ep):
    client.force_login(provider_a_worker)
    with time_machine.travel(datetime(2025, 6, 30, 12, tzinfo=UTC), tick=False):
        assert client.get(records_url(ep, "1.2", "YTD")).status_code == 404
    with time_machine.travel(datetime(2025, 7, 1, 12, tzinfo=UTC), tick=False):
        assert client.get(records_url(ep, "1.2", "YTD")).status_code == 200


@pytest.mark.parametrize("stranger", ["provider_b_worker", "commissioner_b", "panel_member"])
def test_another_organisations_kpi_pages_answer_404(client, request, ep, stranger):
    client.force_login(request.getfixturevalue(stranger))
    for url in (table_url(ep), records_url(ep, "1.2"), targets_url(ep)):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["provider_a_worker", "provider_a_manager"])
def test_provider_staff_cannot_set_targets(client, request, ep, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(targets_url(ep)).status_code == 403
    response = client.post(targets_url(ep), {"target_1_2": "1"})
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_a_commissioner_sets_a_target_and_the_history_says_who_and_when(client, commissioner, ep):
    client.force_login(commissioner)
    response = client.get(targets_url(ep))
    assert response.status_code == 200
    # The form as shown, with two targets changed.
    form_data = {
        name: "" if field.initial is None else str(field.initial)
        for name, field in response.context["form"].fields.items()
    }
    form_data["target_1_2"] = "150"
    form_data["target_1_5"] = "12"
    with time_machine.travel(datetime(2025, 9, 1, 9, 30, tzinfo=UTC), tick=False):
        response = client.post(targets_url(ep), form_data, follow=True)
    assertContains(response, "saved: 1.2, 1.5")
    assert dict(Target.objects.values_list("indicator", "value")) == {
        "1.2": Decimal("150.00"),
        "1.5": Decimal("12.00"),
    }
    history = client.get(targets_url(ep))
    # Escaped as the page writes it: a name may have an apostrophe (O'Sullivan).
    assertContains(history, escape(commissioner.get_full_name()))
    assertContains(history, "01/09/2025")
    assertContains(history, "160 (the specification&#x27;s)")
    assertContains(history, "Monitor only (the specification&#x27;s)")


def test_a_target_out_of_range_is_refused(client, commissioner, ep):
    client.force_login(commissioner)
    response = client.post(targets_url(ep), {"target_1_1": "101", "target_1_2": "-1"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"target_1_1", "target_1_2"}
    assert not Target.objects.exists()


def test_an_administrator_may_set_targets(client, administrator, ep):
    client.force_login(administrator)
    assert client.get(targets_url(ep)).status_code == 200


@time_machine.travel(IN_Q3_2025, tick=False)
def test_the_table_asks_the_same_queries_for_ten_times_the_records(
    client, provider_a_worker, ep, django_assert_max_num_queries
):
    client.force_login(provider_a_worker)
    # Session, user, contract, the user's organisation (navigation): 4; whether they may set
    # targets asks nothing for provider staff; the return, in a savepoint (2, and 1 on
    # PostgreSQL to switch its JIT compiler off): the targets, the year's participation facts
    # (5, for every period at once), then 12 aggregates for each of Q1-Q4, FY and the year to
    # date (H1): 1 + 5 + 6 x 12.
    most = 4 + 3 + 1 + 5 + 6 * 12
    make_cornwall_records(ep, scale=1)
    with django_assert_max_num_queries(most):
        assert client.get(table_url(ep)).status_code == 200
    make_cornwall_records(ep, scale=10, seed=7)
    with django_assert_max_num_queries(most):
        assert client.get(table_url(ep)).status_code == 200


def test_the_records_page_asks_the_same_queries_for_ten_times_the_records(
    client, commissioner, ep, django_assert_max_num_queries
):
    client.force_login(commissioner)
    # Session, user, contract, the user's organisation (navigation); in a savepoint (2, and 1
    # on PostgreSQL to switch its JIT compiler off): the list's count and page, then the figure
    # (localities, aggregate); the audit's row.
    most = 4 + 3 + 2 + 2 + 1
    make_cornwall_records(ep, scale=1)
    with django_assert_max_num_queries(most):
        assert client.get(records_url(ep, "1.2", "FY")).status_code == 200
    make_cornwall_records(ep, scale=10, seed=7)
    with django_assert_max_num_queries(most):
        assert client.get(records_url(ep, "1.2", "FY")).status_code == 200


JIT_OFF = 1 if connection.vendor == "postgresql" else 0  # PostgreSQL's `SET LOCAL jit = off`


@time_machine.travel(IN_Q3_2025, tick=False)
def test_wolverhamptons_table_asks_the_same_queries_for_ten_times_the_records(
    client, commissioner_b, ypt, django_assert_num_queries
):
    client.force_login(commissioner_b)
    # Session, user, contract, the user's organisation (navigation): 4; the return, in a
    # savepoint (2, and on PostgreSQL 1 to switch its JIT compiler off): the targets, then ten
    # aggregates for each of Q1, Q2, H1, Q3 so far and FY so far (H2 so far is Q3's days, 1
    # October to today, and the year to date H1's, so they share their figures; Q4 has not
    # started and is not counted): 1 + 5 x 10. Whether they may set targets needs no query.
    queries = 4 + 2 + JIT_OFF + 1 + 5 * 10
    make_wolverhampton_records(ypt, scale=1)
    with django_assert_num_queries(queries):
        small = client.get(table_url(ypt))
    make_wolverhampton_records(ypt, scale=10, seed=7)
    with django_assert_num_queries(queries):
        large = client.get(table_url(ypt))
    assert small.status_code == large.status_code == 200
    assert small.context["kpi_return"].to_json() != large.context["kpi_return"].to_json()


@pytest.mark.parametrize(
    ("code", "query", "kind"),
    [
        ("A2.4", "", "young_people"),
        ("A2.1", "part=numerator", "young_people"),
        ("A2.3", "", "cases"),
        ("A2.7", "part=denominator", "contacts"),
        ("A2.5", "", "assessments"),
        ("A2.8", "", "activities"),
        ("A2.10", "part=denominator", "performance_reviews"),
    ],
)
def test_wolverhamptons_records_pages_ask_the_same_queries_for_ten_times_the_records(
    client, commissioner_b, ypt, django_assert_num_queries, code, query, kind
):
    client.force_login(commissioner_b)
    # Session, user, contract, the user's organisation (navigation): 4; in a savepoint (2, and
    # on PostgreSQL 1 to switch its JIT compiler off): the list's count and its page (the young
    # person, case and key worker joined in), then the figure's one aggregate; the audit's row.
    queries = 4 + 2 + JIT_OFF + 2 + 1 + 1
    url = records_url(ypt, code, "FY", query=query)
    make_wolverhampton_records(ypt, scale=1)
    with django_assert_num_queries(queries):
        small = client.get(url)
    make_wolverhampton_records(ypt, scale=10, seed=7)
    with django_assert_num_queries(queries):
        large = client.get(url)
    assert small.context["kind"] == large.context["kind"] == kind
    assert 0 < small.context["page"].paginator.count < large.context["page"].paginator.count


@pytest.fixture
def jo_case(ypt):
    """Jo's case in Wolverhampton, with a contact and an assessment in Q1 2025/26. Jo is 15 on
    Q1's last day (30 June 2025) and 16 on the year's (31 March 2026)."""
    jo = person(
        ypt,
        ref="Y-JO",
        first_name="Joanna",
        last_name="Trevithick",
        date_of_birth=date(2010, 1, 1),
        locality="Bilston",
    )
    case = CaseFactory(contract=ypt, young_person=jo, key_worker__name="Kim Keyworker")
    ContactFactory(case=case, contact_date=date(2025, 5, 1), recorded_date=date(2025, 5, 2))
    AssessmentFactory(case=case, date=date(2025, 5, 3))
    return case


@pytest.mark.parametrize(
    ("code", "query"), [("A2.3", ""), ("A2.7", "part=denominator"), ("A2.5", "")]
)
@pytest.mark.parametrize(("period", "band"), [("Q1", "14-15"), ("FY", "16-17")])
def test_a_commissioner_sees_whom_a_case_record_is_about_pseudonymised(
    client, commissioner_b, provider_b_worker, jo_case, code, query, period, band
):
    url = records_url(jo_case.contract, code, period, query=query)
    client.force_login(commissioner_b)
    response = client.get(url)
    assert response.context["page"].paginator.count == 1
    headings = [column.heading for column in response.context["columns"]]
    [(cells, _counted)] = response.context["rows"]
    shown = dict(zip(headings, (value for value, _numeric in cells), strict=True))
    assert (shown["Young person"], shown["Age band"], shown["Locality"]) == (
        "Y-JO",
        band,
        "Bilston",
    )
    # The page's own content: the navigation names the commissioner, whose made-up name may be
    # Joanna too.
    main = response.content.decode().split('<main id="main"', 1)[1]
    for private in ("Joanna", "Trevithick", "Kim Keyworker", "01/01/2010", "2010-01-01"):
        assert private not in main
    client.force_login(provider_b_worker)
    assertContains(client.get(url), "Joanna Trevithick")
