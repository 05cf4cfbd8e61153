"""What Funds4 Care's services share: the one error they raise, who may do what on a contract,
the fund's financial year, and the history row every move of an application writes."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from contracts.models import Contract, Role, User

from ..models import Application, ApplicationEvent


class Funds4CareError(Exception):
    """A change Funds4 Care refuses; the message is for the person who tried, shown as is."""


class NotPermitted(Funds4CareError):
    pass


def financial_year_of(day: date) -> int:
    """The year a day's financial year (1 April to 31 March) starts in."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def is_manager(user: User, contract: Contract) -> bool:
    """The provider's managers run the fund: its settings, rounds, decisions and payments."""
    return user.role == Role.PROVIDER_MANAGER and user.organisation_id == contract.provider_id


def is_staff(user: User, contract: Contract) -> bool:
    """The provider's managers and workers make applications with young people."""
    return (
        user.role in (Role.PROVIDER_MANAGER, Role.PROVIDER_WORKER)
        and user.organisation_id == contract.provider_id
    )


def require_manager(user: User, contract: Contract, doing: str) -> None:
    if not is_manager(user, contract):
        raise NotPermitted(f"Only the provider's managers {doing}.")


def require_staff(user: User, contract: Contract, doing: str) -> None:
    if not is_staff(user, contract):
        raise NotPermitted(f"Only the provider's staff {doing}.")


def checked(instance, exclude: list[str] | None = None) -> None:
    """full_clean, its problems as one message."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise Funds4CareError(" ".join(error.messages)) from error


def record_event(
    application: Application, *, action: str, from_status: str, by: User, comment: str = ""
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        action=action,
        from_status=from_status,
        to_status=application.status,
        by=by,
        comment=comment,
    )
