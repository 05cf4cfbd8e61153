"""The audit: one row for each look at personal data, each sign-in, failed sign-in, wrong
two-step code, change to someone's two-step verification and sign-out. Rows are only ever
added: the database refuses to change or delete one (audit.triggers), but for the one change
a deleted account makes (its rows lose the link to the account and keep the username)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

USERNAME_LENGTH = 150
URL_NAME_LENGTH = 200
PATH_LENGTH = 2000
USER_AGENT_LENGTH = 300
DETAIL_LENGTH = 200


class Kind(models.TextChoices):
    VIEW = "view", "Viewed"
    EXPORT = "export", "Exported"
    DOWNLOAD = "download", "Downloaded"
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Failed to sign in"
    LOGOUT = "logout", "Signed out"
    REFUSED = "refused", "Refused"
    # Issue 15, item 5 (privacy): everything held about a young person given out, or erased.
    SUBJECT_ACCESS = "subject_access", "Subject access export"
    ERASURE = "erasure", "Erased"
    # Issue 15, item 1: a wrong code after the password, and a change to someone's second factor.
    CODE_FAILED = "code_failed", "Wrong two-step code"
    TWO_STEP_CHANGED = "two_step_changed", "Changed two-step verification"


class AuditEvent(models.Model):
    Kind = Kind

    at = models.DateTimeField("when", default=timezone.now)
    # Who: the account while it exists, and the username for ever (a deleted account's rows
    # keep it; a failed sign-in keeps the username that was tried).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    username = models.CharField(max_length=USERNAME_LENGTH, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What: the page's URL name and address (with its query: what was searched for).
    method = models.CharField(max_length=10, blank=True)
    url_name = models.CharField("page", max_length=URL_NAME_LENGTH, blank=True)
    path = models.CharField("address", max_length=PATH_LENGTH, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # What changed, in words, where the page does not say (whose two-step verification).
    detail = models.CharField(max_length=DETAIL_LENGTH, blank=True)
    # Whose: plain ids, not foreign keys, so a row outlives its contract or young person
    # (and deleting one never has to change the audit).
    contract_pk = models.PositiveBigIntegerField("contract id", null=True, blank=True)
    young_person_pk = models.PositiveBigIntegerField("young person id", null=True, blank=True)
    # From where.
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=USER_AGENT_LENGTH, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["young_person_pk", "-at", "-id"], name="audit_young_person_at"),
            models.Index(fields=["user", "-at"], name="audit_user_at"),
            models.Index(fields=["-at"], name="audit_at"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="audit_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M:%S} {self.username or '(anonymous)'} {self.kind}"
