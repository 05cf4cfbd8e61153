from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from .access import (
    contract_for,
    may_change_contract,
    may_change_localities,
    may_import,
    may_see_records,
)
from .forms import settings_form_for
from .models import Contract, Organisation, Role
from .services import save_contract_settings
from .templatetags.tamar import pounds


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role == Role.PANEL_MEMBER:
        # A panel member's home is their grant rounds (funds4care's panel pages, which
        # contracts may not import: it sits below funds4care).
        return redirect("f4c_panel:home")
    contracts = (
        Contract.objects.visible_to(user).select_related("commissioner", "provider").order_by("ref")
    )
    return render(
        request,
        "contracts/home.html",
        {
            "contracts": contracts,
        },
    )


def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "can_edit": may_change_contract(request.user, contract),
            "can_edit_localities": may_change_localities(request.user, contract),
            "may_see_records": may_see_records(request.user),
            "may_import": may_import(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    form_class = settings_form_for(request.user, contract)
    if form_class is None:
        # They may see the contract, so it is no secret: say plainly they may not change it.
        raise PermissionDenied(
            "Only the commissioner can change a contract's settings, and the provider's "
            "managers its localities."
        )
    if request.method == "POST":
        form = save_contract_settings(contract=contract, data=request.POST, by=request.user)
        if form.is_valid():
            messages.success(request, "The contract's settings were saved.")
            return redirect(contract)
    else:
        form = form_class(instance=contract)
    only_localities = "localities" in form.fields and "title" not in form.fields
    return render(
        request,
        "contracts/contract_edit.html",
        {
            "contract": contract,
            "form": form,
            "section": "Change localities and retention"
            if only_localities
            else "Change details and settings",
        },
    )


def contract_history(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    records = list(contract.history.select_related("history_user").order_by("-history_date"))
    fields = {field.name: field for field in Contract._meta.fields}
    pairs = zip(records, [*records[1:], None], strict=True)
    # Each record is compared with the one before it in the list already fetched: no query
    # per row (simple_history's prev_record would ask the database for each).
    raw = [
        (record, record.diff_against(previous).changes if previous else [])
        for record, previous in pairs
    ]
    # The organisations a change names, fetched once for the whole page.
    org_ids = {
        value
        for _record, changes in raw
        for change in changes
        if fields.get(change.field) and fields[change.field].is_relation
        for value in (change.old, change.new)
        if value is not None
    }
    org_names = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    changes = [
        {
            "record": record,
            "diffs": [
                {
                    "field": getattr(fields.get(change.field), "verbose_name", change.field),
                    "old": shown_value(fields.get(change.field), change.old, org_names),
                    "new": shown_value(fields.get(change.field), change.new, org_names),
                }
                for change in diffs
            ],
        }
        for record, diffs in raw
    ]
    return render(
        request, "contracts/contract_history.html", {"contract": contract, "changes": changes}
    )


def shown_value(field, value, org_names: dict[int, str]) -> str:
    """A contract field's value as the contract page shows it: 0 is a value, not "(empty)"."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if field is None:
        return str(value)
    if field.is_relation:
        return org_names.get(value, f"organisation {value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DecimalField):
        return pounds(value)
    if isinstance(field, models.DateField):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
