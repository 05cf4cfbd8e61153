"""Five wrong passwords for one username from one address lock that pair for 15 minutes."""

import logging
import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.test_setup import run_manage

from .conftest import log_in

pytestmark = pytest.mark.django_db

# 13:20 in London (summer time): the lock lasts until 14:35 after a failure at 14:20.
AT_1420 = datetime(2026, 6, 1, 13, 20, tzinfo=UTC)
LOCKED = (
    "Too many wrong passwords for this account from here. Try again after 14:35, or ask an "
    "administrator to unlock it."
)


def fail(client: Client, username: str, times: int):
    for _ in range(times):
        response = log_in(client, username, "not-the-password")
    return response


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@time_machine.travel(AT_1420, tick=False)
def test_the_fifth_wrong_password_locks_the_account_and_says_until_when(client, commissioner):
    assertContains(fail(client, commissioner.username, 4), "Please enter a correct username")
    assertContains(fail(client, commissioner.username, 1), LOCKED, status_code=429)


@time_machine.travel(AT_1420, tick=False)
def test_once_locked_even_the_right_password_is_refused(client, commissioner):
    fail(client, commissioner.username, 5)
    response = log_in(client, commissioner.username)
    assertContains(response, LOCKED, status_code=429)
    assertContains(response, 'name="username"', status_code=429)
    assert not logged_in(client)


def test_the_lock_ends_after_15_minutes(client, commissioner):
    with time_machine.travel(AT_1420, tick=False):
        fail(client, commissioner.username, 5)
    with time_machine.travel(AT_1420 + timedelta(minutes=14), tick=False):
        assert log_in(client, commissioner.username).status_code == 429
    with time_machine.travel(AT_1420 + timedelta(minutes=15, seconds=1), tick=False):
        assertRedirects(log_in(client, commissioner.username), reverse("home"))


@time_machine.travel(AT_1420, tick=False)
def test_wrong_passwords_while_locked_do_not_move_the_end(client, commissioner):
    fail(client, commissioner.username, 5)
    with time_machine.travel(AT_1420 + timedelta(minutes=10), tick=False):
        assertContains(fail(client, commissioner.username, 3), LOCKED, status_code=429)


@time_machine.travel(AT_1420, tick=False)
def test_the_lock_is_for_that_username_from_that_address_only(client, commissioner, administrator):
    fail(client, commissioner.username, 5)
    assertRedirects(log_in(Client(), administrator.username), reverse("home"))
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assertRedirects(log_in(elsewhere, commissioner.username), reverse("home"))


@time_machine.travel(AT_1420, tick=False)
def test_a_successful_login_starts_the_count_again(client, commissioner):
    fail(client, commissioner.username, 4)
    assertRedirects(log_in(client, commissioner.username), reverse("home"))
    assert not AccessAttempt.objects.exists()
    client.post(reverse("logout"))
    assert fail(client, commissioner.username, 4).status_code == 200
    assertRedirects(log_in(client, commissioner.username), reverse("home"))


@time_machine.travel(AT_1420, tick=False)
def test_an_administrator_unlocks_an_account_with_a_command(client, commissioner):
    fail(client, commissioner.username, 5)
    out = StringIO()
    call_command("axes_reset_username", commissioner.username, stdout=out)
    assert "1 attempts removed" in out.getvalue()
    assertRedirects(log_in(client, commissioner.username), reverse("home"))


@time_machine.travel(AT_1420, tick=False)
def test_an_administrator_unlocks_an_account_in_the_admin(client, commissioner, administrator):
    fail(client, commissioner.username, 5)
    admin = Client()
    admin.force_login(administrator)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assertContains(listing, commissioner.username)
    attempt = AccessAttempt.objects.get(username=commissioner.username)
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 302
    assertRedirects(log_in(client, commissioner.username), reverse("home"))


@time_machine.travel(AT_1420, tick=False)
def test_every_failed_login_is_logged_with_its_username(client, commissioner, caplog):
    with caplog.at_level(logging.INFO, logger="tamar.security"):
        fail(client, commissioner.username, 5)
        log_in(client, commissioner.username)
    failures = [r.getMessage() for r in caplog.records if r.name == "tamar.security"]
    assert failures.count("Failed login for username 'commissioner.a' from 127.0.0.1") == 6
    assert "Locked out: username 'commissioner.a' from 127.0.0.1" in failures
    assert set(AccessFailureLog.objects.values_list("username", "ip_address")) == {
        ("commissioner.a", "127.0.0.1")
    }
    # The password typed is never kept.
    assert not any("not-the-password" in r.getMessage() for r in caplog.records)
    assert "not-the-password" not in AccessAttempt.objects.get(username="commissioner.a").post_data


def test_production_has_the_lockout_on():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.AXES_ENABLED, "
        "settings.AUTHENTICATION_BACKENDS[0], settings.AXES_FAILURE_LIMIT, "
        "settings.AXES_COOLOFF_TIME)",
        SECRET_KEY="s" * 50,
    )
    assert result.stdout.split() == ["True", "axes.backends.AxesStandaloneBackend", "5", "0:15:00"]


@time_machine.travel(AT_1420, tick=False)
def test_a_password_reset_ends_the_lockout(client, commissioner, mailoutbox):
    fail(client, commissioner.username, 5)
    client.post(reverse("password_reset"), {"email": commissioner.email})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "a-much-longer-passphrase-2026"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assertRedirects(log_in(client, commissioner.username, new), reverse("home"))
