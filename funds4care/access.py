"""The contract of a Funds4 Care page: one whose framework keeps Funds4 Care's records
(contracts.frameworks says which)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from contracts.access import contract_for
from contracts.models import Contract


def funds4care_contract(request: HttpRequest, pk: int) -> Contract:
    """The contract if this user may see it and it runs Funds4 Care; 404 otherwise (a
    Wolverhampton contract has no Funds4 Care pages, whoever asks)."""
    contract = contract_for(request, pk)
    if not contract.uses("funds4care"):
        raise Http404("This contract has no Funds4 Care.")
    return contract
