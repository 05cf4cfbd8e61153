"""Reads about returns: which are due, when, the latest per contract, the overdue ones, and the
figures of a return (live for a draft, frozen once submitted) with what has changed since.

`latest_returns_for` and `overdue_returns` are the read API the commissioner's dashboard uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from contracts.models import Contract

from .models import RETURN_PERIODS_OF, Return, ReturnStatus
from .periods import YEAR_TO_DATE, FinancialYear, Period, financial_years_between, today
from .returns import compute_return, figure_json, json_number
from .sql import bank_holidays

# Statuses in which the provider still owes the commissioner something.
AWAITED = (ReturnStatus.DRAFT, ReturnStatus.CHANGES_REQUESTED)
RAG = ("green", "amber", "red")


def add_working_days(day: date, count: int) -> date:
    """The `count`th working day after `day` (weekends and England's bank holidays skipped)."""
    holidays = set(bank_holidays(day.year, day.year + 1))
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day


def due_date_for(contract: Contract, year: FinancialYear, period: str) -> date:
    return add_working_days(year.period(period).end, contract.return_due_working_days)


def periods_ended(contract: Contract, on: date | None = None) -> list[tuple[FinancialYear, str]]:
    """Every reporting period of the contract that has ended by `on` (today unless given) and
    overlaps the contract: the returns the provider owes, oldest first."""
    on = today() if on is None else on
    owed = []
    for year in financial_years_between(contract.start_date, contract.end_date):
        for name in RETURN_PERIODS_OF[contract.framework]:
            period = year.period(name)
            overlaps = period.end >= contract.start_date and period.start <= contract.end_date
            if period.end < on and overlaps:
                owed.append((year, name))
    return owed


def columns_of(ret: Return) -> tuple[str, ...]:
    """The periods a return shows: a quarter alone; a half year beside its two quarters."""
    return {"H1": ("Q1", "Q2", "H1"), "H2": ("Q3", "Q4", "H2")}.get(ret.period, (ret.period,))


def live_figures(ret: Return) -> dict[str, Any]:
    """The return's figures as the records give them now, as the JSON document frozen on
    submission. The status is the year to date's at the end of the period, whatever today is."""
    year = FinancialYear(ret.financial_year)
    period: Period = year.period(ret.period)
    computed = compute_return(
        ret.contract,
        year,
        periods=columns_of(ret),
        today=period.end + timedelta(days=1),
        with_status=True,
    )
    columns = [*columns_of(ret), YEAR_TO_DATE]
    return {
        "financial_year": ret.financial_year,
        "period": ret.period,
        "columns": columns,
        "quarters_elapsed": computed.quarters_elapsed,
        "indicators": [
            {
                "code": row.indicator.code,
                "title": row.indicator.title,
                "unit": str(row.indicator.unit),
                "target": json_number(row.target.value),
                "target_note": row.target.label,
                "status": row.status.value if row.status else None,
                "figures": {
                    name: figure_json(row.indicator, row.figures[name])
                    for name in columns
                    if name in row.figures
                },
            }
            for row in computed.rows
        ],
    }


def figures_of(ret: Return) -> dict[str, Any]:
    """What the return's page shows: the frozen figures once submitted, else live ones."""
    if ret.frozen_figures is not None and not ret.is_editable:
        return ret.frozen_figures
    return live_figures(ret)


@dataclass(frozen=True)
class FigureChange:
    code: str
    title: str
    column: str
    approved: Any
    now: Any
    breakdown_changed: bool


def changes_since_frozen(ret: Return) -> list[FigureChange]:
    """The figures the records would now give differently from the frozen ones."""
    if ret.frozen_figures is None:
        return []
    now = {row["code"]: row for row in live_figures(ret)["indicators"]}
    changes = []
    for row in ret.frozen_figures["indicators"]:
        current = now.get(row["code"])
        if current is None:
            continue
        for column, frozen in row["figures"].items():
            fresh = current["figures"].get(column)
            if fresh is None or fresh == frozen:
                continue
            changes.append(
                FigureChange(
                    row["code"],
                    row["title"],
                    column,
                    frozen["value"],
                    fresh["value"],
                    frozen["breakdown"] != fresh["breakdown"],
                )
            )
    return changes


def rag_counts(figures: dict[str, Any] | None) -> dict[str, int] | None:
    """How many indicators are green, amber and red in a figures document (None without one)."""
    if figures is None:
        return None
    counts = dict.fromkeys(RAG, 0)
    for row in figures["indicators"]:
        if row["status"] in counts:
            counts[row["status"]] += 1
    return counts


@dataclass(frozen=True)
class LatestReturn:
    """A contract's latest return (None if it has none yet), its status and RAG counts.

    The counts are those frozen on submission; a draft's are None (its figures are live and
    computing them for every contract of a dashboard would cost a return's queries each)."""

    contract: Contract
    ret: Return | None
    status: str | None
    rag: dict[str, int] | None


def latest_returns_for(contracts: QuerySet[Contract]) -> list[LatestReturn]:
    """Each contract's latest return (by period), in the contracts' order. Two queries."""
    latest = Return.objects.filter(contract=OuterRef("pk")).order_by("-financial_year", "-due_date")
    listed = list(contracts.annotate(latest_return_id=Subquery(latest.values("id")[:1])))
    returns = Return.objects.in_bulk(
        [contract.latest_return_id for contract in listed if contract.latest_return_id]
    )
    result = []
    for contract in listed:
        ret = returns.get(contract.latest_return_id)
        if ret is not None:
            ret.contract = contract
        result.append(
            LatestReturn(
                contract,
                ret,
                ret.status if ret else None,
                rag_counts(ret.frozen_figures) if ret and not ret.is_editable else None,
            )
        )
    return result


def overdue_returns(
    on: date | None = None, contracts: QuerySet[Contract] | None = None
) -> QuerySet[Return]:
    """Returns past their due date that the provider has not submitted (a draft, or sent back
    for changes), oldest due first; only those of `contracts` if given (e.g. `visible_to`).

    Returns exist once the period has ended and someone opened the list or the reminder
    command ran (kpis.workflow.open_returns)."""
    on = today() if on is None else on
    overdue = Return.objects.filter(due_date__lt=on, status__in=AWAITED)
    if contracts is not None:
        overdue = overdue.filter(contract__in=contracts)
    return overdue.select_related("contract", "contract__provider").order_by("due_date", "id")
