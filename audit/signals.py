"""Signing in, failing to sign in (with the username tried) and signing out, from Django's
auth signals: whichever door (the login page, the admin's), one row each."""

from __future__ import annotations

from django.contrib.auth import signals

from .models import Kind
from .writer import write


def logged_in(sender, request, user, **kwargs) -> None:
    write(Kind.LOGIN, request, user=user)


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password; the username (or e-mail) tried is kept.
    tried = credentials.get("username") or credentials.get("email") or ""
    write(Kind.LOGIN_FAILED, request, username=str(tried))


def logged_out(sender, request, user, **kwargs) -> None:
    write(Kind.LOGOUT, request, user=user)


def connect() -> None:
    signals.user_logged_in.connect(logged_in, dispatch_uid="audit.logged_in")
    signals.user_login_failed.connect(login_failed, dispatch_uid="audit.login_failed")
    signals.user_logged_out.connect(logged_out, dispatch_uid="audit.logged_out")
