"""A contract's additional funding: the list with totals by status, adding and changing it."""

from __future__ import annotations

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_safe

from contracts.access import contract_for_records
from contracts.codes import FUNDING_STATUSES

from ..forms import AdditionalFundingForm
from .common import edit_record, paginate, records_url, trail


@require_safe
def additional_funding(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    by_status = dict(
        contract.additional_funding.order_by()
        .values("status")
        .annotate(total=Sum("amount"))
        .values_list("status", "total")
    )
    return render(
        request,
        "contracts/records/additional_funding_list.html",
        {
            "contract": contract,
            "page": paginate(request, contract.additional_funding.order_by("-date", "ref")),
            "totals": [(label, by_status.get(code, 0)) for code, label in FUNDING_STATUSES.items()],
            "section": "additional_funding",
            "trail": trail(contract, ("Additional funding", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def additional_funding_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    return edit_record(
        request,
        contract=contract,
        form_class=AdditionalFundingForm,
        owner=contract,
        title="Add additional funding",
        steps=[("Additional funding", records_url("additional_funding", contract))],
        section="additional_funding",
        saved=lambda _record: records_url("additional_funding", contract),
    )


@require_http_methods(["GET", "POST"])
def additional_funding_edit(request: HttpRequest, pk: int, funding_pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    funding = get_object_or_404(contract.additional_funding, pk=funding_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=AdditionalFundingForm,
        owner=contract,
        instance=funding,
        title=f"Change {funding.source}",
        steps=[("Additional funding", records_url("additional_funding", contract))],
        section="additional_funding",
        saved=lambda _record: records_url("additional_funding", contract),
    )
