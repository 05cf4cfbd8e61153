"""The pages a person uses: home by role, a contract's page, its settings and their history."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import Contract
from tests.factories import ContractFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

VALID_SETTINGS = {
    "title": "Engagement and participation, renewed",
    "start_date": "2024-04-01",
    "end_date": "2027-03-31",
    "annual_value": "150000.50",
    "record_timeframe_days": "3",
    "residential_placement_codes": ["K1", "K2", "R1", "S1"],
    "mentoring_first_review_weeks": "4",
    "mentoring_review_months": "3",
}


def edit_url(contract: Contract) -> str:
    return reverse("contracts:edit", kwargs={"pk": contract.pk})


def test_home_lists_a_commissioners_contracts_and_no_one_elses(
    client, commissioner, contract_a, contract_b
):
    client.force_login(commissioner)
    response = client.get(reverse("home"))
    assertContains(response, "Contracts you commission")
    assertContains(response, contract_a.get_absolute_url())
    assertNotContains(response, contract_b.ref)


def test_home_lists_a_provider_workers_contracts(client, provider_a_worker, contract_a, contract_b):
    client.force_login(provider_a_worker)
    response = client.get(reverse("home"))
    assertContains(response, "Your contracts")
    assertContains(response, contract_a.ref)
    assertNotContains(response, contract_b.ref)


def test_home_tells_a_panel_member_about_their_rounds_not_contracts(
    client, panel_member, contract_a
):
    client.force_login(panel_member)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain == [(reverse("f4c_panel:home"), 302)]
    assertContains(response, "My grant rounds")
    assertNotContains(response, contract_a.ref)


def test_navigation_offers_administration_only_to_administrators(
    client, administrator, commissioner
):
    client.force_login(commissioner)
    assertNotContains(client.get(reverse("home")), reverse("admin:index"))
    client.force_login(administrator)
    assertContains(client.get(reverse("home")), reverse("admin:index"))


def test_every_page_has_a_skip_link_to_the_main_content(client, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("home"))
    assertContains(response, 'href="#main"')
    assertContains(response, '<main id="main"')


def test_the_contract_page_shows_details_in_british_formats(client, commissioner, contract_a):
    client.force_login(commissioner)
    response = client.get(contract_a.get_absolute_url())
    assertContains(response, "01/04/2024")
    assertContains(response, "31/03/2027")
    assertContains(response, "£123,456.78")
    assertContains(response, "K2")
    assertContains(response, "5 working days")
    assertContains(response, edit_url(contract_a))


def test_the_contract_page_offers_no_edit_button_to_provider_staff(
    client, provider_a_worker, contract_a
):
    client.force_login(provider_a_worker)
    response = client.get(contract_a.get_absolute_url())
    assertContains(response, contract_a.title)
    assertNotContains(response, edit_url(contract_a))


def test_a_commissioner_changes_the_settings_and_the_history_says_who(
    client, commissioner, contract_a
):
    client.force_login(commissioner)
    response = client.post(edit_url(contract_a), VALID_SETTINGS, follow=True)
    assertContains(response, "settings were saved")
    contract_a.refresh_from_db()
    assert contract_a.title == "Engagement and participation, renewed"
    assert contract_a.annual_value == Decimal("150000.50")
    assert contract_a.record_timeframe_days == 3
    assert contract_a.residential_placement_codes == ["K1", "K2", "R1", "S1"]

    latest = contract_a.history.latest()
    assert latest.history_user == commissioner

    history = client.get(reverse("contracts:history", kwargs={"pk": contract_a.pk}))
    # Escaped as the page writes it: a name may have an apostrophe (O'Sullivan).
    assertContains(history, escape(commissioner.get_full_name()))
    assertContains(history, "Recording timeframe (working days): 5 → 3")
    assertContains(history, "→ £150,000.50")
    assertContains(history, "K1, K2, R1 → K1, K2, R1, S1")


def test_the_history_shows_a_zero_as_a_figure_and_organisations_by_name(
    client, commissioner, contract_a
):
    contract_a.record_timeframe_days = 0
    contract_a.save()
    other_provider = OrganisationFactory(kind="provider", name="Trelawny Youth Trust")
    contract_a.provider = other_provider
    contract_a.save()
    client.force_login(commissioner)
    history = client.get(reverse("contracts:history", kwargs={"pk": contract_a.pk}))
    assertContains(history, "Recording timeframe (working days): 5 → 0")
    assertContains(history, "→ Trelawny Youth Trust")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"end_date": "2024-03-31"}, "end_date", "cannot be before the start date"),
        ({"annual_value": "-1"}, "annual_value", "greater than or equal to 0"),
        ({"annual_value": "12.345"}, "annual_value", "no more than 2 decimal places"),
        ({"record_timeframe_days": "61"}, "record_timeframe_days", "less than or equal to 60"),
        ({"start_date": "2024-02-30"}, "start_date", "Enter a valid date"),
        (
            {"residential_placement_codes": ["T1"]},
            "residential_placement_codes",
            "not one of the available choices",
        ),
        ({"title": ""}, "title", "This field is required"),
    ],
)
def test_bad_settings_show_a_field_error_and_change_nothing(
    client, commissioner, contract_a, change, field, message
):
    client.force_login(commissioner)
    response = client.post(edit_url(contract_a), {**VALID_SETTINGS, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assertContains(response, message)
    before = contract_a.title
    contract_a.refresh_from_db()
    assert contract_a.title == before


def test_the_home_page_asks_the_same_queries_however_many_contracts(
    client, commissioner, council_a, django_assert_max_num_queries
):
    ContractFactory.create_batch(3, commissioner=council_a)
    client.force_login(commissioner)
    # session, user, the user's organisation (navigation), contracts joined with both parties
    with django_assert_max_num_queries(4):
        small = client.get(reverse("home"))
    ContractFactory.create_batch(30, commissioner=council_a)
    with django_assert_max_num_queries(4):
        large = client.get(reverse("home"))
    assert large.content.count(b"/contracts/") > small.content.count(b"/contracts/")


def test_the_history_page_asks_the_same_queries_however_many_changes(
    client, commissioner, contract_a, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("contracts:history", kwargs={"pk": contract_a.pk})
    # session, user, the user's organisation, contract, history with its users
    with django_assert_max_num_queries(5):
        client.get(url)
    for days in range(1, 21):
        client.post(edit_url(contract_a), {**VALID_SETTINGS, "record_timeframe_days": days})
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert len(response.context["changes"]) == 21


@pytest.mark.parametrize(
    ("persona", "records", "importing"),
    [
        ("provider_a_manager", True, True),
        ("provider_a_worker", True, False),
        ("commissioner", False, False),
    ],
)
def test_the_contract_page_links_to_the_records_its_reader_may_open(
    client, request, contract_a, persona, records, importing
):
    client.force_login(request.getfixturevalue(persona))
    content = client.get(contract_a.get_absolute_url()).content.decode()
    assert (reverse("contracts:young_people", kwargs={"pk": contract_a.pk}) in content) is records
    assert (reverse("importer:import", kwargs={"pk": contract_a.pk}) in content) is importing


@pytest.mark.parametrize("persona", ["commissioner", "provider_a_worker"])
def test_the_contract_page_links_to_its_kpi_return(client, request, contract_a, persona):
    client.force_login(request.getfixturevalue(persona))
    assertContains(
        client.get(contract_a.get_absolute_url()),
        reverse("kpis:table", kwargs={"pk": contract_a.pk}),
    )


@pytest.mark.parametrize(
    ("persona", "dashboard"),
    [("commissioner", True), ("administrator", True), ("provider_a_manager", False)],
)
def test_the_dashboard_is_in_the_navigation_of_commissioners_and_administrators(
    client, request, persona, dashboard
):
    client.force_login(request.getfixturevalue(persona))
    content = client.get(reverse("home")).content.decode()
    assert (reverse("dashboard:index") in content) is dashboard
    assert reverse("overdue_returns") in content
