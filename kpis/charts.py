"""Accessible charts as inline SVG, drawn on the server: pure, no database, no JavaScript.

The same markup works in a page and in a WeasyPrint PDF (which renders inline SVG but runs no
script). Every mark carries its own <title> (a tooltip, and a name for a screen reader), the
chart has a <title> and a <desc> that lists every value in words, and `role="img"` with an
`aria-label`, so nobody needs to see the picture to read it; pages show a table of the same
figures beside it as well.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Value = int | float | Decimal

# Distinct ids when several charts share a page (aria-labelledby must point at one element).
_ids = count(1)

WIDTH = 720
HEIGHT = 320
MARGIN_LEFT = 64
MARGIN_RIGHT = 16
MARGIN_TOP = 40
MARGIN_BOTTOM = 72

# Bootstrap's colours, so the chart matches the page; targets dashed, so colour is never alone.
BAR_COLOUR = "#0d6efd"
TARGET_COLOUR = "#dc3545"
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#dee2e6"
SO_FAR_BACKGROUND = "#e7f1ff"
FONT = "DejaVu Sans, Arial, sans-serif"


class Kind(StrEnum):
    LINE = "line"
    COLUMN = "column"


@dataclass(frozen=True)
class Point:
    label: str
    value: Value | None  # None: no figure (nothing to divide, outside the contract)
    target: Value | None = None
    # The mark of a period not over ("so far, to 2 December 2026", PeriodState.mark): its mark
    # is drawn hatched, "so far" is in its label, and the words in its title and the <desc>.
    # A period not started is not a point at all: nothing is drawn for it.
    so_far: str = ""


def nice_scale(largest: float, most_lines: int = 5) -> tuple[float, float]:
    """A round top for the value axis at or above `largest`, and a round step between grid
    lines (1, 2 or 5 times a power of 10) giving at most `most_lines` steps: 0, 5, 10... 25,
    never 6.25 or 18.75."""
    if largest <= 0:
        # Nothing to show yet: whole-number steps, as a count's axis would have.
        return 5.0, 1.0
    rough = largest / most_lines
    power = 10 ** math.floor(math.log10(rough))
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= rough)
    if largest < 1 and step < 1:
        step = max(step, 0.1)
    return step * math.ceil(largest / step - 1e-9), step


def nice_maximum(largest: float) -> float:
    return nice_scale(largest)[0]


def number_text(value: Value, suffix: str = "") -> str:
    number = float(value)
    text = f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"
    return f"{text}{suffix}"


def _attrs(**attributes: object) -> str:
    return " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attributes.items()
    )


def describe(points: Sequence[Point], suffix: str = "") -> str:
    """Every value in words, for <desc>: "Q1 24/25: 12; Q2 24/25: no figure (target 10)"."""
    parts = []
    for point in points:
        value = "no figure" if point.value is None else number_text(point.value, suffix)
        if point.so_far and point.value is not None:
            value += f" {point.so_far}"
        target = "" if point.target is None else f" (target {number_text(point.target, suffix)})"
        parts.append(f"{point.label}: {value}{target}")
    return "; ".join(parts) + "." if parts else "No figures."


def svg_chart(
    points: Sequence[Point | tuple],
    *,
    title: str,
    x_label: str,
    y_label: str,
    kind: Kind | str = Kind.COLUMN,
    suffix: str = "",
    y_maximum: Value | None = None,
) -> SafeString:
    """An SVG line or column chart of `points` (label, value, optional target).

    `suffix` follows each value in text ("%"); `y_maximum` fixes the top of the value axis
    (100 for a percentage), else a round number above the largest value or target.
    """
    kind = Kind(kind)
    points = [point if isinstance(point, Point) else Point(*point) for point in points]
    chart_id = f"chart-{next(_ids)}"
    numbers = [float(v) for p in points for v in (p.value, p.target) if v is not None]
    if y_maximum is not None:
        top, step = float(y_maximum), float(y_maximum) / 4
    else:
        top, step = nice_scale(max(numbers, default=0))
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    bottom = MARGIN_TOP + plot_height
    slot = plot_width / max(len(points), 1)

    def x_of(index: int) -> float:
        return MARGIN_LEFT + slot * (index + 0.5)

    def y_of(value: Value) -> float:
        return bottom - plot_height * min(float(value), top) / top

    description = describe(points, suffix)
    parts = [
        f"<svg {_attrs(xmlns='http://www.w3.org/2000/svg', viewBox=f'0 0 {WIDTH} {HEIGHT}')}"
        f" {_attrs(width='100%', role='img', aria_label=f'{title}. {description}')}"
        f" {_attrs(aria_labelledby=f'{chart_id}-title {chart_id}-desc', class_='kpi-chart')}"
        f" {_attrs(font_family=FONT, font_size=12)}>",
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    # Hatching for a period not over: a pattern, not a paler colour alone, so it shows in
    # grey print and to someone who does not tell the shades apart.
    hatch = f"{chart_id}-so-far"
    if any(point.so_far for point in points):
        parts.append(
            f'<defs><pattern id="{hatch}" patternUnits="userSpaceOnUse" width="8" height="8"'
            ' patternTransform="rotate(45)">'
            f'<rect width="8" height="8" fill="{SO_FAR_BACKGROUND}"/>'
            f'<line x1="2" y1="0" x2="2" y2="8" stroke="{BAR_COLOUR}" stroke-width="3"/>'
            "</pattern></defs>"
        )
    # Grid and value axis.
    for line_number in range(round(top / step) + 1):
        value = step * line_number
        y = y_of(value)
        parts.append(
            f"<line {_attrs(x1=MARGIN_LEFT, x2=WIDTH - MARGIN_RIGHT, y1=f'{y:.1f}', y2=f'{y:.1f}')}"
            f' stroke="{GRID_COLOUR}"/>'
            f"<text {_attrs(x=MARGIN_LEFT - 6, y=f'{y + 4:.1f}', text_anchor='end')}"
            f' fill="{TEXT_COLOUR}" class="tick">{escape(number_text(value, suffix))}</text>'
        )
    parts.append(
        f"<line {_attrs(x1=MARGIN_LEFT, x2=MARGIN_LEFT, y1=MARGIN_TOP, y2=bottom)}"
        f' stroke="{TEXT_COLOUR}"/>'
        f"<line {_attrs(x1=MARGIN_LEFT, x2=WIDTH - MARGIN_RIGHT, y1=bottom, y2=bottom)}"
        f' stroke="{TEXT_COLOUR}"/>'
    )
    # Axis labels; the x axis's just below the quarters' (at the foot only when they are turned).
    x_label_y = HEIGHT - 6 if len(points) > 8 else bottom + 40
    parts.append(
        f"<text {_attrs(x=MARGIN_LEFT + plot_width / 2, y=x_label_y, text_anchor='middle')}"
        f' fill="{TEXT_COLOUR}" class="x-label">{escape(x_label)}</text>'
        f"<text {_attrs(x=14, y=MARGIN_TOP + plot_height / 2, text_anchor='middle')}"
        f" {_attrs(transform=f'rotate(-90 14 {MARGIN_TOP + plot_height / 2})')}"
        f' fill="{TEXT_COLOUR}" class="y-label">{escape(y_label)}</text>'
    )
    # Category labels, turned when there are many so they do not overlap.
    turn = len(points) > 8
    for index, point in enumerate(points):
        x, y = x_of(index), bottom + 16
        rotate = f' transform="rotate(-40 {x:.1f} {y:.1f})"' if turn else ""
        # "so far" on a line of its own beneath the quarter, so the label stays narrow.
        second = f'<tspan x="{x:.1f}" dy="13">(so far)</tspan>' if point.so_far else ""
        anchor = "end" if turn else "middle"
        parts.append(
            f"<text {_attrs(x=f'{x:.1f}', y=f'{y:.1f}', text_anchor=anchor)}{rotate}"
            f' fill="{TEXT_COLOUR}" class="category">{escape(point.label)}{second}</text>'
        )
    # The figures.
    line: list[str] = []
    for index, point in enumerate(points):
        if point.value is None:
            line.append("")  # a gap: the line does not pretend to know a missing quarter
            continue
        x, y = x_of(index), y_of(point.value)
        text = escape(number_text(point.value, suffix))
        data = _attrs(class_="point", data_label=point.label, data_value=point.value)
        so_far = f" {point.so_far}" if point.so_far else ""
        mark_title = f"<title>{escape(point.label)}: {text}{escape(so_far)}</title>"
        fill = f"url(#{hatch})" if point.so_far else BAR_COLOUR
        so_far_class = ' data-so-far="true"' if point.so_far else ""
        if kind == Kind.COLUMN:
            width = slot * 0.6
            parts.append(
                f"<rect {data}{so_far_class} {_attrs(x=f'{x - width / 2:.1f}', y=f'{y:.1f}')}"
                f" {_attrs(width=f'{width:.1f}', height=f'{bottom - y:.1f}', fill=fill)}"
                f' stroke="{BAR_COLOUR}" stroke-width="1.5">'
                f"{mark_title}</rect>"
            )
        else:
            line.append(f"{x:.1f},{y:.1f}")
            # A point so far is hollow: a ring in the line's colour.
            fill = "#ffffff" if point.so_far else BAR_COLOUR
            parts.append(
                f"<circle {data}{so_far_class} {_attrs(cx=f'{x:.1f}', cy=f'{y:.1f}', r=4)}"
                f' fill="{fill}" stroke="{BAR_COLOUR}" stroke-width="2">'
                f"{mark_title}</circle>"
            )
        if len(points) <= 16:  # beyond that, values crowd: the table and titles carry them
            parts.append(
                f"<text {_attrs(x=f'{x:.1f}', y=f'{y - 6:.1f}', text_anchor='middle')}"
                f' fill="{TEXT_COLOUR}" class="value" font-size="11">{text}</text>'
            )
    if kind == Kind.LINE:
        for run in " ".join(line).split("  "):
            if run.strip():
                parts.append(
                    f'<polyline points="{run.strip()}" fill="none" stroke="{BAR_COLOUR}"'
                    ' stroke-width="2"/>'
                )
    # Targets: a dashed mark across each point's slot, joined when consecutive points share it.
    for index, point in enumerate(points):
        if point.target is None:
            continue
        y = y_of(point.target)
        x1, x2 = x_of(index) - slot / 2, x_of(index) + slot / 2
        target_text = escape(number_text(point.target, suffix))
        parts.append(
            f'<line class="target" data-label="{escape(point.label)}"'
            f' data-target="{escape(str(point.target))}"'
            f" {_attrs(x1=f'{x1:.1f}', x2=f'{x2:.1f}', y1=f'{y:.1f}', y2=f'{y:.1f}')}"
            f' stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4">'
            f"<title>{escape(point.label)}: target {target_text}</title></line>"
        )
    # A legend, so the dashed line is named in words.
    legend_y = 18
    if kind == Kind.LINE:  # the swatch looks like what it names: a line with a point
        swatch = (
            f'<line x1="{MARGIN_LEFT - 2}" x2="{MARGIN_LEFT + 14}" y1="{legend_y - 3}"'
            f' y2="{legend_y - 3}" stroke="{BAR_COLOUR}" stroke-width="2"/>'
            f'<circle cx="{MARGIN_LEFT + 6}" cy="{legend_y - 3}" r="3" fill="{BAR_COLOUR}"/>'
        )
    else:
        swatch = (
            f'<rect x="{MARGIN_LEFT}" y="{legend_y - 9}" width="12" height="12"'
            f' fill="{BAR_COLOUR}"/>'
        )
    parts.append(
        f'{swatch}<text x="{MARGIN_LEFT + 18}" y="{legend_y + 1}"'
        f' fill="{TEXT_COLOUR}">Figure</text>'
    )
    if any(point.target is not None for point in points):
        parts.append(
            f'<line x1="{MARGIN_LEFT + 90}" x2="{MARGIN_LEFT + 120}" y1="{legend_y - 3}"'
            f' y2="{legend_y - 3}" stroke="{TARGET_COLOUR}" stroke-width="2"'
            ' stroke-dasharray="6 4"/>'
            f'<text x="{MARGIN_LEFT + 126}" y="{legend_y + 1}" fill="{TEXT_COLOUR}">Target</text>'
        )
    if any(point.so_far for point in points):
        x = MARGIN_LEFT + 190
        if kind == Kind.LINE:
            swatch = (
                f'<circle cx="{x + 6}" cy="{legend_y - 3}" r="4" fill="#ffffff"'
                f' stroke="{BAR_COLOUR}" stroke-width="2"/>'
            )
        else:
            swatch = (
                f'<rect x="{x}" y="{legend_y - 9}" width="12" height="12"'
                f' fill="url(#{hatch})" stroke="{BAR_COLOUR}" stroke-width="1.5"/>'
            )
        parts.append(
            f'{swatch}<text x="{x + 18}" y="{legend_y + 1}"'
            f' fill="{TEXT_COLOUR}">So far: the period is not over</text>'
        )
    parts.append("</svg>")
    # Every piece of text above went through escape(): safe to mark.
    return mark_safe("".join(parts))  # noqa: S308
