"""Logging in and out, and changing or resetting a password (e-mail to the console)."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_person_logs_in_and_lands_on_their_home_page(client, commissioner):
    response = client.post(
        reverse("login"), {"username": commissioner.username, "password": TEST_PASSWORD}
    )
    assertRedirects(response, reverse("home"))


def test_a_wrong_password_is_refused_with_a_message(client, commissioner):
    response = client.post(
        reverse("login"), {"username": commissioner.username, "password": "wrong-password"}
    )
    assert response.status_code == 200
    assertContains(response, "Please enter a correct username and password")
    assert "_auth_user_id" not in client.session


def test_login_returns_to_the_page_asked_for(client, commissioner, contract_a):
    wanted = contract_a.get_absolute_url()
    response = client.post(
        f"{reverse('login')}?next={wanted}",
        {"username": commissioner.username, "password": TEST_PASSWORD, "next": wanted},
    )
    assertRedirects(response, wanted)


def test_logging_out_ends_the_session(client, commissioner):
    client.force_login(commissioner)
    assertRedirects(client.post(reverse("logout")), reverse("login"))
    assert client.get(reverse("home")).status_code == 302


def test_a_person_changes_their_password(client, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a-much-longer-passphrase-2026",
            "new_password2": "a-much-longer-passphrase-2026",
        },
    )
    assertRedirects(response, reverse("password_change_done"))
    commissioner.refresh_from_db()
    assert commissioner.check_password("a-much-longer-passphrase-2026")


def test_a_short_new_password_is_refused(client, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assertContains(response, "at least 10 characters")


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, commissioner, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": commissioner.email})
    assertRedirects(response, reverse("password_reset_done"))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [commissioner.email]
    assert mailoutbox[0].subject == "Reset your Tamar password"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mailoutbox[0].body).group(1)

    form = client.get(link, follow=True)
    assertContains(form, "Choose a new password")
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "fresh-passphrase-2026", "new_password2": "fresh-passphrase-2026"},
    )
    assertRedirects(response, reverse("password_reset_complete"))
    commissioner.refresh_from_db()
    assert commissioner.check_password("fresh-passphrase-2026")


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assertRedirects(response, reverse("password_reset_done"))
    assert mailoutbox == []
