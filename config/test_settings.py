"""Settings for the test suite: production settings, with what a test run cannot have.

The suite runs with DEBUG off, as production does. It needs no secret and no TLS, and it
uses the plain static storage (no collectstatic manifest to build first).
"""

import os

# The suite runs as production does, whatever a developer's .env says.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from .settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Hashing passwords slowly is a defence for production, a cost for tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files straight from the app folders, as a development run does.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Django's test client logs in without a request, which django-axes refuses: lockout is off for
# the suite and on in the tests of it (tests/accounts/conftest.py).
AXES_ENABLED = False
# Most tests sign in with `client.force_login`, which knows no second factor: two-step
# verification is not required for the suite, and the tests of it turn it on
# (tests/accounts/test_two_step*.py). Whoever has a device is asked for its code either way.
TAMAR_REQUIRE_2FA = False
