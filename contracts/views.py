from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .access import contract_for, may_import, may_see_records
from .forms import ContractSettingsForm
from .models import Contract, Role


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    contracts = (
        Contract.objects.visible_to(user).select_related("commissioner", "provider").order_by("ref")
    )
    return render(
        request,
        "contracts/home.html",
        {
            "contracts": contracts,
            "is_panel_member": user.role == Role.PANEL_MEMBER,
        },
    )


def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    can_edit = Contract.objects.editable_by(request.user).filter(pk=contract.pk).exists()
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "can_edit": can_edit,
            "may_see_records": may_see_records(request.user),
            "may_import": may_import(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    if not Contract.objects.editable_by(request.user).filter(pk=contract.pk).exists():
        # They may see the contract, so it is no secret: say plainly they may not change it.
        raise PermissionDenied("Only the commissioner can change a contract's settings.")
    if request.method == "POST":
        with transaction.atomic():
            # Lock the row so two commissioners saving at once do not overwrite silently.
            locked = Contract.objects.select_for_update().get(pk=contract.pk)
            form = ContractSettingsForm(request.POST, instance=locked)
            if form.is_valid():
                form.save()
                messages.success(request, "The contract's settings were saved.")
                return redirect(contract)
    else:
        form = ContractSettingsForm(instance=contract)
    return render(request, "contracts/contract_edit.html", {"contract": contract, "form": form})


def contract_history(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    records = list(contract.history.select_related("history_user").order_by("-history_date"))
    labels = {field.name: field.verbose_name for field in Contract._meta.fields}
    changes = []
    # Each record is compared with the one before it in the list already fetched: no query
    # per row (simple_history's prev_record would ask the database for each).
    for record, previous in zip(records, [*records[1:], None], strict=True):
        diffs = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                diffs.append(
                    {
                        "field": labels.get(change.field, change.field),
                        "old": change.old,
                        "new": change.new,
                    }
                )
        changes.append({"record": record, "diffs": diffs})
    return render(
        request, "contracts/contract_history.html", {"contract": contract, "changes": changes}
    )
