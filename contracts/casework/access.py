"""Who may open which casework page (Wolverhampton's Young Person's Team).

A contract without casework has no casework pages: 404 for everyone, as for a contract they
cannot see. On a contract with casework:

- the provider's staff (key workers and the team manager) see and record casework;
- screening referrals, allocating cases and reviewing key workers' performance are the team
  manager's (the provider's managers, and administrators): 403 with the reason for others;
- commissioners see the caseloads page only, by reference: never a name or a note.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ..access import contract_for, may_see_records
from ..models import Contract, Role


def casework_contract(request: HttpRequest, pk: int) -> Contract:
    """The contract if this user may see it and it keeps casework; 404 otherwise."""
    contract = contract_for(request, pk)
    if not contract.uses("casework"):
        raise Http404("This contract keeps no casework.")
    return contract


def contract_for_casework(request: HttpRequest, pk: int) -> Contract:
    """A casework contract whose young people's records this user may see and add to."""
    contract = casework_contract(request, pk)
    if not may_see_records(request.user):
        raise PermissionDenied(
            "Casework records are for the provider's staff. Commissioners see the caseloads "
            "by reference, and the returns."
        )
    return contract


def is_team_manager(user) -> bool:
    return user.is_administrator or user.role == Role.PROVIDER_MANAGER


def contract_for_team_manager(request: HttpRequest, pk: int, doing: str) -> Contract:
    """A casework contract on which this user may act as team manager; `doing` finishes the
    refusal: "Only the team manager can {doing}."."""
    contract = contract_for_casework(request, pk)
    if not is_team_manager(request.user):
        raise PermissionDenied(f"Only the team manager (a provider manager) can {doing}.")
    return contract
