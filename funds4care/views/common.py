"""What Funds4 Care's screens share: the contract first (404 for another organisation and for a
panel member, whom no contract is visible to), POST-only moves, who may do what, breadcrumbs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from contracts.access import may_see_records
from contracts.models import Contract

from ..access import funds4care_contract
from ..models import Application
from ..services import is_manager, is_staff


def post_to_contract(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """POST only, but the contract first: a stranger gets 404 whatever the method."""

    @wraps(view)
    def checked(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        contract = funds4care_contract(request, pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, contract, **kwargs)

    return checked


def manager_only(request: HttpRequest, contract: Contract, doing: str) -> None:
    if not is_manager(request.user, contract):
        raise PermissionDenied(f"Only the provider's managers {doing}.")


def staff_only(request: HttpRequest, contract: Contract, doing: str) -> None:
    if not is_staff(request.user, contract):
        raise PermissionDenied(f"Only the provider's staff {doing}.")


def application_of(contract: Contract, application_id: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("young_person", "round__fund", "payment"),
        pk=application_id,
        contract=contract,
    )
    application.contract = contract
    return application


def who(request: HttpRequest, contract: Contract) -> dict[str, bool]:
    """What the page offers this person: names are for the provider's staff (a commissioner
    sees references, as everywhere else)."""
    user = request.user
    return {
        "is_manager": is_manager(user, contract),
        "is_staff": is_staff(user, contract),
        "show_names": may_see_records(user),
    }


def home_url(contract: Contract, year: int | None = None) -> str:
    url = reverse("funds4care:home", kwargs={"pk": contract.pk})
    return f"{url}?year={year}" if year else url


def application_url(application: Application, anchor: str = "") -> str:
    url = reverse(
        "funds4care:application",
        kwargs={"pk": application.contract_id, "application_id": application.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def trail(contract: Contract, *steps: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        ("Contracts", reverse("home")),
        (contract.ref, contract.get_absolute_url()),
        *steps,
    ]
