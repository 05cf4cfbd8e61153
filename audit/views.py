"""Who saw this young person: the audit's rows naming them, newest first, for administrators.
Everyone else gets 404, as for any page they cannot see."""

from __future__ import annotations

import csv
import io

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from contracts.access import contract_for
from contracts.models import Contract, YoungPerson

from .models import AuditEvent

PAGE_SIZE = 50
# A spreadsheet runs a cell starting with one of these as a formula (a user agent is typed
# by whoever sends the request).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "when", "username", "name", "what", "page", "address", "status", "IP address", "user agent"
)  # fmt: skip


def may_read_audit(user) -> bool:
    """Administrators read the audit (Tamar has no data-protection officer's role yet)."""
    return user.is_authenticated and user.is_administrator


def _young_person(request: HttpRequest, pk: int, young_person_pk: int):
    if not may_read_audit(request.user):
        raise Http404("No such page.")
    contract = contract_for(request, pk)
    person = get_object_or_404(contract.young_people, pk=young_person_pk)
    return contract, person


def events_naming(person: YoungPerson):
    return (
        AuditEvent.objects.filter(young_person_pk=person.pk)
        .select_related("user")
        .order_by("-at", "-id")
    )


@require_safe
def young_person_audit(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
    contract, person = _young_person(request, pk, young_person_pk)
    page = Paginator(events_naming(person), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/young_person.html",
        {
            "contract": contract,
            "person": person,
            "page": page,
            "section": "young_people",
            "trail": _trail(contract, person),
        },
    )


def _trail(contract: Contract, person: YoungPerson) -> list[tuple[str, str | None]]:
    return [
        ("Contracts", reverse("home")),
        (contract.ref, contract.get_absolute_url()),
        ("Young people", reverse("contracts:young_people", args=[contract.pk])),
        (
            person.full_name,
            reverse("contracts:young_person_detail", args=[contract.pk, person.pk]),
        ),
        ("Who saw this young person", None),
    ]


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@require_safe
def young_person_audit_csv(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
    contract, person = _young_person(request, pk, young_person_pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in events_naming(person).iterator(chunk_size=2000):
        name = event.user.get_full_name() if event.user else "(account deleted)"
        writer.writerow(
            csv_cell(value)
            for value in (
                timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M:%S"),
                event.username,
                name,
                event.get_kind_display(),
                event.url_name,
                event.path,
                event.status_code,
                event.ip_address,
                event.user_agent,
            )
        )
    filename = f"{slugify(contract.ref)}-{slugify(person.ref)}-seen-by.csv"
    # A byte-order mark, so Excel reads the UTF-8 correctly.
    return HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(True, filename),
            "Cache-Control": "private, no-store",
        },
    )
