"""Reads about many returns at once, for the dashboard and the overdue list: each contract's
latest return with the statuses of its latest submitted one, and the returns overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from contracts.models import Contract

from ..engine.figures import frozen_rag_counts as frozen_rag_counts_of
from ..engine.periods import today
from ..models import AWAITED, Return


def frozen_rag_counts(ret: Return) -> dict[str, int] | None:
    """A return's RAG counts as submitted; None while it is the provider's (a draft, or sent
    back: figures frozen before it was sent back are no longer what it says)."""
    if ret.is_editable or ret.frozen_figures is None:
        return None
    return frozen_rag_counts_of(ret.frozen_figures)


@dataclass(frozen=True)
class LatestReturn:
    """A contract's latest return (None if it has none yet), its status, and the RAG counts of
    its latest submitted return (`submitted`: the latest itself once submitted or approved, an
    earlier one while the latest is the provider's draft, None if none has been submitted).

    The counts are those frozen on submission: a draft's figures are live, and computing them
    for every contract of a dashboard would cost a return's queries each."""

    contract: Contract
    ret: Return | None
    status: str | None
    rag: dict[str, int] | None
    submitted: Return | None = None


NEWEST_PERIOD_FIRST = ("-financial_year", "-period")


def latest_returns_for(contracts: QuerySet[Contract]) -> list[LatestReturn]:
    """Each contract's latest return (by period) and its latest submitted one, in the
    contracts' order. Two queries."""
    latest = Return.objects.filter(contract=OuterRef("pk")).order_by(*NEWEST_PERIOD_FIRST)
    submitted = latest.exclude(status__in=AWAITED)
    listed = list(
        contracts.annotate(
            latest_return_id=Subquery(latest.values("id")[:1]),
            submitted_return_id=Subquery(submitted.values("id")[:1]),
        )
    )
    returns = Return.objects.in_bulk(
        {
            pk
            for contract in listed
            for pk in (contract.latest_return_id, contract.submitted_return_id)
            if pk
        }
    )
    result = []
    for contract in listed:
        ret = returns.get(contract.latest_return_id)
        done = returns.get(contract.submitted_return_id)
        for each in (ret, done):
            if each is not None:
                each.contract = contract
        result.append(
            LatestReturn(
                contract,
                ret,
                ret.status if ret else None,
                frozen_rag_counts(done) if done else None,
                done,
            )
        )
    return result


def overdue_returns(
    on: date | None = None, contracts: QuerySet[Contract] | None = None
) -> QuerySet[Return]:
    """Returns past their due date that the provider has not submitted (a draft, or sent back
    for changes), oldest due first; only those of `contracts` if given (e.g. `visible_to`).

    Returns exist once the period has ended and someone opened the list or the reminder
    command ran (kpis.returns.due.open_returns)."""
    on = today() if on is None else on
    overdue = Return.objects.filter(due_date__lt=on, status__in=AWAITED)
    if contracts is not None:
        overdue = overdue.filter(contract__in=contracts)
    return overdue.select_related("contract", "contract__provider").order_by("due_date", "id")
