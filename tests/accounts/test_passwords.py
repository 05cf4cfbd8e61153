"""Password resets: a few an hour, a link that lasts an hour, and an e-mail whenever a password
changes, which also ends the person's other sessions."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import UserSession
from contracts.models import Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
NEW_PASSWORD = "a-much-longer-passphrase-2026"


def ask_for_reset(client: Client, email: str):
    response = client.post(reverse("password_reset"), {"email": email})
    assertRedirects(response, reverse("password_reset_done"))
    return response


def reset_link(message) -> str:
    return re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)


@time_machine.travel(START, tick=False)
def test_a_fourth_reset_in_an_hour_sends_nothing_and_says_the_same(
    client, commissioner, mailoutbox
):
    for _ in range(4):
        ask_for_reset(client, commissioner.email)
    assert len(mailoutbox) == 3
    # Another spelling of the address is the same address.
    ask_for_reset(client, commissioner.email.upper())
    assert len(mailoutbox) == 3
    with time_machine.travel(START + timedelta(minutes=61), tick=False):
        ask_for_reset(client, commissioner.email)
    assert len(mailoutbox) == 4


@time_machine.travel(START, tick=False)
def test_twenty_resets_an_hour_from_one_network_address_and_no_more(
    client, commissioner, mailoutbox
):
    for n in range(20):
        ask_for_reset(client, f"nobody-{n}@example.org")
    ask_for_reset(client, commissioner.email)
    assert mailoutbox == []
    ask_for_reset(Client(REMOTE_ADDR="203.0.113.9"), commissioner.email)
    assert [message.to for message in mailoutbox] == [[commissioner.email]]


@pytest.mark.parametrize(("later", "works"), [(59, True), (61, False)])
def test_a_reset_link_lasts_an_hour(client, commissioner, mailoutbox, later, works):
    with time_machine.travel(START, tick=False):
        ask_for_reset(client, commissioner.email)
    with time_machine.travel(START + timedelta(minutes=later), tick=False):
        page = client.get(reset_link(mailoutbox[0]), follow=True)
    if works:
        assertContains(page, "Choose a new password")
    else:
        assertContains(page, "This link no longer works")
        assert page.context["validlink"] is False


@time_machine.travel(START, tick=False)
def test_a_reset_emails_the_person_and_ends_all_their_sessions(client, commissioner, mailoutbox):
    elsewhere = Client()
    elsewhere.force_login(commissioner)
    ask_for_reset(client, commissioner.email)
    form = client.get(reset_link(mailoutbox[0]), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assertRedirects(response, reverse("password_reset_complete"))
    told = mailoutbox[1]
    assert (told.to, told.subject) == ([commissioner.email], "Your Tamar password was reset")
    # 10:00 in London, in summer.
    assert "reset through a link sent to this address on 01/06/2026 at 10:00" in told.body
    assert "http://testserver/accounts/password_reset/" in told.body
    assert "Tamar administrator" in told.body
    assertRedirects(elsewhere.get(reverse("home")), f"{reverse('login')}?next=/")
    assert not UserSession.objects.exists()


@time_machine.travel(START, tick=False)
def test_a_change_emails_the_person_and_ends_their_other_sessions(client, commissioner, mailoutbox):
    elsewhere = Client()
    elsewhere.force_login(commissioner)
    client.force_login(commissioner)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assertRedirects(response, reverse("password_change_done"))
    [told] = mailoutbox
    assert (told.to, told.subject) == ([commissioner.email], "Your Tamar password was changed")
    assert 'changed on the "Change password" page on 01/06/2026 at 10:00' in told.body
    assert "Choose a new password straight away: http://testserver/accounts/password_reset/" in (
        told.body
    )
    assertRedirects(elsewhere.get(reverse("home")), f"{reverse('login')}?next=/")
    # This session carries on, and is still listed as this one.
    assert client.get(reverse("home")).status_code == 200
    assert UserSession.objects.get().session_id == client.session.session_key
    assertContains(client.get(reverse("account_sessions")), "this one")


def test_a_panel_member_without_an_e_mail_address_is_told_nothing(client, provider_a, mailoutbox):
    member = UserFactory(
        username="panel.kit",
        role=Role.PANEL_MEMBER,
        organisation=provider_a,
        last_name="",
        email="",
    )
    member.full_clean()
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assertRedirects(response, reverse("password_change_done"))
    assert mailoutbox == []
