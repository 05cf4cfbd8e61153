"""What the PDF shows beyond the tables: each indicator's trend by quarter, as SVG.

The caller (the download view, the command, the benchmark) calls `trend_charts_for(ret, doc)`
and hands the result to `reports.pdf.render_return_pdf(doc, charts=...)`, which stays pure.

A submitted return carries its charts' quarters frozen in its document (`doc.trend`, from
reports.document.snapshot_for_submission): no query, and the same chart whatever happens to
the other returns or the records later. A draft (or a return submitted before snapshots) has
them computed now, by reports.document.trend_quarters: a bounded number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kpis.charts import Kind, Point, svg_chart
from kpis.indicators import Unit
from kpis.models import Return
from kpis.periods import QUARTERS

from .document import Number, ReturnDocument, TrendQuarter, trend_quarters

Y_LABELS = {Unit.PERCENT: "Per cent", Unit.HOURS: "Hours", Unit.COUNT: "Number"}
# How many quarters of its year a return's period reaches.
QUARTERS_REACHED = {"Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4, "H1": 2, "H2": 4}


def trend_charts_for(ret: Return, doc: ReturnDocument) -> dict[str, str]:
    """An SVG chart per indicator code: its figure for every quarter of the trend window."""
    trend = doc.trend if doc.trend is not None else trend_quarters(ret)
    return charts_for(doc, trend)


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


def charts_for(doc: ReturnDocument, trend: Iterable[TrendQuarter]) -> dict[str, str]:
    """Pure: the charts of the document's indicators over the given quarters."""
    quarters = chart_quarters(doc, trend)
    charts = {}
    for line in doc.indicators:
        unit = Unit(line.unit)
        percent = unit == Unit.PERCENT
        points = []
        for year, name, values in quarters:
            label = f"{name} {year % 100:02d}/{(year + 1) % 100:02d}"
            # A percentage's target applies to each quarter; a count's is for the year (see
            # kpis.report_views.chart_points), so only the former is drawn, for this year.
            target = line.target_value if percent and year == doc.financial_year else None
            points.append(Point(label, values.get(line.code), target))
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
