"""Who is logged in where, and who asked for a password-reset e-mail when.

Django's database sessions cannot be listed by user (the user's id is inside the encoded
data), so each login keeps a small row beside its session. The row hangs off the session:
whenever Django deletes a session (logging out, a new key, `clearsessions`), its row goes too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models


class UserSessionQuerySet(models.QuerySet):
    def live(self, now: datetime) -> UserSessionQuerySet:
        """The sessions that still work: neither idle too long nor logged in too long ago."""
        return self.filter(
            last_seen__gt=now - timedelta(minutes=settings.SESSION_IDLE_MINUTES),
            created__gt=now - timedelta(hours=settings.SESSION_MAX_HOURS),
        )


class UserSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="logins"
    )
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="login")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(help_text="When the person logged in.")
    # Touched at most once a minute (accounts/sessions.py), never on every request.
    last_seen = models.DateTimeField()

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_seen__gte=models.F("created")),
                name="usersession_seen_after_login",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} since {self.created:%d/%m/%Y %H:%M}"


class PasswordResetRequest(models.Model):
    """A reset e-mail asked for and allowed: what the hourly limits count."""

    email = models.EmailField(help_text="As asked for, in lower case.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    requested_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["email", "requested_at"]),
            models.Index(fields=["ip_address", "requested_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.email} at {self.requested_at:%d/%m/%Y %H:%M}"
