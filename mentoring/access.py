"""Who may open which mentoring page.

A contract whose framework keeps no mentoring (contracts.frameworks) has no mentoring pages:
404 for everyone, as for a contract they cannot see. On one that does:

- the provider's staff (the coordinator among them) see and record everything;
- commissioners see the overview only, by reference: never a mentor's or mentee's name;
- everyone else (panel members) is refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from contracts.access import contract_for, may_see_records
from contracts.models import Contract


def mentoring_contract(request: HttpRequest, pk: int) -> Contract:
    """The contract if this user may see it and it runs peer mentoring; 404 otherwise."""
    contract = contract_for(request, pk)
    if not contract.uses("mentoring"):
        raise Http404("This contract has no peer mentoring.")
    return contract


def contract_for_mentoring(request: HttpRequest, pk: int) -> Contract:
    """A mentoring contract whose mentors and mentees this user may see and record."""
    contract = mentoring_contract(request, pk)
    if not may_see_records(request.user):
        raise PermissionDenied(
            "Mentors' and mentees' records are for the provider's staff. Commissioners see "
            "the mentoring overview by reference, and the returns."
        )
    return contract
