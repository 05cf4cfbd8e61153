"""Signing in, failing to sign in (with the username tried) and signing out, from Django's
auth signals: whichever door (the login page, the admin's), one row each. A wrong two-step code
and a change to someone's two-step verification, from the accounts app's signals."""

from __future__ import annotations

from django.contrib.auth import signals

from accounts.signals import second_factor_changed, second_factor_failed

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


def code_failed(sender, request, user, **kwargs) -> None:
    write(Kind.CODE_FAILED, request, user=user)


def two_step_changed(sender, request, user, about, what: str, **kwargs) -> None:
    # `user` made the change (the person, or an administrator); `about` is whose it was.
    write(Kind.TWO_STEP_CHANGED, request, user=user, detail=f"{about.get_username()}: {what}")


def connect() -> None:
    signals.user_logged_in.connect(logged_in, dispatch_uid="audit.logged_in")
    signals.user_login_failed.connect(login_failed, dispatch_uid="audit.login_failed")
    signals.user_logged_out.connect(logged_out, dispatch_uid="audit.logged_out")
    second_factor_failed.connect(code_failed, dispatch_uid="audit.code_failed")
    second_factor_changed.connect(two_step_changed, dispatch_uid="audit.two_step_changed")
