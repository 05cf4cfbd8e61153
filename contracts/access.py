"""Who may open which contract page: one place, used by every view.

`Contract.objects.visible_to(user)` decides whether a contract exists for this person at all
(404 if not, exactly as if it did not exist). The helpers below add what their role may do with
a contract they can see (403 if not: the contract is no secret to them, the action is).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import Contract, Role


def contract_for(request: HttpRequest, pk: int) -> Contract:
    """The contract if this user may see it; 404 otherwise, so nobody learns it exists."""
    return get_object_or_404(
        Contract.objects.visible_to(request.user).select_related("commissioner", "provider"),
        pk=pk,
    )


def may_change_contract(user, contract: Contract) -> bool:
    """A contract's details and counting settings are the commissioner's (and administrators')
    to change. The contract is one this user can already see, so no query is needed."""
    if user.is_administrator:
        return True
    return user.role == Role.COMMISSIONER and contract.commissioner_id == user.organisation_id


def may_change_localities(user, contract: Contract) -> bool:
    """A contract's localities are the provider's to keep (its managers, and administrators):
    its staff choose from them. The commissioner sees them on the contract's page."""
    if user.is_administrator:
        return True
    return user.role == Role.PROVIDER_MANAGER and contract.provider_id == user.organisation_id


def may_see_records(user) -> bool:
    """Names and personal records are for the provider's staff (and administrators);
    commissioners see returns and aggregates, pseudonymised."""
    return user.is_administrator or user.role in (Role.PROVIDER_MANAGER, Role.PROVIDER_WORKER)


def may_import(user) -> bool:
    return user.is_administrator or user.role == Role.PROVIDER_MANAGER


def contract_for_records(request: HttpRequest, pk: int) -> Contract:
    """The contract whose young people and records this user may see and change."""
    contract = contract_for(request, pk)
    if not may_see_records(request.user):
        raise PermissionDenied("Young people's records are for the provider's staff.")
    return contract


def contract_for_import(request: HttpRequest, pk: int) -> Contract:
    """The contract this user may import records into: provider managers (and administrators)."""
    contract = contract_for(request, pk)
    if not may_import(request.user):
        raise PermissionDenied("Only the provider's managers can import records.")
    return contract
