"""Who may open the panel's pages: a panel member, only for the rounds they sit on. Every other
round's and application's page is 404, as is every panel page for provider staff (of any
organisation), commissioners and administrators. The chair's moderation is the provider
manager's: 404 to other organisations and to panel members, a plain 403 to those who see the
contract but do not chair."""

import pytest
from django.urls import reverse

from contracts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def panel_urls(application):
    round_pk = application.round_id
    return [
        ("get", reverse("f4c_panel:round", args=[round_pk])),
        ("get", reverse("f4c_panel:application", args=[round_pk, application.pk])),
        ("post", reverse("f4c_panel:application", args=[round_pk, application.pk])),
    ]


@pytest.fixture
def not_on_the_round(provider_a):
    return UserFactory(username="panel.other", role=Role.PANEL_MEMBER, organisation=provider_a)


@pytest.fixture
def provider_b_panel_member(provider_b):
    return UserFactory(username="panel.b", role=Role.PANEL_MEMBER, organisation=provider_b)


@pytest.mark.parametrize(
    "persona",
    [
        "not_on_the_round",
        "provider_b_worker",
        "provider_a_manager",
        "provider_a_worker",
        "commissioner",
        "administrator",
    ],
)
def test_everyone_but_the_rounds_panel_gets_404_on_each_of_its_pages(
    client, request, persona, application
):
    client.force_login(request.getfixturevalue(persona))
    for method, url in panel_urls(application):
        data = {"action": "declare", "conflicted": "no"} if method == "post" else None
        assert getattr(client, method)(url, data).status_code == 404, (persona, method, url)


@pytest.mark.parametrize("persona", ["provider_a_manager", "commissioner", "provider_b_worker"])
def test_the_panels_home_is_404_for_anyone_but_a_panel_member(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("f4c_panel:home")).status_code == 404


def test_a_panel_member_not_on_the_round_does_not_see_it_at_home(
    client, not_on_the_round, application
):
    client.force_login(not_on_the_round)
    response = client.get(reverse("f4c_panel:home"))
    assert response.context["rows"] == []
    assert "Autumn round" not in response.content.decode()


def test_another_providers_panel_member_gets_404_even_if_put_on_the_panel(
    client, provider_b_panel_member, application
):
    application.round.panel.add(provider_b_panel_member)
    client.force_login(provider_b_panel_member)
    for method, url in panel_urls(application):
        assert getattr(client, method)(url).status_code == 404
    assert client.get(reverse("f4c_panel:home")).context["rows"] == []


def test_an_application_of_another_round_is_404_under_this_rounds_address(
    client, kai, application, fund
):
    other = fund.rounds.create(name="Summer round", opens_on="2026-06-01", closes_on="2026-06-30")
    client.force_login(kai)
    url = reverse("f4c_panel:application", args=[other.pk, application.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("provider_a_manager", 200),
        ("provider_a_worker", 403),
        ("commissioner", 403),
        ("provider_b_worker", 404),
        ("commissioner_b", 404),
        ("kai", 404),
    ],
)
def test_moderation_is_the_provider_managers(client, request, persona, status, application):
    contract = application.contract
    client.force_login(request.getfixturevalue(persona))
    url = reverse("f4c_panel:moderation", args=[contract.pk, application.round_id])
    assert client.get(url).status_code == status
    decide = reverse(
        "f4c_panel:decide", args=[contract.pk, application.round_id, application.pk, "decline"]
    )
    expected = 302 if status == 200 else status
    assert client.post(decide, {"reason": "No"}).status_code == expected


def test_a_round_of_another_contract_is_404_under_this_contracts_moderation(
    client, provider_a_manager, application, contract_b
):
    client.force_login(provider_a_manager)
    url = reverse("f4c_panel:moderation", args=[contract_b.pk, application.round_id])
    assert client.get(url).status_code == 404


def test_a_panel_members_account_keeps_a_display_name_and_a_login_only(provider_a):
    from django.core.exceptions import ValidationError

    from contracts.models import Role, User

    member = User(username="sky", first_name="Sky", role=Role.PANEL_MEMBER, organisation=provider_a)
    member.full_clean(exclude=["password"])
    member.last_name, member.email = "Trelawny", "sky@example.org"
    with pytest.raises(ValidationError) as refused:
        member.full_clean(exclude=["password"])
    assert set(refused.value.message_dict) == {"last_name", "email"}
