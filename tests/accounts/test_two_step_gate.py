"""With two-step verification required (production's default), a password alone opens no page
of Tamar but the way to the code: every page of a contract with real records behind it, the
pages of no contract, downloads, and the admin."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse

from accounts import twofactor
from accounts.middleware import SecondFactorMiddleware
from contracts.models import YoungPerson
from tests.contracts.test_access import (  # noqa: F401  (fixtures)
    CORNWALL_PAGES,
    PAGES_OF_NO_CONTRACT,
    PUBLIC_VIEWS,
    provider_b_manager,
    real_url_for,
    records_of_contract_a,
    url_for,
)

from .conftest import app_for, code_of, enter_code, log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_step_on")]

# What a person between their password and their code may open.
OPEN = PUBLIC_VIEWS | {"logout", "two_step_verify", "two_step_enrol"}


def pages_to_try(contract, records) -> list[str]:
    urls = [real_url_for(name, contract, records) for name in CORNWALL_PAGES]
    urls += [url_for(name, contract.pk) for name in sorted(PAGES_OF_NO_CONTRACT - OPEN)]
    young_person = YoungPerson.objects.filter(contract=contract).order_by("pk").first()
    urls += [
        reverse("admin:index"),
        reverse("admin:contracts_youngperson_changelist"),
        reverse("admin:contracts_youngperson_change", args=[young_person.pk]),
        reverse("admin:audit_auditevent_changelist"),
    ]
    return urls


def assert_sent_to(response, step: str, url: str) -> None:
    assert response.status_code == 302, url
    address = urlsplit(response.url)
    assert (address.path, parse_qs(address.query)) == (reverse(step), {"next": [url]}), url


def test_a_password_alone_opens_no_page_for_someone_with_an_app(
    client, request, administrator, contract_a
):
    records = request.getfixturevalue("records_of_contract_a")
    app_for(administrator)
    log_in(client, administrator.username)
    urls = pages_to_try(contract_a, records)
    assert len(urls) > 100
    for url in urls:
        assert_sent_to(client.get(url), "two_step_verify", url)
    # Nor does a form take anything: a young person added by POST is sent to the code too.
    add = reverse("contracts:young_person_add", kwargs={"pk": contract_a.pk})
    before = YoungPerson.objects.count()
    response = client.post(add, {"first_name": "Pat", "last_name": "Doe"})
    assert_sent_to(response, "two_step_verify", add)
    assert YoungPerson.objects.count() == before


def test_the_code_then_opens_the_page_first_asked_for(client, administrator, contract_a):
    device = app_for(administrator)
    log_in(client, administrator.username)
    wanted = reverse("contracts:young_people", kwargs={"pk": contract_a.pk})
    response = client.get(wanted)
    assert_sent_to(response, "two_step_verify", wanted)
    assert b"Enter the code from your authenticator app" in client.get(response.url).content
    response = enter_code(client, code_of(device), next_url=wanted)
    assert response.status_code == 302 and response.url == wanted
    assert client.get(wanted).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("role", ["provider_a_manager", "provider_a_worker", "commissioner"])
def test_staff_without_an_app_are_sent_to_add_one_before_any_page(
    client, request, role, contract_a
):
    user = request.getfixturevalue(role)
    log_in(client, user.username)
    for name in ("home", "dashboard:index", "account_sessions", "password_change"):
        url = url_for(name, contract_a.pk)
        assert_sent_to(client.get(url), "two_step_enrol", url)
    url = reverse("contracts:detail", kwargs={"pk": contract_a.pk})
    assert_sent_to(client.get(url), "two_step_enrol", url)


def test_an_administrator_without_an_app_cannot_open_the_admin(client, administrator):
    log_in(client, administrator.username)
    url = reverse("admin:index")
    assert_sent_to(client.get(url), "two_step_enrol", url)


def test_a_panel_member_is_never_made_to_add_an_app(client, panel_member):
    log_in(client, panel_member.username)
    assert client.get(reverse("f4c_panel:home")).status_code == 200
    overview = client.get(reverse("two_step"))
    assert b"It is your choice whether to use it" in overview.content


def test_a_panel_member_who_added_one_is_asked_for_its_code(client, panel_member):
    device = app_for(panel_member)
    log_in(client, panel_member.username)
    url = reverse("f4c_panel:home")
    assert_sent_to(client.get(url), "two_step_verify", url)
    enter_code(client, code_of(device), next_url=url)
    assert client.get(url).status_code == 200


def test_whoever_has_an_app_is_asked_for_it_even_where_it_is_not_required(
    client, settings, provider_a_manager
):
    settings.TAMAR_REQUIRE_2FA = False
    app_for(provider_a_manager)
    log_in(client, provider_a_manager.username)
    assert_sent_to(client.get(reverse("home")), "two_step_verify", reverse("home"))


def test_without_the_requirement_no_one_is_made_to_add_one(client, settings, provider_a_manager):
    settings.TAMAR_REQUIRE_2FA = False
    log_in(client, provider_a_manager.username)
    assert client.get(reverse("home")).status_code == 200


def test_adding_an_app_is_no_way_round_the_code(client, provider_a_manager):
    app_for(provider_a_manager)
    log_in(client, provider_a_manager.username)
    response = client.get(reverse("two_step_enrol"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_step_verify"))
    response = client.post(reverse("two_step_enrol"), {"code": "123456"})
    assert response.url.startswith(reverse("two_step_verify"))


def test_signing_out_and_resetting_a_password_stay_open(client, provider_a_manager):
    app_for(provider_a_manager)
    log_in(client, provider_a_manager.username)
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_knowing_there_is_no_app_costs_no_query(
    rf, settings, provider_a_manager, django_assert_num_queries
):
    """Whether the person has an app is kept in their session at login, not asked again on
    every page."""
    request = rf.get("/")
    request.user = provider_a_manager
    request.session = {twofactor.HAS_DEVICE: False}
    request.resolver_match = resolve("/")
    gate = SecondFactorMiddleware(lambda request: None)
    with django_assert_num_queries(0):
        response = gate.process_view(request, None, (), {})
    assert_sent_to(response, "two_step_enrol", "/")
    settings.TAMAR_REQUIRE_2FA = False
    with django_assert_num_queries(0):
        assert gate.process_view(request, None, (), {}) is None
