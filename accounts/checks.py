"""Deployment checks (`manage.py check --deploy`) for logins, password e-mail and two-step
verification."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# Backends that deliver nothing: a reset link would stay on the server, or in its log.
NOT_DELIVERING = {
    "accounts.mail.NotSentBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(Tags.security, deploy=True)
def e_mail_is_delivered(app_configs, **kwargs) -> list[Error]:
    if settings.EMAIL_BACKEND not in NOT_DELIVERING:
        return []
    return [
        Error(
            "Set EMAIL_HOST: without it password-reset links would be written to the server's log",
            hint=f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which sends nothing. Set "
            "EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) to the "
            "council's mail server.",
            id="tamar.E001",
        )
    ]


@register(Tags.security)
def session_limits_are_positive(app_configs, **kwargs) -> list[Error]:
    return [
        Error(f"{name} must be at least 1, not {getattr(settings, name)}", id="tamar.E002")
        for name in ("SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS")
        if getattr(settings, name) < 1
    ]


@register(Tags.security, deploy=True)
def two_step_is_required(app_configs, **kwargs) -> list[Warning]:
    if settings.TAMAR_REQUIRE_2FA or settings.DEBUG:
        return []
    return [
        Warning(
            "TAMAR_REQUIRE_2FA is off: staff can open children's records with a password alone",
            hint="Leave TAMAR_REQUIRE_2FA unset (it is on unless DEBUG), or set it to true.",
            id="tamar.W001",
        )
    ]
