"""Lockout is off for the rest of the suite (config/test_settings.py: Django's test client logs
in without a request); here it is on, as in production. Logging in goes through the login page,
as a person's browser does."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD


@pytest.fixture(autouse=True)
def lockout_on(settings):
    settings.AXES_ENABLED = True


def log_in(client: Client, username: str, password: str = TEST_PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


# Two-step verification (tests/accounts/test_two_step*.py) -----------------------------------


@pytest.fixture
def two_step_on(settings):
    """As in production: the suite runs without it (config/test_settings.py)."""
    settings.TAMAR_REQUIRE_2FA = True


def app_for(user):
    """A confirmed authenticator app for `user`, as if they had added it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_of(device, *, steps_later: int = 0) -> str:
    """The code the person's app shows now (or `steps_later` steps of 30 s on)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_later * device.step
    return f"{totp.token():0{device.digits}d}"


def enter_code(client: Client, code: str, next_url: str = "/"):
    return client.post(reverse("two_step_verify"), {"code": code, "next": next_url})
