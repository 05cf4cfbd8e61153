"""Two-step verification: who must have it, adding an authenticator app, checking a code,
recovery codes, and removing it. Free of HTTP: the views (accounts/twofactor_views.py) turn
what these return into pages, messages and e-mails.

django-otp keeps the devices: a person's authenticator app is a TOTPDevice (confirmed once they
have entered a code from it), their recovery codes the tokens of a StaticDevice (each works
once). Its throttle makes a person wait 1, 2, 4, 8... seconds after each wrong code; on top of
it, FAILURE_LIMIT wrong codes in a row lock the code step for LOCKED_FOR.
"""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from contracts.models import Role

FAILURE_LIMIT = 5
LOCKED_FOR = timedelta(minutes=15)
RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"

# Whether the session's person has a confirmed device, written when they log in and whenever
# it changes, so that no page asks the database.
HAS_DEVICE = "tamar_has_second_factor"


def must_enrol(user) -> bool:
    """Everyone but a grant panel member (often under 18) must add an app, while the setting
    is on."""
    return settings.TAMAR_REQUIRE_2FA and user.role != Role.PANEL_MEMBER


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def spaced(text: str, every: int = 4) -> str:
    """'ABCD EFGH IJKL': a secret or code in groups a person can read out and type."""
    return " ".join(text[i : i + every] for i in range(0, len(text), every))


def secret_of(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it when typed in (base32, no padding)."""
    return b32encode(device.bin_key).decode().rstrip("=")


def typed(code: str) -> str:
    """A code as typed, without the spaces and dashes a person may copy with it."""
    return re.sub(r"[\s-]", "", code or "").lower()


def is_app_code(code: str) -> bool:
    return re.fullmatch(r"\d{6}", typed(code)) is not None


# Adding an app ------------------------------------------------------------------------------


def unconfirmed_app(*, user) -> TOTPDevice:
    """The app being added: the same secret until it is confirmed (a reloaded page shows the
    code the person may already have scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


@transaction.atomic
def confirm_app(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """The person typed `code` from the app being added: if right, it becomes their one app
    (replacing any other) with new recovery codes, which are returned to be shown once."""
    device = (
        TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False)
    ).first()
    # None: confirmed meanwhile (the form sent twice), or the code is wrong.
    if device is None or not is_app_code(code) or not device.verify_token(typed(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user=user)


def new_recovery_codes(*, user) -> list[str]:
    """RECOVERY_CODES new codes; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove(*, user) -> bool:
    """Remove the person's app and recovery codes; whether there was anything to remove."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    removed_codes, _ = StaticDevice.objects.filter(user=user).delete()
    return bool(removed or removed_codes)


# Checking a code ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What checking a code came to: the device that accepted it, or why not."""

    device: TOTPDevice | StaticDevice | None = None
    locked_until: datetime | None = None
    wait: bool = False  # django-otp's throttle: a few seconds after the last wrong code
    tries_left: int = FAILURE_LIMIT


def _failures(devices: list) -> tuple[int, datetime | None]:
    count = sum(device.throttling_failure_count for device in devices)
    stamps = [d.throttling_failure_timestamp for d in devices if d.throttling_failure_timestamp]
    return count, max(stamps, default=None)


def _locked_until(devices: list, now: datetime) -> datetime | None:
    count, latest = _failures(devices)
    if count >= FAILURE_LIMIT and latest is not None and latest + LOCKED_FOR > now:
        return latest + LOCKED_FOR
    return None


def locked_until(user, *, now: datetime | None = None) -> datetime | None:
    """Until when the code step is locked for `user`, or None."""
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True)]
    devices += StaticDevice.objects.filter(user=user, confirmed=True)
    return _locked_until(devices, now or timezone.now())


@transaction.atomic
def check_code(*, user, code: str) -> Outcome:
    """Check a code from the person's app (six digits) or one of their recovery codes. The
    devices are locked for the check, so two requests at once cannot both use a code or both
    escape the count."""
    now = timezone.now()
    apps = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
    spares = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
    devices = apps + spares
    until = _locked_until(devices, now)
    if until is not None:
        return Outcome(locked_until=until, tries_left=0)
    count, _latest = _failures(devices)
    if count >= FAILURE_LIMIT:
        # A lock that has run out: five more tries.
        for device in devices:
            device.throttle_reset()
    candidates = apps if is_app_code(code) else spares
    if not candidates:
        candidates = apps or spares
    device = candidates[0] if candidates else None
    if device is None:
        return Outcome(tries_left=0)
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        return Outcome(wait=True, tries_left=FAILURE_LIMIT - _failures(devices)[0])
    if device.verify_token(typed(code)):
        # A right code starts the count again, whichever device took it.
        for other in devices:
            if other is not device and other.throttling_failure_count:
                other.throttle_reset()
        return Outcome(device=device)
    count, _latest = _failures(devices)
    until = _locked_until(devices, timezone.now())
    return Outcome(locked_until=until, tries_left=max(FAILURE_LIMIT - count, 0))
