"""Adding an authenticator app, signing in with its code or a recovery code, five wrong codes,
the e-mails and audit rows of each change, and an administrator's reset."""

import re
from base64 import b32decode
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertRedirects

from accounts import twofactor
from accounts.models import UserSession
from audit.models import AuditEvent, Kind
from tests.factories import TEST_PASSWORD

from .conftest import app_for, code_of, enter_code, log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_step_on")]

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def secret_on(page) -> str:
    return re.search(rb'data-testid="secret">([A-Z2-7 ]+)<', page.content).group(1).decode()


def code_for_secret(secret: str, *, steps_later: int = 0) -> str:
    """What an app typed in with `secret` shows (the person's phone, in these tests)."""
    device = TOTPDevice(key=b32decode(secret.replace(" ", "")).hex())
    return code_of(device, steps_later=steps_later)


def codes_on(page) -> list[str]:
    block = re.search(rb'data-testid="recovery-codes">(.*?)</ol>', page.content, re.S).group(1)
    return [c.decode() for c in re.findall(rb"<li[^>]*>([a-z2-7 ]+)</li>", block)]


@time_machine.travel(START, tick=False)
def test_adding_an_app_takes_a_right_code_and_shows_ten_recovery_codes_once(
    client, provider_a_manager, mailoutbox
):
    log_in(client, provider_a_manager.username)
    page = client.get(reverse("two_step_enrol"))
    assertContains(page, "Set up two-step verification")
    assertContains(page, '<svg version="1.1" viewBox=')
    assert b"style=" not in page.content
    secret = secret_on(page)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)
    # The same secret on a reload (the person may have scanned it already).
    assert secret_on(client.get(reverse("two_step_enrol"))) == secret

    wrong = client.post(reverse("two_step_enrol"), {"code": "000000", "next": "/"})
    assertContains(wrong, "That code is not right")
    assert not TOTPDevice.objects.filter(user=provider_a_manager, confirmed=True).exists()

    with time_machine.travel(START + timedelta(seconds=30), tick=False):
        right = client.post(
            reverse("two_step_enrol"), {"code": code_for_secret(secret), "next": "/"}
        )
    assert right.status_code == 302
    assert right.url.startswith(reverse("two_step_recovery_codes"))
    shown = client.get(right.url)
    codes = codes_on(shown)
    assert len(codes) == 10 and len(set(codes)) == 10
    assertContains(shown, "This is the only time Tamar shows these codes")
    assertContains(shown, "I have saved these codes, continue")
    # Shown once: opened again, the page says so and shows none.
    again = client.get(reverse("two_step_recovery_codes"))
    assertRedirects(again, reverse("two_step"))
    # This session has passed: the contract pages open.
    assert client.get(reverse("home")).status_code == 200
    assertContains(client.get(reverse("two_step")), "10 of 10")

    [mail] = mailoutbox
    assert mail.to == [provider_a_manager.email]
    assert "two-step verification" in mail.subject
    assert "added an authenticator app" in mail.body
    row = AuditEvent.objects.get(kind=Kind.TWO_STEP_CHANGED)
    assert (row.user, row.detail) == (provider_a_manager, "manager.a: added an authenticator app")


@time_machine.travel(START, tick=False)
def test_signing_in_takes_the_password_then_the_code(client, commissioner):
    device = app_for(commissioner)
    response = log_in(client, commissioner.username)
    response = client.get(response.url)
    assert response.url.startswith(reverse("two_step_verify"))
    page = client.get(response.url)
    assertContains(page, "Enter the 6-digit code your authenticator app shows")
    assertContains(page, 'autocomplete="one-time-code"')
    assertRedirects(enter_code(client, code_of(device)), "/")
    assert client.get(reverse("home")).status_code == 200
    # The same code cannot be used twice, even in its 30 seconds.
    other = Client()
    log_in(other, commissioner.username)
    assertContains(enter_code(other, code_of(device)), "That code is not right")


@time_machine.travel(START, tick=False)
def test_a_recovery_code_works_once(client, provider_a_worker):
    app_for(provider_a_worker)
    codes = twofactor.new_recovery_codes(user=provider_a_worker)
    log_in(client, provider_a_worker.username)
    # Typed as shown on the page, with its space, in capitals.
    response = enter_code(client, twofactor.spaced(codes[3]).upper())
    assertRedirects(response, "/", fetch_redirect_response=False)
    assertContains(client.get("/"), "You used a recovery code: it will not work again. 9 left.")
    assert StaticToken.objects.filter(device__user=provider_a_worker).count() == 9

    again = Client()
    log_in(again, provider_a_worker.username)
    with time_machine.travel(START + timedelta(seconds=5), tick=False):
        assertContains(enter_code(again, codes[3]), "That code is not right")
        assert again.get("/").url.startswith(reverse("two_step_verify"))


def test_five_wrong_codes_lock_the_code_step_for_15_minutes(client, provider_a_manager):
    device = app_for(provider_a_manager)
    with time_machine.travel(START, tick=False) as clock:
        log_in(client, provider_a_manager.username)
        for tries_left in (4, 3, 2, 1):
            response = enter_code(client, "111111")
            assertContains(response, f"{tries_left} tr")
            # django-otp's own throttle: a few seconds' wait, without counting.
            assertContains(enter_code(client, "222222"), "Wait a few seconds")
            clock.shift(timedelta(seconds=20))
        locked = enter_code(client, "111111")
        assert locked.status_code == 429
        assertContains(locked, "Too many wrong codes", status_code=429)
        assertContains(locked, "locked until 10:16", status_code=429)  # London, summer time
        # Even the right code is refused while locked, and the page still opens nothing.
        clock.shift(timedelta(minutes=14))
        assert enter_code(client, code_of(device)).status_code == 429
        assert client.get("/").url.startswith(reverse("two_step_verify"))
        clock.shift(timedelta(minutes=1, seconds=1))
        assertRedirects(enter_code(client, code_of(device)), "/", fetch_redirect_response=False)
    assert AuditEvent.objects.filter(kind=Kind.CODE_FAILED, user=provider_a_manager).count() == 5


def test_logging_in_again_does_not_start_the_count_again(client, provider_a_manager):
    """A right password resets django-axes' count; it must not give five more codes."""
    app_for(provider_a_manager)
    with time_machine.travel(START, tick=False) as clock:
        for _attempt in range(5):
            log_in(client, provider_a_manager.username)
            enter_code(client, "111111")
            client.post(reverse("logout"))
            clock.shift(timedelta(seconds=20))
        log_in(client, provider_a_manager.username)
        assert enter_code(client, "111111").status_code == 429


@time_machine.travel(START, tick=False)
def test_new_recovery_codes_replace_the_old_and_are_told_by_e_mail(
    client, provider_a_manager, mailoutbox
):
    device = app_for(provider_a_manager)
    old = twofactor.new_recovery_codes(user=provider_a_manager)
    log_in(client, provider_a_manager.username)
    enter_code(client, code_of(device))
    response = client.post(reverse("two_step"))
    new = codes_on(client.get(response.url))
    assert len(new) == 10
    assert not StaticToken.objects.filter(token__in=old).exists()
    [mail] = mailoutbox
    assert "made new recovery codes" in mail.body
    assert AuditEvent.objects.filter(kind=Kind.TWO_STEP_CHANGED).count() == 1


@time_machine.travel(START, tick=False)
def test_removing_the_app_asks_the_password_then_asks_for_a_new_one(
    client, provider_a_manager, mailoutbox
):
    device = app_for(provider_a_manager)
    log_in(client, provider_a_manager.username)
    enter_code(client, code_of(device))
    elsewhere = Client()
    log_in(elsewhere, provider_a_manager.username)

    wrong = client.post(reverse("two_step_remove"), {"password": "not-it"})
    assertContains(wrong, "That is not your password")
    assert TOTPDevice.objects.filter(user=provider_a_manager).exists()

    response = client.post(reverse("two_step_remove"), {"password": TEST_PASSWORD})
    assertRedirects(response, reverse("two_step_enrol"))
    assert not TOTPDevice.objects.filter(user=provider_a_manager, confirmed=True).exists()
    # Required for a manager: nothing else opens until a new app is added.
    assert client.get("/").url.startswith(reverse("two_step_enrol"))
    assert "removed the authenticator app" in mailoutbox[0].body
    # Every other session ended; this one goes on.
    assert UserSession.objects.filter(user=provider_a_manager).count() == 1


@time_machine.travel(START, tick=False)
def test_a_panel_member_may_turn_it_off(client, panel_member):
    device = app_for(panel_member)
    log_in(client, panel_member.username)
    enter_code(client, code_of(device))
    response = client.post(reverse("two_step_remove"), {"password": TEST_PASSWORD, "then": "off"})
    assertRedirects(response, reverse("two_step"))
    assert client.get(reverse("f4c_panel:home")).status_code == 200


@time_machine.travel(START, tick=False)
def test_an_administrator_resets_someones_two_step_in_the_admin(
    client, administrator, provider_a_worker, mailoutbox
):
    worker_app = app_for(provider_a_worker)
    twofactor.new_recovery_codes(user=provider_a_worker)
    worker = Client()
    log_in(worker, provider_a_worker.username)
    enter_code(worker, code_of(worker_app))

    admin_app = app_for(administrator)
    log_in(client, administrator.username)
    enter_code(client, code_of(admin_app))
    users = client.get(reverse("admin:contracts_user_changelist"))
    assertContains(users, "Two-step")
    response = client.post(
        reverse("admin:contracts_user_changelist"),
        {"action": "reset_two_step", "_selected_action": [provider_a_worker.pk]},
        follow=True,
    )
    assertContains(response, "Two-step verification reset for 1 user")
    assert not TOTPDevice.objects.filter(user=provider_a_worker).exists()
    assert not StaticToken.objects.filter(device__user=provider_a_worker).exists()
    row = AuditEvent.objects.get(kind=Kind.TWO_STEP_CHANGED)
    assert row.user == administrator
    assert row.detail == "worker.a: removed the authenticator app and recovery codes"
    [mail] = mailoutbox
    assert mail.to == [provider_a_worker.email]
    assert "a Tamar administrator removed the authenticator app" in mail.body
    # The worker's session ended: they log in again and add a new app.
    assert worker.get("/").url.startswith(reverse("login"))
    log_in(worker, provider_a_worker.username)
    assert worker.get("/").url.startswith(reverse("two_step_enrol"))
    # The admin's own session goes on.
    assert client.get(reverse("admin:index")).status_code == 200
