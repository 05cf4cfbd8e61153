"""Reminder e-mails to the provider's managers about returns overdue or due soon (run daily by
the send_return_reminders command)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from contracts.models import Contract, Role, User

from ..engine.periods import today
from ..models import AWAITED, Return, ReturnReminder
from .due import open_all_returns

logger = logging.getLogger(__name__)


REMIND_DAYS_BEFORE = 5


@dataclass(frozen=True)
class Reminder:
    ret: Return
    recipients: list[str]
    overdue: bool
    error: str = ""  # why it could not be sent (it is tried again on the next run)

    @property
    def sent(self) -> bool:
        return not self.error


def remind_providers(
    *, on: date | None = None, days_before: int = REMIND_DAYS_BEFORE
) -> list[Reminder]:
    """E-mail each provider's managers about the returns they owe that are overdue or due
    within `days_before` days; every reminder tried, sent or not. At most one e-mail per return
    per day: the day's ReturnReminder row is written in the same transaction as the sending, so
    running twice sends nothing new, and a failed send (a mail server refusing a recipient, or
    not answering) leaves no row: it is logged, the others are still sent, and it is tried
    again on the next run."""
    on = today() if on is None else on
    open_all_returns(
        contracts=Contract.objects.filter(end_date__gte=on - timedelta(days=366)), on=on
    )
    owed = (
        Return.objects.filter(status__in=AWAITED, due_date__lte=on + timedelta(days_before))
        .exclude(reminders__sent_on=on)
        .select_related("contract", "contract__provider")
        .order_by("due_date", "id")
    )
    managers: dict[int, list[str]] = {}
    tried = []
    for ret in owed:
        provider_id = ret.contract.provider_id
        if provider_id not in managers:
            managers[provider_id] = sorted(
                User.objects.filter(
                    organisation_id=provider_id, role=Role.PROVIDER_MANAGER, is_active=True
                )
                .exclude(email="")
                .values_list("email", flat=True)
            )
        recipients = managers[provider_id]
        if not recipients:
            continue
        overdue = ret.due_date < on
        try:
            with transaction.atomic():
                ReturnReminder.objects.create(ret=ret, sent_on=on, recipients=", ".join(recipients))
                send_mail(
                    reminder_subject(ret, overdue),
                    reminder_body(ret, overdue),
                    None,
                    recipients,
                )
        except IntegrityError:
            # Another run sent today's reminder first.
            continue
        except (SMTPException, OSError) as error:
            logger.warning(
                "The reminder about return %s (%s) to %s was not sent: %s",
                ret.pk,
                ret,
                ", ".join(recipients),
                error,
            )
            tried.append(Reminder(ret, recipients, overdue, error=str(error) or repr(error)))
            continue
        tried.append(Reminder(ret, recipients, overdue))
    return tried


def reminder_subject(ret: Return, overdue: bool) -> str:
    state = "overdue" if overdue else "due soon"
    return f"Tamar: {ret.contract.ref} return {ret.financial_year_label} {ret.period} {state}"


def reminder_body(ret: Return, overdue: bool) -> str:
    due = ret.due_date.strftime("%d/%m/%Y")
    base = getattr(settings, "TAMAR_BASE_URL", "").rstrip("/")
    when = f"was due on {due}" if overdue else f"is due on {due}"
    return (
        f"The {ret.financial_year_label} {ret.period} return for {ret.contract} {when} and has "
        f"not been submitted ({ret.get_status_display().lower()}).\n\n"
        f"Open it in Tamar: {base}{ret.get_absolute_url()}\n"
    )
