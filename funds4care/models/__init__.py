"""Funds4 Care: the fund and its rounds, applications, the youth panel's scores, payments."""

from .applications import (
    APPLICATION_TEXT_MAX,
    Application,
    ApplicationEvent,
    ApplicationFile,
    Funds4CareRole,
)
from .funds import DEFAULT_POT, Criterion, Fund, Round
from .ledger import PAYMENT_METHODS, Payment
from .panel import PANEL_COMMENT_MAX, Score, ScoreSheet

__all__ = [
    "APPLICATION_TEXT_MAX",
    "DEFAULT_POT",
    "PANEL_COMMENT_MAX",
    "PAYMENT_METHODS",
    "Application",
    "ApplicationEvent",
    "ApplicationFile",
    "Criterion",
    "Fund",
    "Funds4CareRole",
    "Payment",
    "Round",
    "Score",
    "ScoreSheet",
]
