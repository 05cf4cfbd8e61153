"""When returns are owed: the periods that have ended, each return's due date (working days
after the period, by the contract's setting), and opening the returns owed as drafts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, DateField, Value, When

from contracts.dates import add_working_days
from contracts.models import Contract

from ..engine.periods import FinancialYear, financial_years_between, today
from ..frameworks import framework_for
from ..models import AWAITED, Return


def due_date_for(contract: Contract, year: FinancialYear, period: str) -> date:
    return add_working_days(year.period(period).end, contract.return_due_working_days)


def periods_ended(contract: Contract, on: date | None = None) -> list[tuple[FinancialYear, str]]:
    """Every reporting period of the contract that has ended by `on` (today unless given) and
    overlaps the contract: the returns the provider owes, oldest first."""
    on = today() if on is None else on
    owed = []
    for year in financial_years_between(contract.start_date, contract.end_date):
        for name in framework_for(contract.framework).return_periods:
            period = year.period(name)
            overlaps = period.end >= contract.start_date and period.start <= contract.end_date
            if period.end < on and overlaps:
                owed.append((year, name))
    return owed


@dataclass(frozen=True)
class Unopened:
    """A period that has ended whose return does not exist yet: the daily `open_returns`
    command opens it, or anyone who can see the contract does from its list of returns."""

    contract: Contract
    year: FinancialYear
    period: str
    due_date: date

    @property
    def financial_year_label(self) -> str:
        return self.year.label

    def __str__(self) -> str:
        return f"{self.contract.ref} {self.year.label} {self.period}"


def _returns_of(contracts: list[Contract]) -> list[tuple]:
    return list(
        Return.objects.filter(contract__in=contracts).values_list(
            "pk", "contract_id", "financial_year", "period", "status", "due_date"
        )
    )


def _unopened(contracts: list[Contract], rows: list[tuple], on: date | None) -> list[Unopened]:
    existing = {(contract_id, year, period) for _pk, contract_id, year, period, *_ in rows}
    return [
        Unopened(contract, year, name, due_date_for(contract, year, name))
        for contract in contracts
        for year, name in periods_ended(contract, on)
        if (contract.pk, year.year, name) not in existing
    ]


def unopened_returns(*, contracts: Iterable[Contract], on: date | None = None) -> list[Unopened]:
    """The periods ended by `on` whose returns the contracts do not have yet, oldest first;
    one query, and nothing written (a page that lists returns reads, it does not create)."""
    contracts = list(contracts)
    return _unopened(contracts, _returns_of(contracts), on)


def open_all_returns(*, contracts: Iterable[Contract], on: date | None = None) -> int:
    """Create (as drafts, with their due dates) the returns of every period ended by `on` that
    the contracts do not have yet, and bring the due dates of those not yet submitted in line
    with each contract's setting (changed in the admin or a shell, say). How many were missing.
    Two queries whatever the number of contracts (three, four when something was missing or out
    of date); safe to run twice at once (the unique constraint keeps one return per period).
    Run daily by `manage.py open_returns`; on demand by the returns list and `export_return`."""
    contracts = list(contracts)
    rows = _returns_of(contracts)
    _restate_due_dates(contracts, rows)
    missing = [
        Return(
            contract=owed.contract,
            financial_year=owed.year.year,
            period=owed.period,
            due_date=owed.due_date,
        )
        for owed in _unopened(contracts, rows, on)
    ]
    if missing:
        Return.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def open_returns(*, contract: Contract, on: date | None = None) -> list[Return]:
    """The contract's returns, newest period first, after opening any owed (for the commands,
    the demo and the tests: the pages only list, see unopened_returns). Two or three queries."""
    open_all_returns(contracts=[contract], on=on)
    return list(contract.returns.all().order_by("-financial_year", "-period"))


def follow_due_date_setting(*, contract: Contract) -> int:
    """After the contract's `return_due_working_days` changed: the due date of every return
    it has not yet submitted (a draft, or sent back) follows the new setting; those submitted
    or approved keep the date they were due by. How many changed; one or two queries."""
    rows = Return.objects.filter(contract=contract).values_list(
        "pk", "contract_id", "financial_year", "period", "status", "due_date"
    )
    return _restate_due_dates([contract], list(rows))


def _restate_due_dates(contracts: list[Contract], rows: list[tuple]) -> int:
    """Give each awaited return among `rows` (pk, contract id, year, period, status, due date)
    the due date its contract's setting gives now: one UPDATE for all, none if none differ."""
    by_pk = {contract.pk: contract for contract in contracts}
    stale = {}
    for pk, contract_id, year, period, status, due in rows:
        if status not in AWAITED:
            continue
        now_due = due_date_for(by_pk[contract_id], FinancialYear(year), period)
        if now_due != due:
            stale[pk] = now_due
    if not stale:
        return 0
    # The status again in the UPDATE: a return submitted meanwhile keeps its date.
    return Return.objects.filter(pk__in=stale, status__in=AWAITED).update(
        due_date=Case(
            *[When(pk=pk, then=Value(due)) for pk, due in stale.items()],
            output_field=DateField(),
        )
    )


def is_overdue(ret: Return, on: date | None = None) -> bool:
    return ret.is_editable and ret.due_date < (today() if on is None else on)


def follow_due_dates(sender: Any, *, contract: Contract, changed: list[str], **kwargs: Any) -> None:
    """When a contract's settings change (contracts.signals.contract_settings_changed: contracts
    sits below kpis, so it says what changed and kpis follows): returns not yet submitted are
    due by the new `return_due_working_days`."""
    if "return_due_working_days" in changed:
        follow_due_date_setting(contract=contract)
