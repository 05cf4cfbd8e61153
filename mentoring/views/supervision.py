"""Mentors' supervision: the list, newest first, and recording one (1-1, group or a
peer-support meeting) with the mentors who were there and its standing items."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from contracts.records.views.common import paginate

from ..access import contract_for_mentoring
from ..forms.mentors import NONE_RAISED, SupervisionForm, say
from ..models import Supervision, SupervisionMentor
from .common import mentoring_trail, url


def raised(text: str) -> bool:
    """Whether a standing item says something other than "None raised"."""
    said = text.strip().rstrip(".").strip().lower()
    return bool(said) and said not in {NONE_RAISED.lower(), "none", "nothing raised"}


def concerns_of(supervision: Supervision) -> list[str]:
    """Short flags for the standing items that raised something."""
    flags = []
    if raised(supervision.risk):
        flags.append("Risk discussed")
    if raised(supervision.safeguarding):
        flags.append("Safeguarding discussed")
    return flags


@require_safe
def supervisions(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    present = SupervisionMentor.objects.select_related("mentor").order_by("mentor__name")
    page = paginate(
        request,
        contract.mentor_supervisions.order_by("-date", "-pk").prefetch_related(
            Prefetch("present", queryset=present)
        ),
    )
    for supervision in page:
        supervision.concerns = concerns_of(supervision)
    return render(
        request,
        "mentoring/supervision_list.html",
        {
            "contract": contract,
            "page": page,
            "part": "supervision",
            "section": "mentoring",
            "trail": mentoring_trail(contract, ("Supervision", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def supervision_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    chosen = request.GET.get("mentor", "")
    mentor = None
    if chosen.isdigit():
        mentor = contract.mentors.filter(pk=int(chosen)).first()
    back = (
        url("mentor_detail", contract, mentor_pk=mentor.pk)
        if mentor
        else url("supervisions", contract)
    )
    if request.method == "POST":
        form = SupervisionForm(request.POST, owner=contract)
        if form.is_valid():
            form.instance.recorded_by = request.user
            with transaction.atomic():
                supervision = form.save()
            names = [m.name for m in form.cleaned_data["mentors"]]
            messages.success(
                request, f"Supervision on {say(supervision.date)} recorded for {and_list(names)}."
            )
            return redirect(back)
    else:
        initial = {"led_by": request.user.get_full_name() or request.user.get_username()}
        if mentor is not None:
            initial["mentors"] = [mentor.pk]
        form = SupervisionForm(owner=contract, initial=initial)
    title = "Record supervision"
    steps = [("Supervision", url("supervisions", contract))]
    if mentor is not None:
        steps = [
            ("Mentors and training", url("mentors", contract)),
            (mentor.name, back),
        ]
    return render(
        request,
        "mentoring/form.html",
        {
            "contract": contract,
            "form": form,
            "title": title,
            "intro": "Mentors are supervised at least monthly. Risk, safeguarding and "
            "wellbeing are standing items: say what was discussed, or \u201cNone raised\u201d.",
            "cancel_url": back,
            "part": "supervision",
            "section": "mentoring",
            "trail": mentoring_trail(contract, *steps, (title, None)),
        },
    )


def and_list(names: list[str]) -> str:
    """Ann, Bo and Cy."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
