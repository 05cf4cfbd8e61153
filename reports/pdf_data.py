"""What the PDF shows beyond the `ReturnDocument`: each indicator's trend by quarter, as SVG.

The caller (the download view, the benchmark) calls `trend_charts_for(ret, doc)` and hands the
result to `reports.pdf.render_return_pdf(doc, charts=...)`, which stays pure. It lives here,
not in reports.document, until the document carries trend points itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from kpis.charts import Kind, Point, svg_chart
from kpis.frameworks import framework_for
from kpis.indicators import Scope, Unit
from kpis.models import Return
from kpis.periods import QUARTERS, FinancialYear, Period, financial_years_between
from kpis.return_queries import AWAITED
from kpis.returns import one_snapshot

from .document import ReturnDocument

# (financial year, quarter) -> indicator code -> value
Known = dict[tuple[int, str], dict[str, object]]

Y_LABELS = {Unit.PERCENT: "Per cent", Unit.HOURS: "Hours", Unit.COUNT: "Number"}


def quarters_up_to(ret: Return) -> list[tuple[int, Period]]:
    """Every quarter of the contract that ends by the return's period: the chart stops where
    the return does, so a PDF made next year still shows what the return was about."""
    contract = ret.contract
    last_day = FinancialYear(ret.financial_year).period(ret.period).end
    return [
        (year.year, quarter)
        for year in financial_years_between(contract.start_date, last_day)
        for quarter in year.quarters()
        if quarter.end <= last_day and quarter.end >= contract.start_date
    ]


def reported_figures(ret: Return, doc: ReturnDocument) -> Known:
    """The quarters' figures as returns reported them: the document's own (this return's, and
    the year's earlier submitted returns), then the frozen figures of earlier years' returns."""
    known: Known = defaultdict(dict)
    for line in doc.indicators:
        for name in QUARTERS:
            figure = line.figures.get(name)
            if figure is not None:
                known[(doc.financial_year, name)][line.code] = figure.value
    earlier = (
        Return.objects.filter(contract_id=ret.contract_id, financial_year__lt=ret.financial_year)
        .exclude(status__in=AWAITED)
        .exclude(frozen_figures__isnull=True)
        .only("financial_year", "frozen_figures")
    )
    for other in earlier:
        for row in other.frozen_figures["indicators"]:
            for name, figure in row["figures"].items():
                if name in QUARTERS and figure is not None:
                    known[(other.financial_year, name)].setdefault(row["code"], figure["value"])
    return known


def _fill_from_records(ret: Return, quarters: Iterable[tuple[int, Period]], known: Known) -> None:
    """Quarters no submitted return covers, computed from the records now (one Scope per quarter,
    so indicators sharing a rule share its query)."""
    framework = framework_for(ret.contract.framework)
    with one_snapshot():
        for year, quarter in quarters:
            missing = [i for i in framework.indicators if i.code not in known[(year, quarter.name)]]
            if not missing:
                continue
            scope = Scope(ret.contract, quarter)
            for indicator in missing:
                figure = indicator.compute(ret.contract, quarter, scope)
                known[(year, quarter.name)][indicator.code] = figure.value


def trend_charts_for(ret: Return, doc: ReturnDocument) -> dict[str, str]:
    """An SVG chart per indicator code: its figure for every quarter up to the return's."""
    quarters = quarters_up_to(ret)
    known = reported_figures(ret, doc)
    _fill_from_records(ret, quarters, known)
    charts = {}
    for line in doc.indicators:
        unit = Unit(line.unit)
        percent = unit == Unit.PERCENT
        points = []
        for year, quarter in quarters:
            label = f"{quarter.name} {year % 100:02d}/{(year + 1) % 100:02d}"
            # A percentage's target applies to each quarter; a count's is for the year (see
            # kpis.report_views.chart_points), so only the former is drawn, for this year.
            target = line.target_value if percent and year == doc.financial_year else None
            points.append(Point(label, known[(year, quarter.name)].get(line.code), target))
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
