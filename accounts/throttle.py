"""How many password-reset e-mails may be asked for: a few an hour for one address, a score
an hour from one network address. Beyond that the page says the same and nothing is sent, so
neither a mailbox can be flooded nor the form used to find out which addresses are known."""

from __future__ import annotations

from datetime import datetime, timedelta

from .models import PasswordResetRequest

PER_ADDRESS_PER_HOUR = 3
PER_IP_PER_HOUR = 20
KEPT_FOR = timedelta(days=1)


def may_send_reset(*, email: str, ip_address: str | None, now: datetime) -> bool:
    """Whether a reset e-mail may go to `email` for a request from `ip_address`; if so, the
    request is counted."""
    email = email.strip().lower()
    PasswordResetRequest.objects.filter(requested_at__lt=now - KEPT_FOR).delete()
    this_hour = PasswordResetRequest.objects.filter(requested_at__gt=now - timedelta(hours=1))
    if this_hour.filter(email=email).count() >= PER_ADDRESS_PER_HOUR:
        return False
    if ip_address and this_hour.filter(ip_address=ip_address).count() >= PER_IP_PER_HOUR:
        return False
    PasswordResetRequest.objects.create(email=email, ip_address=ip_address, requested_at=now)
    return True
