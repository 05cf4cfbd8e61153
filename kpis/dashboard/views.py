"""The dashboard: every contract the user can see, its latest return, statuses and what is late.

Built from the returns' read API (kpis.returns.queries): the RAG counts are those frozen when
each return was submitted, so the page asks the same few queries for one contract or fifty.
Computing every contract's figures live would cost a whole return's queries (about 115 for a
Cornwall year) per contract; each contract's KPI page does that for one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from contracts.models import Contract, Role

from ..engine.figures import frozen_statuses
from ..engine.indicators import Indicator
from ..engine.periods import FinancialYear, PeriodState, period_state, today
from ..frameworks import framework_for
from ..models import Return
from ..pages.views import contract_years
from ..returns.due import due_date_for, periods_ended
from ..returns.queries import LatestReturn, latest_returns_for, overdue_returns


@dataclass(frozen=True)
class RagCounts:
    green: int
    amber: int
    red: int
    no_status: int


@dataclass(frozen=True)
class UnopenedReturn:
    """A period whose return is past due but has no row yet: rows are made when someone opens
    the contract's returns or the reminder command runs, so a quiet contract would otherwise
    look up to date."""

    contract: Contract
    year: FinancialYear
    period: str
    due_date: date


@dataclass(frozen=True)
class ReportYear:
    """A year begun, for its board report, and its state on the day (a year in progress has
    figures so far)."""

    financial_year: FinancialYear
    state: PeriodState

    @property
    def year(self) -> int:
        return self.financial_year.year

    @property
    def label(self) -> str:
        return self.financial_year.label


@dataclass(frozen=True)
class ContractLine:
    contract: Contract
    latest: Return | None
    status_label: str
    rag: RagCounts | None  # None: no submitted return to read statuses from
    rag_from: Return | None  # the latest submitted return, whose statuses `rag` counts
    overdue: list[Return]
    unopened: list[UnopenedReturn]
    indicators: tuple[Indicator, ...]
    years: list[ReportYear]  # the years begun, for the board report


def rag_of(latest: LatestReturn) -> RagCounts | None:
    """Counts from the frozen figures; indicators with no status (no target, nothing to divide,
    no quarter over) are counted too, so the four add up to the framework's indicators."""
    done = latest.submitted
    if latest.rag is None or done is None or done.frozen_figures is None:
        return None
    indicators = len(frozen_statuses(done.frozen_figures))
    green, amber, red = latest.rag["green"], latest.rag["amber"], latest.rag["red"]
    return RagCounts(green, amber, red, indicators - green - amber - red)


def unopened_returns(contract: Contract, on: date, existing: set) -> list[UnopenedReturn]:
    """The contract's periods past their due date with no return at all (pure: no query)."""
    unopened = []
    for year, period in periods_ended(contract, on):
        due = due_date_for(contract, year, period)
        if due < on and (contract.pk, year.year, period) not in existing:
            unopened.append(UnopenedReturn(contract, year, period, due))
    return unopened


def contract_lines(user, on: date) -> tuple[list[ContractLine], list[Return], list[UnopenedReturn]]:
    """One line per contract the user may see, every overdue return among them, and every
    period past due with no return yet."""
    contracts = (
        Contract.objects.visible_to(user).select_related("commissioner", "provider").order_by("ref")
    )
    overdue = list(overdue_returns(on, contracts=contracts))
    overdue_of: dict[int, list[Return]] = defaultdict(list)
    for ret in overdue:
        overdue_of[ret.contract_id].append(ret)
    existing = set(
        Return.objects.filter(contract__in=contracts).values_list(
            "contract_id", "financial_year", "period"
        )
    )
    lines = []
    for latest in latest_returns_for(contracts):
        contract = latest.contract
        years = [
            ReportYear(year, period_state(year.period("FY"), on))
            for year in contract_years(contract)
            if year.start <= on
        ]
        lines.append(
            ContractLine(
                contract=contract,
                latest=latest.ret,
                status_label=latest.ret.get_status_display() if latest.ret else "",
                rag=rag_of(latest),
                rag_from=latest.submitted if latest.rag is not None else None,
                overdue=overdue_of.get(contract.pk, []),
                unopened=unopened_returns(contract, on, existing),
                indicators=framework_for(contract.framework).indicators,
                years=years,
            )
        )
    return lines, overdue, [late for line in lines for late in line.unopened]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    on = today()
    lines, overdue, unopened = contract_lines(request.user, on)
    return render(
        request,
        "kpis/dashboard/index.html",
        {
            "lines": lines,
            "overdue": overdue,
            "unopened": unopened,
            "today": on,
            "is_commissioner": request.user.role == Role.COMMISSIONER,
        },
    )
