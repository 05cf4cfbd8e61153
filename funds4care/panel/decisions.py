"""The chair's decisions, as the moderation page calls them: approve, decline, defer.

The decisions themselves (the pot's row lock, the history rows) are the ledger's services,
funds4care.services.ledger, written beside this package. These three adapters have the
services' signatures and are the one place to point at them; the page catches only
DecisionRefused and shows its message."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import import_module


class DecisionRefused(Exception):
    """Why the decision was not made, in words to show the chair."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _ledger():
    try:
        return import_module("funds4care.services.ledger")
    except ImportError:
        raise DecisionRefused(
            "Decisions cannot be recorded here yet: the fund's ledger is not installed."
        ) from None


def _refusals(ledger) -> tuple[type[Exception], ...]:
    """The ledger's own refusal (its error with a message to show), whatever it is named."""
    return tuple(
        error
        for name in ("LedgerError", "DecisionError", "LedgerRefusal")
        if isinstance(error := getattr(ledger, name, None), type)
    )


def _call(action: str, **kwargs) -> None:
    ledger = _ledger()
    try:
        getattr(ledger, action)(**kwargs)
    except _refusals(ledger) as refusal:
        raise DecisionRefused(getattr(refusal, "message", None) or str(refusal)) from refusal


def approve(*, application, by, amount: Decimal, on: date) -> None:
    _call("approve", application=application, by=by, amount=amount, on=on)


def decline(*, application, by, reason: str, on: date) -> None:
    _call("decline", application=application, by=by, reason=reason, on=on)


def defer(*, application, by, to_round) -> None:
    _call("defer", application=application, by=by, to_round=to_round)
