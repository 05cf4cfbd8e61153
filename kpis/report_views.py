"""An indicator's trend across the contract's years, and the board report download."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from contracts.access import contract_for
from contracts.models import Contract
from reports.board_report import board_report_csv
from reports.filenames import download_filename

from .charts import Kind, Point, svg_chart
from .frameworks import framework_for
from .indicators import Figure, Indicator, Unit
from .periods import QUARTERS, FinancialYear, Period, today
from .returns import TargetSetting, compute_return, one_snapshot, targets_for
from .table import number_text, target_text
from .views import contract_years, year_of

TREND_PERIODS = (*QUARTERS, "FY")


@dataclass(frozen=True)
class TrendCell:
    period: Period
    figure: Figure | None  # None: the period has not started, or lies outside the contract
    text: str
    detail: str = ""  # "12 of 40" for a percentage
    url: str = ""
    in_progress: bool = False  # started but not over: the figure so far


@dataclass(frozen=True)
class TrendYear:
    year: FinancialYear
    cells: list[TrendCell]  # Q1-Q4 then FY
    target: TargetSetting
    target_text: str


def indicator_trend(contract: Contract, indicator: Indicator) -> list[TrendYear]:
    """The indicator's figure for every quarter and whole year of the contract so far.

    Computed as compute_return computes it (Indicator.compute on one Scope per period, in one
    snapshot), but for this indicator alone: five aggregates and the year's targets per year,
    however many records there are, instead of a whole return's eighty-odd queries per year.
    """
    now = today()
    years = [year for year in contract_years(contract) if year.start <= now]
    trend = []
    with one_snapshot():
        for year in years:
            targets = targets_for(contract, year)
            cells = []
            for name in TREND_PERIODS:
                period = year.period(name)
                started = period.start <= now
                overlaps = period.end >= contract.start_date and period.start <= contract.end_date
                figure = None
                if started and overlaps:
                    figure = indicator.compute(contract, period)
                cells.append(_cell(contract, indicator, year, period, figure, now))
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
    now: date,
) -> TrendCell:
    if figure is None:
        return TrendCell(period, None, "–")
    money = indicator.code == "1.16"
    detail = ""
    if indicator.unit == Unit.PERCENT:
        detail = (
            f"{number_text(Unit.COUNT, figure.numerator, money=money)} of "
            f"{number_text(Unit.COUNT, figure.denominator, money=money)}"
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
        figure,
        number_text(indicator.unit, figure.value),
        detail,
        url,
        in_progress=period.end >= now,
    )


def chart_points(indicator: Indicator, trend: list[TrendYear]) -> list[Point]:
    """One point per quarter. Only a percentage's target is drawn: it applies to each quarter,
    while a count's target is for the year (and unique young people do not add up by quarter),
    so it is in the table, not on the quarters' chart."""
    points = []
    for row in trend:
        short = f"{row.year.year % 100:02d}/{(row.year.year + 1) % 100:02d}"
        target = row.target.value if indicator.unit == Unit.PERCENT else None
        for cell in row.cells[: len(QUARTERS)]:
            value = cell.figure.value if cell.figure is not None else None
            label = f"{cell.period.name} {short}"
            points.append(Point(label, value, target, so_far=cell.in_progress))
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


def wants_suppression(request: HttpRequest) -> bool:
    """`suppress=0` turns suppression off; anything else, or nothing, leaves it on: a board
    report is shared beyond the contract, so the safe choice is the default for everyone."""
    return request.GET.get("suppress", "1") != "0"


@require_GET
def board_report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The year's return as CSV for a board: small numbers suppressed unless asked not to."""
    contract = contract_for(request, pk)
    financial_year = year_of(contract, year)
    framework = framework_for(contract.framework)
    periods = tuple(name for name, _heading in framework.columns)
    kpi_return = compute_return(contract, financial_year, periods=periods, with_status=True)
    suppress = wants_suppression(request)
    text = board_report_csv(kpi_return, suppress_small_numbers=suppress)
    filename = download_filename(
        contract.ref,
        "kpis",
        financial_year.label,
        "board report",
        "" if suppress else "not suppressed",
        extension="csv",
    )
    # A byte-order mark, so Excel reads the UTF-8 (accents, "£") correctly.
    return HttpResponse(
        ("\ufeff" + text).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(True, filename),
            "Cache-Control": "no-store",
        },
    )
