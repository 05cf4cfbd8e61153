"""Logins, failures, lockouts and logouts: each a line in the "tamar.security" log, with the
username (django-axes' own lines hide it), and a login listed on "Your sessions".

And two signals of this app's own, which the audit writes down (audit/signals.py): a wrong
two-step code, and a change to someone's two-step verification."""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver

from . import sessions, twofactor
from .clients import client_ip

security_log = logging.getLogger("tamar.security")

# Sent with `request` and `user` (whose code it was).
second_factor_failed = Signal()
# Sent with `request`, `user` (who made the change), `about` (whose verification changed) and
# `what` (in words, for the audit).
second_factor_changed = Signal()


def _from(request) -> str:
    return (client_ip(request) if request is not None else None) or "an unknown address"


@receiver(user_logged_in, dispatch_uid="accounts.logged_in")
def on_login(sender, request, user, **kwargs) -> None:
    sessions.start(request, user)
    # Asked once here, so that no page needs to ask whether this person has a second factor.
    request.session[twofactor.HAS_DEVICE] = twofactor.has_device(user)
    security_log.info("Logged in: %r from %s", user.get_username(), _from(request))


@receiver(user_login_failed, dispatch_uid="accounts.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # %r: a username is whatever was typed, newlines included; it must not forge a log line.
    security_log.warning(
        "Failed login for username %r from %s", credentials.get("username"), _from(request)
    )


@receiver(user_locked_out, dispatch_uid="accounts.locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    security_log.warning("Locked out: username %r from %s", username, ip_address)


@receiver(user_logged_out, dispatch_uid="accounts.logged_out")
def on_logout(sender, request, user, **kwargs) -> None:
    # The session's row goes with the session (flushed right after this signal).
    if user is not None:
        security_log.info("Logged out: %r", user.get_username())
