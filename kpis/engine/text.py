"""How a figure is written, the one way every page and export writes it: "85.3%", "12.50"
hours, "£1,250.00", "160"; a target as set, or what the specification says instead."""

from __future__ import annotations

from decimal import Decimal

from contracts.templatetags.tamar import pounds

from .indicators import Indicator, Unit
from .rules import Number


def number_text(unit: Unit, value: Number | float | None) -> str:
    if value is None:
        return "–"
    if unit == Unit.MONEY:
        return pounds(value)
    if unit == Unit.PERCENT:
        return f"{value}%"
    if unit == Unit.HOURS:
        return f"{Decimal(value):.2f}"
    return f"{value}"


def target_text(indicator: Indicator, value: Decimal | None, note: str) -> str:
    if value is None:
        return note
    shown = f"{value.normalize():f}"
    return f"{shown}%" if indicator.unit == Unit.PERCENT else shown
