"""Two-step verification in a real browser, as production has it on: a provider manager adds an
authenticator app (the test is their phone: it reads the key off the page), saves their recovery
codes, logs out, logs in with password and code, and reaches their contract."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone_code(secret: str, *, steps_later: int = 0) -> str:
    """What an authenticator app given `secret` shows (30-second steps, 6 digits)."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_later
    return f"{totp.token():06d}"


def test_a_manager_adds_an_app_then_logs_in_with_its_code(
    page, live_server, shoot, policy_refusals, settings, provider_a_manager, contract_a
):
    settings.TAMAR_REQUIRE_2FA = True
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(provider_a_manager.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # Straight to adding an app: nothing else opens first.
    expect(page.get_by_role("heading", name="Set up two-step verification")).to_be_visible()
    qr = page.get_by_role("img", name="QR code for your authenticator app to scan")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 200 and box["height"] >= 200
    secret = page.get_by_test_id("secret").inner_text()
    shoot("two-step-1-add-an-app")
    page.get_by_label("6-digit code from the app").fill("123 456")
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    shoot("two-step-2-wrong-code")
    # django-otp makes a person wait a second after a wrong code (more after each).
    page.wait_for_timeout(1500)
    page.get_by_label("6-digit code from the app").fill(phone_code(secret))
    page.get_by_role("button", name="Turn on two-step verification").click()

    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    shoot("two-step-3-recovery-codes")
    page.get_by_role("link", name="I have saved these codes, continue").click()
    expect(page.get_by_role("link", name=contract_a.ref)).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Username").fill(provider_a_manager.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    shoot("two-step-4-enter-code")
    # The next 30-second step's code: the one used to add the app cannot be used again.
    page.get_by_label("Your code").fill(phone_code(secret, steps_later=1))
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("link", name=contract_a.ref).click()
    expect(page.get_by_role("heading", name=contract_a.title)).to_be_visible()
    page.get_by_role("button", name="Your account").click()
    page.get_by_role("link", name="Two-step verification").click()
    expect(page.get_by_test_id("status")).to_have_text("On")
    shoot("two-step-5-overview")
    assert policy_refusals == []
