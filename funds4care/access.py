"""Which contracts have Funds4 Care, and the contract of a Funds4 Care page.

Whether a contract runs Funds4 Care is its framework's fact (kpis.frameworks: a framework says
which records it uses). kpis sits above this app, so it says so at start-up
(`KpisConfig.ready` sets `runs_funds4care`); until then every contract is taken to run it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest

from contracts.access import contract_for
from contracts.models import Contract


def _every_contract(contract: Contract) -> bool:
    return True


runs_funds4care: Callable[[Contract], bool] = _every_contract


def funds4care_contract(request: HttpRequest, pk: int) -> Contract:
    """The contract if this user may see it and it runs Funds4 Care; 404 otherwise (a
    Wolverhampton contract has no Funds4 Care pages, whoever asks)."""
    contract = contract_for(request, pk)
    if not runs_funds4care(contract):
        raise Http404("This contract has no Funds4 Care.")
    return contract
