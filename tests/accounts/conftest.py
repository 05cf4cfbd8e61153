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
