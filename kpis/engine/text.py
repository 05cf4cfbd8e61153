"""How a figure is written, the one way every page and export writes it: "85.3%", "12.50"
hours, "£1,250.00", "160"; a target as set, or what the specification says instead."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from contracts.templatetags.tamar import pounds

from .indicators import Indicator, Unit
from .rules import Figure, Number

if TYPE_CHECKING:
    from .figures import IndicatorFigures


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


def figure_text(row: IndicatorFigures, figure: Figure | None) -> str:
    """An indicator's figure as a return's table writes it: a percentage with its parts,
    "45.0% (9 of 20)"."""
    if figure is None:
        return "–"
    text = number_text(row.unit, figure.value)
    if row.unit == Unit.PERCENT and figure.denominator is not None:
        parts = row.indicator.parts_unit
        text += (
            f" ({number_text(parts, figure.numerator)} of {number_text(parts, figure.denominator)})"
        )
    return text


def row_target_text(row: IndicatorFigures) -> str:
    """The target of an indicator's row: as set, or what the specification says instead."""
    return target_text(row.indicator, row.target.value, row.target.note)
