"""The e-mails telling a person their password or their two-step verification changed, and
production's mail backend until a mail server is named."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

security_log = logging.getLogger("tamar.security")


class NotSentBackend(BaseEmailBackend):
    """Production without EMAIL_HOST: says that e-mail was not sent, never what it said (a
    password-reset link in the log would open the account to whoever reads it).
    `check --deploy` fails on it (tamar.E001)."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            security_log.error(
                "E-mail not sent (set EMAIL_HOST): %r to %d recipient(s)",
                message.subject,
                len(message.recipients()),
            )
        return 0


def _send(request: HttpRequest, user, *, template: str, **context) -> None:
    """One of these e-mails to `user`. A person without an e-mail address (a panel member) is
    told nothing."""
    if not user.email:
        return
    context |= {
        "user": user,
        "when": timezone.localtime(),
        "reset_url": request.build_absolute_uri(reverse("password_reset")),
    }
    subject = render_to_string(f"accounts/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/{template}_email.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except OSError:
        # The change is made whatever the mail server says; the page must not fail.
        security_log.exception("Could not send the %s e-mail to %r", template, user.pk)


def send_password_changed(request: HttpRequest, user, *, how: str) -> None:
    """Tell `user` their password changed (`how`: "changed" or "reset"), when, and what to do
    if it was not them."""
    _send(request, user, template="password_changed", how=how)


def send_second_factor_changed(
    request: HttpRequest, user, *, what: str, by_someone_else: bool
) -> None:
    """Tell `user` their two-step verification changed (`what`: "added an authenticator app",
    ...), when, whether an administrator did it, and what to do if it was not them."""
    _send(request, user, template="second_factor_changed", what=what, by_admin=by_someone_else)
