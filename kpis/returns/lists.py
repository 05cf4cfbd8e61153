"""The lists of returns: a contract's (with the periods ended whose returns are not opened
yet, and the button that opens one) and the overdue returns of every contract a person can see.
Looking at a list creates nothing: returns are opened by `manage.py open_returns` (daily), the
button, or `export_return`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from contracts.access import contract_for
from contracts.models import Contract

from ..engine.periods import today
from ..frameworks import framework_for
from ..models import Return
from .due import is_overdue, open_all_returns, unopened_returns
from .queries import frozen_rag_counts, overdue_returns
from .views import post_to_contract


@require_GET
def return_list(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    on = today()
    # RAG counts only of what was submitted: a return sent back (or reopened) keeps the
    # figures frozen before, which are no longer what it says; the dashboard does the same.
    returns = [
        {"ret": ret, "overdue": is_overdue(ret, on), "rag": frozen_rag_counts(ret)}
        for ret in contract.returns.all()
    ]
    # Periods ended whose returns the daily command has not opened yet: listed, opened on demand.
    unopened = sorted(
        unopened_returns(contracts=[contract], on=on),
        key=lambda owed: (owed.year.year, owed.period),
        reverse=True,
    )
    return render(
        request,
        "kpis/returns/return_list.html",
        {
            "contract": contract,
            "framework": framework_for(contract.framework),
            "section": "Returns",
            "returns": returns,
            "unopened": [(owed, owed.due_date < on) for owed in unopened],
            "overdue_count": sum(1 for row in returns if row["overdue"])
            + sum(1 for owed in unopened if owed.due_date < on),
        },
    )


@post_to_contract
def return_open(request: HttpRequest, contract: Contract) -> HttpResponse:
    """Open the return of a period that has ended, now rather than at the daily run."""
    year, period = request.POST.get("year", ""), request.POST.get("period", "")
    owed = {
        (f"{each.year.year}", each.period)
        for each in unopened_returns(contracts=[contract], on=today())
    }
    if (year, period) in owed:
        open_all_returns(contracts=[contract], on=today())
    ret = Return.objects.filter(
        contract=contract, financial_year=int(year) if year.isdigit() else 0, period=period
    ).first()
    if ret is None:
        messages.error(request, "That period has no return to open: it has not ended yet.")
        return redirect("returns:list", pk=contract.pk)
    return redirect(ret)


@require_GET
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Every overdue return of the contracts this person can see, oldest due first, with the
    periods past their due date whose returns are not opened yet."""
    on = today()
    visible = Contract.objects.visible_to(request.user).select_related("provider")
    unopened = [owed for owed in unopened_returns(contracts=visible, on=on) if owed.due_date < on]
    return render(
        request,
        "kpis/returns/return_overdue.html",
        {
            "overdue": overdue_returns(on, contracts=visible),
            "unopened": sorted(unopened, key=lambda owed: owed.due_date),
            "today": on,
        },
    )
