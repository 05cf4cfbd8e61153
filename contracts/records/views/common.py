"""What the records screens share: breadcrumbs, addresses, paging, and showing and saving a
record's form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from contracts.models import Contract

from ..forms import LOCALITY_LIST_ID, RecordForm

PAGE_SIZE = 25

Trail = list[tuple[str, str | None]]
View = Callable[..., HttpResponse]


def trail(contract: Contract, *steps: tuple[str, str | None]) -> Trail:
    """Breadcrumbs from the home page through the contract; the last step is this page."""
    return [("Contracts", reverse("home")), (contract.ref, contract.get_absolute_url()), *steps]


def records_url(name: str, contract: Contract, **kwargs: int) -> str:
    return reverse(f"contracts:{name}", kwargs={"pk": contract.pk, **kwargs})


def paginate(request: HttpRequest, records: QuerySet) -> Page:
    return Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))


def edit_record(
    request: HttpRequest,
    *,
    contract: Contract,
    form_class: type[RecordForm],
    owner: Any,
    instance: Any = None,
    title: str,
    steps: Trail,
    section: str,
    saved: Callable[[Any], str],
    form_kwargs: dict[str, Any] | None = None,
    template: str = "contracts/records/record_form.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a record's form, and save it when it is valid; `saved(record)` is where to go next.

    The form checks the record's keys and dates, so a person sees a message beside the field;
    the database constraints stay the last word if two people save the same key at once.
    Another app's pages give their own `template` (and `context`) around the same form.
    """
    extra = form_kwargs or {}
    if request.method == "POST":
        form = form_class(request.POST, instance=instance, owner=owner, **extra)
        if form.is_valid():
            try:
                with transaction.atomic():
                    record = form.save()
            except IntegrityError:
                form.add_error(
                    None,
                    "Someone has just saved a record that clashes with this one. "
                    "Check the list and try again.",
                )
            else:
                messages.success(request, f"{record} was saved.")
                return redirect(saved(record))
    else:
        form = form_class(instance=instance, owner=owner, **extra)
    cancel = steps[-1][1] if steps else contract.get_absolute_url()
    return render(
        request,
        template,
        {
            **(context or {}),
            "contract": contract,
            "form": form,
            "title": title,
            "trail": trail(contract, *steps, (title, None)),
            "section": section,
            "cancel_url": cancel,
            "locality_list_id": LOCALITY_LIST_ID,
        },
    )
