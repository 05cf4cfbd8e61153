"""A contract's initiatives: the list, adding and changing one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_safe

from contracts.access import contract_for_records

from ..forms import InitiativeForm
from .common import edit_record, paginate, records_url, trail


@require_safe
def initiatives(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    return render(
        request,
        "contracts/records/initiative_list.html",
        {
            "contract": contract,
            "page": paginate(request, contract.initiatives.order_by("-date", "ref")),
            "section": "initiatives",
            "trail": trail(contract, ("Initiatives", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def initiative_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    return edit_record(
        request,
        contract=contract,
        form_class=InitiativeForm,
        owner=contract,
        title="Add an initiative",
        steps=[("Initiatives", records_url("initiatives", contract))],
        section="initiatives",
        saved=lambda _record: records_url("initiatives", contract),
    )


@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int, initiative_pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    initiative = get_object_or_404(contract.initiatives, pk=initiative_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=InitiativeForm,
        owner=contract,
        instance=initiative,
        title=f"Change {initiative.title}",
        steps=[("Initiatives", records_url("initiatives", contract))],
        section="initiatives",
        saved=lambda _record: records_url("initiatives", contract),
    )
