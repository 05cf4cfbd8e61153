"""A return's figures, read one way (`figures_of`) by its page, its draft form, the workflow and
every export: frozen once it is submitted, live from the records while it is the provider's.

A return shows its own columns (a quarter alone; a half year beside its two quarters) and the
year to date at the end of its period, against which each figure is judged. Its exports also
show the table's earlier columns (as the year's earlier returns reported them) and the trend
charts' other quarters (as a submitted return reported each, else computed from the records):
both are frozen into the return with its figures on submission, so a submitted return's exports
depend on that return alone. A return frozen before they were kept reads them from the other
returns as they stand, never from the records: a submitted return never recomputes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from contracts.models import Contract
from funds4care.models import Application

from ..engine.compute import compute_return, one_snapshot
from ..engine.figures import (
    EarlierColumn,
    Funds4CareAwards,
    ReturnFigures,
    TrendQuarter,
    as_frozen,
    figure_from_json,
    figure_json,
)
from ..engine.periods import (
    QUARTERS,
    YEAR_TO_DATE,
    FinancialYear,
    Period,
    financial_years_between,
)
from ..engine.rules import Figure, Number, Scope
from ..frameworks import framework_for
from ..models import AWAITED, Return, ReturnStatus

# The trend charts show at most the last eight quarters up to the return's: this year and the
# one before, readable as small multiples, and a draft's charts cost a bounded number of
# queries (see trend_of).
TREND_QUARTERS = 8

# What the earlier returns reported: (financial year, period name) -> code -> figure.
Reported = dict[tuple[int, str], dict[str, Figure]]


def figures_of(ret: Return, *, earlier: bool = False, trend: bool = False) -> ReturnFigures:
    """The return's figures: as frozen once it is submitted (or approved); else live from the
    records, exactly as submitting now would freeze them.

    `earlier` and `trend` ask for the table's earlier columns and the charts' other quarters
    too: part of a submitted return; for a draft, one query for the year's submitted returns,
    and for its charts the figures of each quarter no submitted return covers (see trend_of).
    """
    framework = framework_for(ret.contract.framework)
    if ret.frozen_figures is not None and not ret.is_editable:
        frozen = ReturnFigures.from_json(ret.frozen_figures, framework)
        # A return frozen before the earlier columns and the trend were kept reads them from the
        # other returns now; a quarter none reported stays empty rather than being computed.
        return completed(
            ret,
            frozen,
            earlier=earlier and frozen.earlier is None,
            trend=trend and frozen.trend is None,
            from_records=False,
        )
    return completed(ret, live_figures(ret), earlier=earlier, trend=trend)


def live_figures(ret: Return) -> ReturnFigures:
    """The return's own figures as the records give them now, as submitting would freeze them
    (to JSON and back: a draft and its frozen figures cannot differ by a digit). The status is
    the year to date's at the end of the period, whatever today is."""
    framework = framework_for(ret.contract.framework)
    year = FinancialYear(ret.financial_year)
    period = year.period(ret.period)
    computed = compute_return(
        ret.contract,
        year,
        periods=framework.columns_of(ret.period),
        today=period.end + timedelta(days=1),
        with_status=True,
    )
    funds4care = funds4care_awards(ret.contract, period) if framework.uses("funds4care") else None
    live = replace(computed, period=ret.period, funds4care=funds4care)
    return ReturnFigures.from_json(live.to_json(), framework)


def completed(
    ret: Return, figures: ReturnFigures, *, earlier: bool, trend: bool, from_records: bool = True
) -> ReturnFigures:
    """`figures` with the earlier columns and the trend's quarters, where asked, as the other
    returns and (unless not `from_records`) the records give them now."""
    if not (earlier or trend):
        return figures
    first_year = ret.financial_year
    if trend:
        first_year = min(first_year, *(_key(quarter)[0] for quarter in trend_window(ret)))
    reported = reported_returns(ret.contract, first_year, ret.financial_year, exclude=ret)
    if earlier:
        figures = replace(figures, earlier=tuple(earlier_columns(ret, reported)))
    if trend:
        figures = replace(figures, trend=tuple(trend_of(ret, reported, from_records=from_records)))
    return figures


def funds4care_awards(contract: Contract, period: Period) -> Funds4CareAwards:
    """The Funds4 Care awards of the financial monitoring return: the applications approved
    with a decision dated in the period, their count and the pounds awarded (and how many have
    no amount recorded yet). One aggregate query."""
    totals = Application.objects.filter(
        contract=contract,
        decision="approved",
        decision_date__gte=period.start,
        decision_date__lte=period.end,
    ).aggregate(
        awards=Count("pk"),
        allocated=Coalesce(Sum("amount_awarded"), Value(Decimal("0")), output_field=DecimalField()),
        without_amount=Count("pk", filter=Q(amount_awarded__isnull=True)),
    )
    return Funds4CareAwards(
        awards=totals["awards"],
        allocated=Decimal(totals["allocated"]),
        without_amount=totals["without_amount"],
    )


# --- What the other returns reported ----------------------------------------------------------


def reported_returns(
    contract: Contract, first_year: int, last_year: int, *, exclude: Return | None = None
) -> list[Return]:
    """The contract's returns of those years that have been submitted (or approved), with their
    frozen figures, oldest first: one query."""
    returns = (
        Return.objects.filter(
            contract=contract, financial_year__gte=first_year, financial_year__lte=last_year
        )
        .exclude(status__in=AWAITED)
        .exclude(frozen_figures__isnull=True)
        .only("financial_year", "period", "status", "frozen_figures", "frozen_at")
        .order_by("financial_year", "period")
    )
    if exclude is not None:
        returns = returns.exclude(pk=exclude.pk)
    return list(returns)


def reported_figures(returns: Iterable[Return], periods: Iterable[str] = QUARTERS) -> Reported:
    """Each of `periods` as the returns reported it (their own columns; for the whole year,
    "FY", the year to date of a return made once the year was over). A later return's figures
    win over an earlier one's."""
    wanted = set(periods)
    known: Reported = {}
    for other in returns:
        document = other.frozen_figures
        whole_year = int(document.get("quarters_elapsed") or 0) >= len(QUARTERS)
        for row in document.get("indicators", []):
            for name, figure in (row.get("figures") or {}).items():
                column = "FY" if name == YEAR_TO_DATE and whole_year else name
                if column in wanted and figure is not None:
                    key = (other.financial_year, column)
                    known.setdefault(key, {})[row["code"]] = figure_from_json(figure)
    return known


def source_of(other: Return) -> str:
    status = ReturnStatus(other.status).label.lower()
    frozen = (
        f", figures frozen {timezone.localtime(other.frozen_at):%d/%m/%Y}"
        if other.frozen_at
        else ""
    )
    return f"The {other.period} return ({status}{frozen})"


def earlier_columns(ret: Return, reported: Iterable[Return]) -> list[EarlierColumn]:
    """The columns before the return's own, from the year's earlier returns as they stand, in
    the table's order."""
    framework = framework_for(ret.contract.framework)
    wanted = [column for column in framework.column_names if column != "FY"]
    found: dict[str, EarlierColumn] = {}
    year = FinancialYear(ret.financial_year)
    starts = year.period(ret.period).start
    for other in reported:
        # Earlier: its period ended before this one began (Q1 and Q2 for Q3, H1 for H2).
        if other.financial_year != ret.financial_year or year.period(other.period).end >= starts:
            continue
        document = other.frozen_figures
        for column in document.get("columns", []):
            if column in wanted:
                found[column] = EarlierColumn(
                    column,
                    source_of(other),
                    {
                        row["code"]: figure_from_json(row["figures"][column])
                        for row in document["indicators"]
                        if column in (row.get("figures") or {})
                    },
                )
    return [found[column] for column in wanted if column in found]


# --- The trend -------------------------------------------------------------------------------


def _key(quarter: Period) -> tuple[int, str]:
    return FinancialYear.containing(quarter.start).year, quarter.name


def trend_window(ret: Return) -> list[Period]:
    """The quarters the trend charts show: the last TREND_QUARTERS up to the return's period,
    none before the contract started. The chart stops where the return does, so a PDF made
    next year still shows what the return was about."""
    contract = ret.contract
    last_day = FinancialYear(ret.financial_year).period(ret.period).end
    quarters = [
        quarter
        for year in financial_years_between(contract.start_date, last_day)
        for quarter in year.quarters()
        if contract.start_date <= quarter.end <= last_day
    ]
    return quarters[-TREND_QUARTERS:]


def trend_of(
    ret: Return, reported: Iterable[Return], *, from_records: bool = True
) -> list[TrendQuarter]:
    """Each quarter of the trend window but the return's own: as a submitted return reported
    it, else computed from the records now (unless not `from_records`: then left without
    figures, as for a submitted return frozen before its trend was kept).

    Queries: in one read-only transaction (2; PostgreSQL 3), for each quarter no submitted
    return covers, the framework's figure queries for one period (Cornwall 16: the recorded
    localities and 15 aggregates; Wolverhampton 10). At most TREND_QUARTERS - 1 such quarters:
    bounded, and never growing with the records."""
    framework = framework_for(ret.contract.framework)
    own = set(framework.columns_of(ret.period))
    wanted = [
        quarter
        for quarter in trend_window(ret)
        if not (_key(quarter)[0] == ret.financial_year and quarter.name in own)
    ]
    if not wanted:
        return []
    known = {
        key: {code: figure.value for code, figure in figures.items()}
        for key, figures in reported_figures(reported).items()
    }
    codes = [indicator.code for indicator in framework.indicators]
    missing = [q for q in wanted if any(c not in known.get(_key(q), {}) for c in codes)]
    if missing and from_records:
        with one_snapshot():
            for quarter in missing:
                values: dict[str, Number | None] = known.setdefault(_key(quarter), {})
                scope = Scope(ret.contract, quarter)  # indicators sharing a rule share a query
                for indicator in framework.indicators:
                    if indicator.code not in values:
                        figure = indicator.compute(ret.contract, quarter, scope)
                        values[indicator.code] = as_frozen(figure.value)
    return [TrendQuarter(*_key(quarter), dict(known.get(_key(quarter), {}))) for quarter in wanted]


# --- What changed since the figures were frozen ------------------------------------------------


@dataclass(frozen=True)
class FigureChange:
    code: str
    title: str
    column: str
    approved: Number | None
    now: Number | None
    breakdown_changed: bool


def changes_since_frozen(ret: Return) -> list[FigureChange]:
    """The figures the records would now give differently from the frozen ones. It computes
    them from the records, so only the page that compares (kpis.returns.compare) and a return
    sent back ask for it: a submitted or approved return's own page reads no record table."""
    if ret.frozen_figures is None:
        return []
    framework = framework_for(ret.contract.framework)
    frozen = ReturnFigures.from_json(ret.frozen_figures, framework)
    live = live_figures(ret)
    changes = []
    for row in frozen.rows:
        current = live.row(row.code)
        if current is None:
            continue
        for column, then in row.figures.items():
            fresh = current.figures.get(column)
            if fresh is None:
                continue
            if figure_json(row.indicator, fresh) == figure_json(row.indicator, then):
                continue
            changes.append(
                FigureChange(
                    row.code,
                    row.title,
                    column,
                    then.value,
                    fresh.value,
                    then.breakdown != fresh.breakdown,
                )
            )
    then_funds, fresh_funds = frozen.funds4care, live.funds4care
    if then_funds is not None and fresh_funds is not None:
        for name, title in (
            ("allocated", "Funds4 Care allocated (£)"),
            ("awards", "Funds4 Care awards"),
        ):
            before, after = getattr(then_funds, name), getattr(fresh_funds, name)
            if before != after:
                changes.append(FigureChange("F4C", title, ret.period, before, after, False))
    return changes


# --- The financial monitoring return -----------------------------------------------------------


@dataclass(frozen=True)
class FinancialLine:
    """A line of the financial monitoring return: `kind` is "money", "number" or "text"."""

    label: str
    value: Decimal | int | str | None
    kind: str


def financial_return(ret: Return, figures: ReturnFigures) -> list[FinancialLine]:
    """The financial monitoring return as the page and the exports show it: what the provider
    wrote, and, for a framework with Funds4 Care, its awards from `figures` (figures_of(ret):
    frozen once submitted; None when frozen before they were counted)."""

    def label(name: str) -> str:
        text = str(Return._meta.get_field(name).verbose_name)
        return text[:1].upper() + text[1:]

    lines = [
        FinancialLine(label("expenditure"), ret.expenditure, "money"),
        FinancialLine(label("staffing_cost"), ret.staffing_cost, "money"),
        FinancialLine(label("staff_fte"), ret.staff_fte, "number"),
        FinancialLine(label("additional_income"), ret.additional_income, "money"),
    ]
    if figures.framework.uses("funds4care"):
        funds = figures.funds4care
        lines += [
            FinancialLine(
                "Funds4 Care allocated (£)", None if funds is None else funds.allocated, "money"
            ),
            FinancialLine("Funds4 Care awards", None if funds is None else funds.awards, "number"),
        ]
    lines.append(FinancialLine(label("financial_notes"), ret.financial_notes, "text"))
    return lines
