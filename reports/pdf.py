"""A return as a PDF for people to read: pure, like every builder here.

`render_return_pdf(doc)` takes a `ReturnDocument` that `reports.document.document_for` has
already computed (with `trend=True`, for the trend charts: each indicator's figure for every
quarter of the charts' window) and returns the bytes. It never queries: the charts are drawn
as SVG from the document, the HTML comes from a Django template, WeasyPrint lays it out, and
nothing is fetched from the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from kpis.charts import Kind, Point, svg_chart
from kpis.engine.figures import TrendQuarter
from kpis.engine.indicators import Unit
from kpis.engine.periods import QUARTERS, FinancialYear, period_state
from kpis.engine.text import number_text

from .document import ReturnDocument, sources_text
from .lines import IndicatorLine, Number, PeriodFigure

TEMPLATE = "reports/return_pdf.html"
RAG = ("green", "amber", "red")


Y_LABELS = {Unit.PERCENT: "Per cent", Unit.HOURS: "Hours", Unit.COUNT: "Number"}
# How many quarters of its year a return's period reaches.
QUARTERS_REACHED = {"Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4, "H1": 2, "H2": 4}


def chart_quarters(
    doc: ReturnDocument, trend: Iterable[TrendQuarter]
) -> list[tuple[int, str, dict[str, Number | None]]]:
    """(year, quarter, indicator code -> value) in order: the trend's quarters, then the
    return's own from its document (its figures, frozen or live)."""
    quarters = [(item.year, item.quarter, dict(item.values)) for item in trend]
    seen = {(year, name) for year, name, _values in quarters}
    for name in QUARTERS[: QUARTERS_REACHED.get(doc.period, 4)]:
        if (doc.financial_year, name) in seen:
            continue
        values = {}
        for line in doc.indicators:
            figure = line.figures.get(name)
            values[line.code] = figure.value if figure is not None else None
        quarters.append((doc.financial_year, name, values))
    return sorted(quarters, key=lambda item: (item[0], QUARTERS.index(item[1])))


def charts_for(doc: ReturnDocument, trend: Iterable[TrendQuarter] | None = None) -> dict[str, str]:
    """The charts of the document's indicators over its trend's quarters (or those given) and
    its own; none when the document has no trend (document_for(ret, trend=True) gives it)."""
    trend = doc.trend if trend is None else trend
    if trend is None:
        return {}
    quarters = chart_quarters(doc, trend)
    charts = {}
    for line in doc.indicators:
        unit = Unit(line.unit)
        percent = unit == Unit.PERCENT
        points = []
        for year, name, values in quarters:
            # As the trend page: a quarter not started is not drawn, one in progress so far.
            state = period_state(FinancialYear(year).period(name), doc.made_on)
            if state.not_started:
                continue
            label = f"{name} {year % 100:02d}/{(year + 1) % 100:02d}"
            # A percentage's target applies to each quarter; a count's is for the year (see
            # kpis.pages.trend.chart_points), so only the former is drawn, for this year.
            target = line.target_value if percent and year == doc.financial_year else None
            points.append(Point(label, values.get(line.code), target, so_far=state.mark))
        charts[line.code] = str(
            svg_chart(
                points,
                title=f"{line.code} {line.title}, by quarter",
                x_label="Quarter and financial year",
                y_label=Y_LABELS[unit],
                kind=Kind.LINE if percent else Kind.COLUMN,
                suffix="%" if percent else "",
                y_maximum=Decimal(100) if percent else None,
            )
        )
    return charts


class FetchRefused(ValueError):
    """A PDF asked for something outside this machine (a web font, a tracking image)."""


def local_only_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's fetcher for data: and file: URLs only: a PDF must not reach the internet
    (it would leak who reads what, and hang the request when the network is slow)."""
    if not url.startswith(("data:", "file:")):
        raise FetchRefused(f"The PDF may not fetch {url!r}.")
    from weasyprint import default_url_fetcher

    return default_url_fetcher(url, *args, **kwargs)


def _generated_text(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d/%m/%Y %H:%M")


@dataclass(frozen=True)
class PdfRow:
    """An indicator as the PDF's tables show it: each column's figure as text, and each
    breakdown as (its label, [(category, [text per column])]); for 1.2 and 1.3, the rows the
    specification lists beneath them as (label, level, is a heading, [text per column])."""

    line: IndicatorLine
    cells: list[tuple[str, str]]  # (the figure, "(30 of 40)" beneath a percentage)
    breakdowns: list[tuple[str, list[tuple[str, list[str]]]]]
    listed: list[tuple[str, int, bool, list[str]]]


def figure_text(line: IndicatorLine, figure: PeriodFigure | None) -> tuple[str, str]:
    """As the return's page writes it: "75%" with "(30 of 40)", "12.50" hours, pounds for a
    numerator and denominator of money."""
    if figure is None:
        return "–", ""
    unit = Unit(line.unit)
    detail = ""
    if unit == Unit.PERCENT and figure.denominator is not None:
        numerator = number_text(line.parts_unit, figure.numerator)
        denominator = number_text(line.parts_unit, figure.denominator)
        detail = f"({numerator} of {denominator})"
    return number_text(unit, figure.value), detail


def column_widths(columns: int) -> dict[str, float]:
    """Per cent of the table's width: the words get what they need, the figures 7% each, at most
    40% together (a Wolverhampton return has more columns than a Cornwall one), and the notes
    take what is left once the cells' padding is counted (fixed layout adds it to these)."""
    fixed = {"indicator": 24.0, "target": 6.5, "status": 6.5}
    column = round(min(40, 7 * columns) / max(columns, 1), 2)
    return {**fixed, "column": column}


def breakdown_text(line: IndicatorLine, value: object) -> str:
    """A breakdown's figure written as the headline's are (kpis.engine.text.number_text): a
    count, hours with two decimals, or pounds."""
    if value is None:
        return "–"
    return number_text(line.parts_unit, value)


def pdf_rows(doc: ReturnDocument) -> list[PdfRow]:
    codes = [column.code for column in doc.columns]
    rows = []
    for line in doc.indicators:
        grouped: dict[str, list[tuple[str, list[str]]]] = {}
        for breakdown in line.breakdowns:
            cells = [breakdown_text(line, breakdown.values.get(code)) for code in codes]
            grouped.setdefault(breakdown.breakdown_label, []).append((breakdown.label, cells))
        listed = [
            (
                item.label,
                item.level,
                item.is_heading,
                []
                if item.is_heading
                else [breakdown_text(line, item.values.get(code)) for code in codes],
            )
            for item in line.listed
        ]
        rows.append(
            PdfRow(
                line,
                [figure_text(line, line.figures.get(code)) for code in codes],
                list(grouped.items()),
                listed,
            )
        )
    return rows


def chart_pages(charts: list[tuple[str, str, Any]], per_page: int = 4) -> list[list]:
    """The charts four to a landscape page (small multiples, two by two)."""
    return [charts[start : start + per_page] for start in range(0, len(charts), per_page)]


def pdf_context(doc: ReturnDocument, charts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What the template needs beyond the document itself: the figures as text, the status
    counts, the indicators needing attention (red first), and the charts in the table's order."""
    indicators = list(doc.indicators)
    rag = {name: sum(1 for row in indicators if row.status == name) for name in RAG}
    rag["none"] = sum(1 for row in indicators if row.status not in RAG)
    attention = sorted(
        (row for row in indicators if row.status in ("red", "amber")),
        key=lambda row: row.status != "red",  # stable: red first, then the table's order
    )
    charts = charts or {}
    # The charts come from kpis.charts.svg_chart, which escapes every piece of text it draws.
    chart_list = [
        (row.code, row.title, mark_safe(charts[row.code]))  # noqa: S308
        for row in indicators
        if row.code in charts
    ]
    rows = pdf_rows(doc)
    return {
        "doc": doc,
        "rows": rows,
        "rag": rag,
        "attention": attention,
        "chart_pages": chart_pages(chart_list),
        "has_breakdowns": any(row.breakdowns or row.listed for row in rows),
        "widths": column_widths(len(doc.columns)),
        "sources": sources_text(doc),
        "marked": any(column.state is not None for column in doc.columns),
        "breakdown_column": round(48 / max(len(doc.columns), 1), 2),
        "generated_text": _generated_text(doc.generated_at),
    }


def return_pdf_html(doc: ReturnDocument, charts: Mapping[str, str] | None = None) -> str:
    return render_to_string(
        TEMPLATE, pdf_context(doc, charts_for(doc) if charts is None else charts)
    )


def render_return_pdf(doc: ReturnDocument, *, charts: Mapping[str, str] | None = None) -> bytes:
    """The return as PDF bytes: A4, the KPI table on landscape pages, the trend charts (drawn
    from the document unless given), DRAFT on every page unless the return is approved."""
    from weasyprint import HTML  # slow to import: only when a PDF is wanted

    html = return_pdf_html(doc, charts)
    base_url = Path(settings.BASE_DIR).as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=local_only_fetcher).write_pdf()
