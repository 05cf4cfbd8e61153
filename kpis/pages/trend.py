"""An indicator's trend across the contract's years: each quarter and year as a submitted return
reported it, else computed from the records now (the PDF's charts read the same way)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from contracts.access import contract_for
from contracts.models import Contract

from ..charts import Kind, Point, svg_chart
from ..engine.compute import one_snapshot
from ..engine.figures import TargetSetting
from ..engine.indicators import Indicator, Unit
from ..engine.periods import (
    QUARTERS,
    FinancialYear,
    Period,
    PeriodState,
    period_state,
    span_so_far,
    today,
)
from ..engine.rules import Figure, Scope
from ..engine.targets import targets_for
from ..engine.text import number_text, target_text
from ..frameworks import framework_for
from ..returns.figures import reported_figures, reported_returns
from .views import contract_years

TREND_PERIODS = (*QUARTERS, "FY")


@dataclass(frozen=True)
class TrendCell:
    period: Period
    state: PeriodState  # today's: a figure so far while in progress, none before it starts
    figure: Figure | None  # None: the period has not started, or lies outside the contract
    text: str
    detail: str = ""  # "12 of 40" for a percentage
    url: str = ""
    reported: bool = False  # as a submitted return reported it (frozen), not computed now

    @property
    def in_progress(self) -> bool:
        return self.state.in_progress


@dataclass(frozen=True)
class TrendYear:
    year: FinancialYear
    cells: list[TrendCell]  # Q1-Q4 then FY
    target: TargetSetting
    target_text: str


def indicator_trend(contract: Contract, indicator: Indicator) -> list[TrendYear]:
    """The indicator's figure for every quarter and whole year of the contract so far: as a
    submitted return reported it (the figure the commissioner was given, which the return's
    PDF charts too), else computed now as compute_return computes it.

    Queries: the contract's submitted returns (1), then in one snapshot, per year, its targets
    (1) and an aggregate for each period no return reported, for this indicator alone, however
    many records there are.
    """
    now = today()
    years = [year for year in contract_years(contract) if year.start <= now]
    if not years:
        return []
    reported = reported_figures(
        reported_returns(contract, years[0].year, years[-1].year), periods=TREND_PERIODS
    )
    trend = []
    # The periods to count live (as the KPI page: one in progress counted to today), in scopes
    # sharing what is read for all of them at once.
    live: dict[tuple[int, str], Period] = {}
    for year in years:
        for name in TREND_PERIODS:
            period = year.period(name)
            overlaps = period.end >= contract.start_date and period.start <= contract.end_date
            reported_figure = reported.get((year.year, name), {}).get(indicator.code)
            if reported_figure is None and period_state(period, now).has_figures and overlaps:
                live[(year.year, name)] = span_so_far(period, now)
    scopes = dict(zip(live, Scope.for_periods(contract, list(live.values())), strict=True))
    with one_snapshot():
        for year in years:
            targets = targets_for(contract, year)
            cells = []
            for name in TREND_PERIODS:
                period = year.period(name)
                state = period_state(period, now)
                figure = reported.get((year.year, name), {}).get(indicator.code)
                is_reported = figure is not None
                if (year.year, name) in scopes:
                    scope = scopes[(year.year, name)]
                    figure = indicator.compute(contract, scope.period, scope)
                cells.append(_cell(contract, indicator, year, period, figure, state, is_reported))
            target = targets[indicator.code]
            trend.append(
                TrendYear(year, cells, target, target_text(indicator, target.value, target.label))
            )
    return trend


def _cell(
    contract: Contract,
    indicator: Indicator,
    year: FinancialYear,
    period: Period,
    figure: Figure | None,
    state: PeriodState,
    reported: bool,
) -> TrendCell:
    if figure is None:
        return TrendCell(period, state, None, "–")
    detail = ""
    if indicator.unit == Unit.PERCENT:
        detail = (
            f"{number_text(indicator.parts_unit, figure.numerator)} of "
            f"{number_text(indicator.parts_unit, figure.denominator)}"
        )
    url = reverse(
        "kpis:records",
        kwargs={
            "pk": contract.pk,
            "year": year.year,
            "period": period.name,
            "code": indicator.code,
        },
    )
    if indicator.unit == Unit.PERCENT:
        url += "?part=denominator"
    return TrendCell(
        period,
        state,
        figure,
        number_text(indicator.unit, figure.value),
        detail,
        url,
        reported=reported,
    )


def chart_points(indicator: Indicator, trend: list[TrendYear]) -> list[Point]:
    """One point per quarter begun (a quarter not started is not drawn; one in progress is
    drawn as so far, with its mark in words). Only a percentage's target is drawn: it applies
    to each quarter, while a count's target is for the year (and unique young people do not
    add up by quarter), so it is in the table, not on the quarters' chart."""
    points = []
    for row in trend:
        short = f"{row.year.year % 100:02d}/{(row.year.year + 1) % 100:02d}"
        target = row.target.value if indicator.unit == Unit.PERCENT else None
        for cell in row.cells[: len(QUARTERS)]:
            if cell.state.not_started:
                continue
            value = cell.figure.value if cell.figure is not None else None
            label = f"{cell.period.name} {short}"
            points.append(Point(label, value, target, so_far=cell.state.mark))
    return points


@require_GET
def trend(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    contract = contract_for(request, pk)
    framework = framework_for(contract.framework)
    try:
        indicator = framework.indicator(code)
    except KeyError as error:
        raise Http404("No such indicator in this contract's framework.") from error
    rows = indicator_trend(contract, indicator)
    percent = indicator.unit == Unit.PERCENT
    y_label = {
        Unit.PERCENT: "Per cent",
        Unit.HOURS: "Hours",
        Unit.COUNT: "Number",
    }[indicator.unit]
    chart = svg_chart(
        chart_points(indicator, rows),
        title=f"{indicator.code} {indicator.title}, by quarter",
        x_label="Quarter and financial year",
        y_label=y_label,
        kind=Kind.LINE if percent else Kind.COLUMN,
        suffix="%" if percent else "",
        y_maximum=Decimal(100) if percent else None,
    )
    return render(
        request,
        "kpis/indicator_trend.html",
        {
            "contract": contract,
            "section": "KPIs",
            "framework": framework,
            "indicator": indicator,
            "rows": rows,
            "chart": chart,
            "headings": [*QUARTERS, "Full year"],
            "indicators": framework.indicators,
        },
    )
