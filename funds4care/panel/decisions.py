"""The chair's decisions, as the moderation page calls them: approve, decline, defer.

The decisions themselves (the fund's row lock, the history rows) are the ledger's services,
funds4care.services.ledger; this is the one place the moderation page reaches them, and it
turns the ledger's refusal into DecisionRefused, whose message the page shows as it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from ..services import ledger
from ..services.common import Funds4CareError


class DecisionRefused(Exception):
    """Why the decision was not made, in words to show the chair."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _call(service: Callable[..., Any], **kwargs: Any) -> None:
    try:
        service(**kwargs)
    except Funds4CareError as refusal:
        raise DecisionRefused(str(refusal)) from refusal


def approve(*, application, by, amount: Decimal, on: date) -> None:
    _call(ledger.approve, application=application, by=by, amount=amount, on=on)


def decline(*, application, by, reason: str, on: date) -> None:
    _call(ledger.decline, application=application, by=by, reason=reason, on=on)


def defer(*, application, by, to_round) -> None:
    _call(ledger.defer, application=application, by=by, to_round=to_round)
