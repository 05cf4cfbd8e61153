"""A young person's privacy page, for administrators (as "Who saw this young person" is:
Tamar has no data-protection officer's role): their subject access export, legal holds, and
erasure. Everyone else gets 404, as for any page they cannot see."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from audit.views import may_read_audit
from contracts.access import contract_for

from .erasure import ErasureRefused, erase_young_person
from .export import file_name, subject_access_zip
from .forms import EraseForm, HoldForm
from .models import Erasure, LegalHold
from .services import HoldRefused, lift_hold, place_hold


def _young_person(request: HttpRequest, pk: int, young_person_pk: int):
    if not may_read_audit(request.user):
        raise Http404("No such page.")
    contract = contract_for(request, pk)
    return contract, get_object_or_404(contract.young_people, pk=young_person_pk)


def _trail(contract, person, here: str, *, linked: bool = False) -> list[tuple[str, str | None]]:
    page = reverse("privacy:young_person", args=[contract.pk, person.pk])
    return [
        ("Contracts", reverse("home")),
        (contract.ref, contract.get_absolute_url()),
        ("Young people", reverse("contracts:young_people", args=[contract.pk])),
        (person.full_name, reverse("contracts:young_person_detail", args=[contract.pk, person.pk])),
        *([("Subject access, holds and erasure", page)] if linked else []),
        (here, None),
    ]


@require_safe
def young_person_privacy(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
    contract, person = _young_person(request, pk, young_person_pk)
    holds = list(
        LegalHold.objects.filter(young_person=person).select_related("placed_by", "lifted_by")
    )
    return render(
        request,
        "privacy/young_person.html",
        {
            "contract": contract,
            "person": person,
            "holds": holds,
            "hold_in_force": next((h for h in holds if h.lifted_at is None), None),
            "erasures": list(
                Erasure.objects.filter(young_person_pk=person.pk).select_related("by")
            ),
            "hold_form": HoldForm(),
            "section": "young_people",
            "trail": _trail(contract, person, "Subject access, holds and erasure"),
        },
    )


@require_safe
def export(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
    """The zip; its audit row (a subject access export) is the middleware's."""
    _contract, person = _young_person(request, pk, young_person_pk)
    return HttpResponse(
        subject_access_zip(person=person),
        content_type="application/zip",
        headers={
            "Content-Disposition": content_disposition_header(True, file_name(person)),
            "Cache-Control": "private, no-store",
        },
    )


def hold(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
    # Who may comes first, so a stranger's answer is 404 whatever the method.
    contract, person = _young_person(request, pk, young_person_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            place_hold(person=person, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, f"A legal hold is in force for {person.ref}.")
        except HoldRefused as refused:
            messages.error(request, str(refused))
    else:
        messages.error(request, "Say why the records must be kept.")
    return redirect("privacy:young_person", contract.pk, person.pk)


def lift(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
    # Who may comes first, so a stranger's answer is 404 whatever the method.
    contract, person = _young_person(request, pk, young_person_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        lift_hold(person=person, by=request.user)
        messages.success(request, f"The legal hold on {person.ref} is lifted.")
    except HoldRefused as refused:
        messages.error(request, str(refused))
    return redirect("privacy:young_person", contract.pk, person.pk)


def erase(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
    contract, person = _young_person(request, pk, young_person_pk)
    held = LegalHold.objects.in_force().filter(young_person=person).exists()
    form = EraseForm(request.POST or None, expected=person.ref)
    if request.method == "POST" and not held and form.is_valid():
        try:
            erase_young_person(person=person, by=request.user, reason=form.cleaned_data["reason"])
        except ErasureRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{person.ref} is erased.")
            return redirect("contracts:young_person_detail", contract.pk, person.pk)
    return render(
        request,
        "privacy/erase.html",
        {
            "contract": contract,
            "person": person,
            "form": form,
            "held": held,
            "section": "young_people",
            "trail": _trail(contract, person, "Erase", linked=True),
        },
    )
