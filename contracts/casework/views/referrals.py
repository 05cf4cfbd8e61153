"""Referrals: the list by what each is waiting for, making one (with the young person's details
when they are new to the team), and the team manager's screening and allocation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ...dates import age_on
from ...models import Contract, Referral
from ...records.forms import LOCALITY_LIST_ID, YoungPersonForm
from ...records.views.common import paginate, records_url, trail
from ..access import contract_for_casework, contract_for_team_manager, is_team_manager
from ..codes import ACCEPTED, PENDING, REFERRAL_SOURCES
from ..forms import AllocationForm, ReferralForm, ScreeningForm
from ..services import (
    CaseworkRefused,
    age_refusal,
    allocate,
    key_workers_with_caseloads,
    open_cases,
    referral_counts,
    screen,
    young_person_for,
)

# The list's views: what a referral is waiting for.
VIEWS = {
    "waiting": ("Waiting for screening", Q(decision=PENDING)),
    "to_allocate": ("To allocate", Q(decision=ACCEPTED, case__isnull=True)),
    "allocated": ("Allocated", Q(decision=ACCEPTED, case__isnull=False)),
    "refused": ("Declined or signposted", Q(decision__in=["declined", "signposted"])),
    "all": ("All referrals", Q()),
}


def referral_of(contract: Contract, referral_pk: int) -> Referral:
    return get_object_or_404(
        contract.referrals.select_related("young_person", "decided_by", "case__key_worker"),
        pk=referral_pk,
    )


def referral_url(referral: Referral) -> str:
    return records_url("referral_detail", referral.contract, referral_pk=referral.pk)


@require_safe
def referrals(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    counts = referral_counts(contract)
    shown = request.GET.get("show")
    if shown not in VIEWS:
        shown = "waiting" if counts["waiting"] else "all"
    page = paginate(
        request,
        contract.referrals.filter(VIEWS[shown][1])
        .select_related("young_person", "case")
        .order_by("-referral_date", "-ref"),
    )
    for referral in page:
        referral.age = age_on(referral.young_person.date_of_birth, referral.referral_date)
    return render(
        request,
        "contracts/casework/referral_list.html",
        {
            "contract": contract,
            "page": page,
            "views": [(key, label) for key, (label, _q) in VIEWS.items()],
            "shown": shown,
            "shown_label": VIEWS[shown][0],
            "counts": counts,
            "is_manager": is_team_manager(request.user),
            "sources": REFERRAL_SOURCES,
            "section": "referrals",
            "trail": trail(contract, ("Referrals", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A referral for a young person the team knows (?young_person=), or for someone new: then
    their details are asked for on the same page, and nothing is saved unless both are right,
    so a referral refused for age leaves no record of the young person behind."""
    contract = contract_for_casework(request, pk)
    asked = request.POST.get("young_person") or request.GET.get("young_person")
    person = young_person_for(contract, asked)
    data = request.POST if request.method == "POST" else None
    person_form = None if person else YoungPersonForm(data, owner=contract, prefix="person")
    referral_form = ReferralForm(data, owner=contract, prefix="referral")
    if person_form is not None:
        person_form.helper.form_tag = False
        person_form.helper.layout.fields.pop()  # its own Save button: one button saves both
    referral_form.helper.form_tag = False
    referral_form.helper.layout.fields.pop()
    if request.method == "POST":
        both_valid = referral_form.is_valid() & (person_form is None or person_form.is_valid())
        born = person.date_of_birth if person else person_form.cleaned_data.get("date_of_birth")
        referred = referral_form.cleaned_data.get("referral_date")
        refusal = age_refusal(born, referred) if born and referred else None
        if refusal:
            referral_form.add_error("referral_date", refusal)
            if person_form is not None:
                person_form.add_error(
                    "date_of_birth", "Check the date of birth: " + refusal[0].lower() + refusal[1:]
                )
        if both_valid and not refusal:
            try:
                with transaction.atomic():
                    if person_form is not None:
                        person = person_form.save()
                    referral_form.instance.young_person = person
                    referral = referral_form.save()
            except IntegrityError:
                referral_form.add_error(
                    None,
                    "Someone has just saved a record that clashes with this one. Check the "
                    "referrals and try again.",
                )
            else:
                messages.success(
                    request,
                    f"Referral {referral.ref} for {person.full_name} was saved: it waits for "
                    "the team manager's screening.",
                )
                return redirect(referral_url(referral))
    steps = [("Referrals", records_url("referrals", contract))]
    return render(
        request,
        "contracts/casework/referral_form.html",
        {
            "contract": contract,
            "person": person,
            "already": already_with_the_team(contract, person),
            "person_form": person_form,
            "referral_form": referral_form,
            "locality_list_id": LOCALITY_LIST_ID,
            "title": f"Refer {person.full_name}" if person else "Make a referral",
            "section": "referrals",
            "trail": trail(contract, *steps, ("New referral", None)),
            "cancel_url": steps[-1][1],
        },
    )


def already_with_the_team(contract: Contract, person) -> list[str]:
    """What the team already has open for a known young person, to say before a second
    referral is made: their open case, or a referral still waiting."""
    if person is None:
        return []
    today = timezone.localdate()
    said = [
        f"Case {case.ref} is open with {case.key_worker.name} since {case.start_date:%d/%m/%Y}."
        for case in open_cases(contract, today)
        .filter(young_person=person)
        .select_related("key_worker")
    ]
    said += [
        f"Referral {referral.ref} of {referral.referral_date:%d/%m/%Y} is waiting for "
        f"{'screening' if referral.decision == PENDING else 'a key worker'}."
        for referral in contract.referrals.filter(young_person=person).filter(
            Q(decision=PENDING) | Q(decision=ACCEPTED, case__isnull=True)
        )
    ]
    return said


@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    """A referral, and for the team manager its screening while it waits."""
    contract = contract_for_casework(request, pk)
    referral = referral_of(contract, referral_pk)
    manager = is_team_manager(request.user)
    form = None
    if referral.decision == PENDING and manager:
        form = ScreeningForm(request.POST or None, referral=referral)
        if request.method == "POST" and form.is_valid():
            try:
                screen(
                    referral,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["decision_note"],
                    by=request.user,
                    on=form.cleaned_data["decision_date"],
                )
            except CaseworkRefused as refusal:
                messages.error(request, str(refusal))
                return redirect(referral_url(referral))
            if referral.decision == ACCEPTED:
                messages.success(
                    request, f"Referral {referral.ref} accepted: now choose the key worker."
                )
                return redirect(records_url("referral_allocate", contract, referral_pk=referral.pk))
            messages.success(
                request, f"Referral {referral.ref}: {referral.get_decision_display().lower()}."
            )
            return redirect(referral_url(referral))
    elif request.method == "POST":
        if referral.decision != PENDING:
            messages.error(request, "This referral has already been screened.")
            return redirect(referral_url(referral))
        raise PermissionDenied("Only the team manager (a provider manager) can screen referrals.")
    case = getattr(referral, "case", None)
    return render(
        request,
        "contracts/casework/referral_detail.html",
        {
            "contract": contract,
            "referral": referral,
            "person": referral.young_person,
            "age": age_on(referral.young_person.date_of_birth, referral.referral_date),
            "case": case,
            "form": form,
            "is_manager": manager,
            "section": "referrals",
            "trail": trail(
                contract,
                ("Referrals", records_url("referrals", contract)),
                (f"Referral {referral.ref}", None),
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_allocate(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    contract = contract_for_team_manager(request, pk, "allocate cases")
    referral = referral_of(contract, referral_pk)
    if referral.decision != ACCEPTED:
        messages.error(request, "Only an accepted referral can be allocated: screen it first.")
        return redirect(referral_url(referral))
    if getattr(referral, "case", None) is not None:
        messages.info(request, f"Referral {referral.ref} is already allocated.")
        return redirect(referral_url(referral))
    today = timezone.localdate()
    workers = key_workers_with_caseloads(contract, today)
    form = AllocationForm(
        request.POST or None, referral=referral, key_workers=workers, caseload=contract.caseload
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = allocate(
                referral,
                key_worker=form.cleaned_data["key_worker"],
                start_date=form.cleaned_data["start_date"],
                by=request.user,
            )
        except CaseworkRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(referral_url(referral))
        messages.success(
            request,
            f"Case {case.ref} opened: {referral.young_person.full_name} is allocated to "
            f"{case.key_worker.name}.",
        )
        return redirect(records_url("case_detail", contract, case_pk=case.pk))
    return render(
        request,
        "contracts/casework/allocate.html",
        {
            "contract": contract,
            "referral": referral,
            "person": referral.young_person,
            "form": form,
            "section": "referrals",
            "trail": trail(
                contract,
                ("Referrals", records_url("referrals", contract)),
                (f"Referral {referral.ref}", referral_url(referral)),
                ("Allocate", None),
            ),
        },
    )
