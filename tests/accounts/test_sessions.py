"""A session ends after 30 minutes without a request and 12 hours after logging in; a person
sees where they are logged in and can end every other session."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.clients import client_ip, describe_device
from accounts.models import UserSession
from tests.test_setup import run_manage

from .conftest import log_in

pytestmark = pytest.mark.django_db

START = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
IDLE = "You were signed out after 30 minutes without activity."
FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
)
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
EDGE_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)


def at(minutes: float):
    return time_machine.travel(START + timedelta(minutes=minutes), tick=False)


def signed_out(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_session_idle_for_31_minutes_goes_to_the_login_page_saying_why(client, commissioner):
    with at(0):
        client.force_login(commissioner)
    with at(31):
        response = client.get(reverse("home"))
        # The login page, to come back to the page asked for, saying why.
        assertRedirects(response, f"{reverse('login')}?next=/", fetch_redirect_response=False)
        assertContains(client.get(response.url), IDLE)
    assert not UserSession.objects.exists()
    assert "_auth_user_id" not in client.session


def test_activity_within_30_minutes_keeps_the_session(client, commissioner):
    with at(0):
        client.force_login(commissioner)
    for minutes in (29, 58, 87):
        with at(minutes):
            assert client.get(reverse("home")).status_code == 200
    with at(87 + 31):
        assert signed_out(client.get(reverse("home")))


def test_after_12_hours_a_session_ends_however_busy(client, commissioner):
    with at(0):
        client.force_login(commissioner)
    for minutes in range(20, 12 * 60, 20):
        with at(minutes):
            assert client.get(reverse("home")).status_code == 200, minutes
    with at(12 * 60 + 1):
        response = client.get(reverse("home"))
        assert signed_out(response)
        assertContains(client.get(response.url), "You were signed out 12 hours after logging in")


def test_the_limits_come_from_the_settings(client, commissioner, settings):
    settings.SESSION_IDLE_MINUTES = 10
    with at(0):
        client.force_login(commissioner)
    with at(11):
        response = client.get(reverse("home"))
        assertContains(
            client.get(response.url), "You were signed out after 10 minutes without activity."
        )


def test_the_limits_are_read_from_the_environment():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; "
        "print(settings.SESSION_IDLE_MINUTES, settings.SESSION_MAX_HOURS)",
        SECRET_KEY="s" * 50,
        SESSION_IDLE_MINUTES="15",
        SESSION_MAX_HOURS="8",
    )
    assert result.stdout.split() == ["15", "8"], result.stderr


def test_last_activity_is_written_at_most_once_a_minute(client, commissioner):
    with at(0):
        client.force_login(commissioner)
    with at(0.5):
        client.get(reverse("home"))
    assert UserSession.objects.get().last_seen == START
    with at(2):
        client.get(reverse("home"))
    assert UserSession.objects.get().last_seen == START + timedelta(minutes=2)


def test_the_next_request_after_the_first_minute_adds_no_query(
    client, commissioner, django_assert_num_queries
):
    client.force_login(commissioner)
    client.get(reverse("account_sessions"))
    # The session, the user, the page's list and the navbar's organisation: nothing written.
    with django_assert_num_queries(4):
        client.get(reverse("account_sessions"))


def test_logging_out_removes_the_session_from_the_list(client, commissioner):
    client.force_login(commissioner)
    assert UserSession.objects.count() == 1
    client.post(reverse("logout"))
    assert not UserSession.objects.exists()


def in_browser(user_agent: str, address: str) -> Client:
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)


@time_machine.travel(START, tick=False)
def test_your_sessions_lists_each_login_and_says_which_is_this_one(commissioner):
    laptop = in_browser(FIREFOX_ON_WINDOWS, "198.51.100.7")
    phone = in_browser(SAFARI_ON_IPHONE, "203.0.113.9")
    log_in(laptop, commissioner.username)
    log_in(phone, commissioner.username)
    page = laptop.get(reverse("account_sessions"))
    rows = [(row["device"], row["ip_address"], row["this_one"]) for row in page.context["logins"]]
    assert sorted(rows) == [
        ("Firefox on Windows", "198.51.100.7", True),
        ("Safari on an iPhone", "203.0.113.9", False),
    ]
    # 09:00 in London.
    assertContains(page, "01/06/2026 09:00", count=4)
    assertContains(page, "this one", count=1)
    assertContains(page, "Sign out everywhere else")


@time_machine.travel(START, tick=False)
def test_signing_out_everywhere_else_ends_the_other_session_only(commissioner):
    laptop = in_browser(FIREFOX_ON_WINDOWS, "198.51.100.7")
    phone = in_browser(SAFARI_ON_IPHONE, "203.0.113.9")
    log_in(laptop, commissioner.username)
    log_in(phone, commissioner.username)
    response = laptop.post(reverse("account_sessions"), follow=True)
    assertContains(response, "Signed out everywhere else (1 other session).")
    assertNotContains(response, "Safari on an iPhone")
    assert signed_out(phone.get(reverse("home")))
    assert laptop.get(reverse("home")).status_code == 200
    assert Session.objects.count() == UserSession.objects.count() == 1


@time_machine.travel(START, tick=False)
def test_nobody_sees_or_ends_another_persons_sessions(commissioner, provider_a_worker):
    mine = in_browser(FIREFOX_ON_WINDOWS, "198.51.100.7")
    theirs = in_browser(EDGE_ON_WINDOWS, "192.0.2.44")
    log_in(mine, commissioner.username)
    log_in(theirs, provider_a_worker.username)
    page = mine.get(reverse("account_sessions"))
    assert [row["device"] for row in page.context["logins"]] == ["Firefox on Windows"]
    assertNotContains(page, "192.0.2.44")
    assertNotContains(page, "Sign out everywhere else")
    mine.post(reverse("account_sessions"))
    assert theirs.get(reverse("home")).status_code == 200


def test_the_navbar_links_to_your_sessions(client, commissioner):
    client.force_login(commissioner)
    assertContains(client.get(reverse("home")), f'href="{reverse("account_sessions")}"')


@pytest.mark.parametrize(
    ("agent", "words"),
    [
        (FIREFOX_ON_WINDOWS, "Firefox on Windows"),
        (SAFARI_ON_IPHONE, "Safari on an iPhone"),
        (EDGE_ON_WINDOWS, "Edge on Windows"),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, "
            "like Gecko) Version/18.1 Safari/605.1.15",
            "Safari on a Mac",
        ),
        ("curl/8.5.0", "An unknown browser"),
        ("", "An unknown browser"),
    ],
)
def test_a_device_is_named_in_words_a_person_recognises(agent, words):
    assert describe_device(agent) == words


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded", "address"),
    [
        (False, "192.0.2.1", "198.51.100.7"),
        (True, "192.0.2.1", "192.0.2.1"),
        # The client may write anything before the proxy's own entry.
        (True, "10.9.9.9, 192.0.2.1", "192.0.2.1"),
        (True, "not-an-address", "198.51.100.7"),
    ],
)
def test_the_address_is_the_proxys_word_only_behind_the_proxy(
    settings, behind_proxy, forwarded, address
):
    settings.BEHIND_TLS_PROXY = behind_proxy
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == address
