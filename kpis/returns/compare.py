"""A submitted or approved return against the records now: the figures they would give
differently. A page of its own, computed only when someone asks, so that the return's page,
its downloads and the dashboard read what was frozen and no record table."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from contracts.access import contract_for

from .figures import changes_since_frozen
from .views import return_of


@require_GET
def return_changes(request: HttpRequest, pk: int, return_id: int) -> HttpResponse:
    contract = contract_for(request, pk)
    ret = return_of(contract, return_id)
    # A draft (or a return sent back) is computed live on its own page: nothing is frozen.
    frozen = not ret.is_editable and ret.frozen_figures is not None
    return render(
        request,
        "kpis/returns/return_changes.html",
        {
            "contract": contract,
            "section": "Returns",
            "ret": ret,
            "frozen": frozen,
            "changes": changes_since_frozen(ret) if frozen else [],
        },
    )
