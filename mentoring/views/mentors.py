"""The coordinator's mentors: the list by status, adding and changing one, a mentor's page
(details, training, matches, supervision and what is due) and recording their training."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from contracts.codes import MENTOR_MODULES
from contracts.models import Contract
from contracts.records.views.common import edit_record, paginate

from ..access import contract_for_mentoring
from ..codes import INTERESTS
from ..forms.mentors import MentorForm, TrainingForm, say
from ..models import Mentor, Supervision
from ..services import (
    IN_TRAINING,
    MENTOR_STATUSES,
    mentor_locality,
    mentors_with_state,
    state_of,
    with_review_due,
    with_review_facts,
    with_states,
)
from ..training import REQUIRED_MODULES, with_training_state
from .common import mentor_of, mentoring_trail, url
from .supervision import concerns_of

MODULE_COUNT = len(REQUIRED_MODULES)


def mentor_steps(contract: Contract, mentor: Mentor | None = None) -> list[tuple[str, str]]:
    steps = [("Mentors and training", url("mentors", contract))]
    if mentor is not None:
        steps.append((mentor.name, url("mentor_detail", contract, mentor_pk=mentor.pk)))
    return steps


@require_safe
def mentors(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    today = timezone.localdate()
    everyone = with_states(mentors_with_state(contract, today), today)
    counts = {code: 0 for code in MENTOR_STATUSES}
    for mentor in everyone:
        counts[mentor.state.status] += 1
        mentor.locality_shown = mentor_locality(mentor)
    status = request.GET.get("status", "")
    if status not in MENTOR_STATUSES:
        status = ""
    rows = [m for m in everyone if not status or m.state.status == status]
    if status == IN_TRAINING:
        # Nearly trained first: the most modules done.
        rows.sort(key=lambda mentor: (-mentor.state.modules_done, mentor.name))
    return render(
        request,
        "mentoring/mentor_list.html",
        {
            "contract": contract,
            "today": today,
            "page": paginate(request, rows),
            "status": status,
            "status_label": MENTOR_STATUSES.get(status, ""),
            "statuses": [(code, label, counts[code]) for code, label in MENTOR_STATUSES.items()],
            "total": len(everyone),
            "module_count": MODULE_COUNT,
            "part": "mentors",
            "section": "mentoring",
            "trail": mentoring_trail(contract, ("Mentors and training", None)),
        },
    )


def young_person_initial(contract: Contract, value: str | None) -> dict:
    """?young_person=<pk>: the mentor-to-be is that young person (of this contract)."""
    if not value or not value.isdigit():
        return {}
    person = contract.young_people.filter(pk=int(value)).first()
    return {"young_person": person.pk, "name": person.full_name} if person else {}


@require_http_methods(["GET", "POST"])
def mentor_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    initial = young_person_initial(contract, request.GET.get("young_person"))
    return edit_record(
        request,
        contract=contract,
        form_class=MentorForm,
        owner=contract,
        title="Add a mentor",
        steps=mentor_steps(contract),
        section="mentoring",
        saved=lambda mentor: url("mentor_detail", contract, mentor_pk=mentor.pk),
        form_kwargs={"initial": initial} if request.method == "GET" else None,
        template="mentoring/form.html",
        context={
            "part": "mentors",
            "intro": "A mentor is one of this contract's young people or an adult volunteer. "
            "They can be matched once they have done all 8 training modules.",
        },
    )


@require_http_methods(["GET", "POST"])
def mentor_edit(request: HttpRequest, pk: int, mentor_pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    mentor = mentor_of(contract, mentor_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=MentorForm,
        owner=contract,
        instance=mentor,
        title=f"Change {mentor.name}'s details",
        steps=mentor_steps(contract, mentor),
        section="mentoring",
        saved=lambda saved: url("mentor_detail", contract, mentor_pk=saved.pk),
        template="mentoring/form.html",
        context={"part": "mentors"},
    )


def training_rows(mentor: Mentor) -> tuple[list[dict], dict[str, date]]:
    """Each required module with its first completion and later refreshers (one query)."""
    done: dict[str, list[date]] = {module: [] for module in REQUIRED_MODULES}
    for row in mentor.training.order_by("completed_date", "pk"):
        done.setdefault(row.module, []).append(row.completed_date)
    rows = [
        {
            "module": module,
            "label": MENTOR_MODULES[module],
            "first": days[0] if days else None,
            "refreshers": days[1:],
        }
        for module, days in done.items()
        if module in MENTOR_MODULES
    ]
    return rows, {row["module"]: row["first"] for row in rows if row["first"]}


@require_safe
def mentor_detail(request: HttpRequest, pk: int, mentor_pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    today = timezone.localdate()
    mentor = get_object_or_404(mentors_with_state(contract, today), pk=mentor_pk)
    mentor.state = state_of(mentor, today)
    modules, _ = training_rows(mentor)
    matches = with_review_due(
        with_review_facts(contract.matches.filter(mentor=mentor)), contract, today
    )
    for match in matches:
        match.active = match.is_active_on(today)
    supervisions = list(
        Supervision.objects.filter(contract=contract, present__mentor=mentor).order_by(
            "-date", "-pk"
        )
    )
    for supervision in supervisions:
        supervision.concerns = concerns_of(supervision)
    return render(
        request,
        "mentoring/mentor_detail.html",
        {
            "contract": contract,
            "mentor": mentor,
            "today": today,
            "adult": mentor.is_adult_on(today),
            "locality": mentor_locality(mentor),
            "interests": [INTERESTS.get(code, code) for code in mentor.interests],
            "modules": modules,
            "module_count": MODULE_COUNT,
            "matches": matches,
            "reviews_due": [m for m in matches if m.review.date and m.review.soon],
            "supervisions": supervisions,
            "part": "mentors",
            "section": "mentoring",
            "trail": mentoring_trail(
                contract, ("Mentors and training", url("mentors", contract)), (mentor.name, None)
            ),
        },
    )


def training_message(mentor: Mentor, recorded: int, was_trained: date | None) -> str:
    fresh = with_training_state(Mentor.objects.filter(pk=mentor.pk)).get()
    said = f"Recorded {recorded} module{'s' if recorded != 1 else ''}."
    if fresh.trained_on is None:
        left = MODULE_COUNT - (fresh.modules_done or 0)
        return f"{said} {left} module{'s' if left != 1 else ''} still to do."
    if was_trained is not None and was_trained == fresh.trained_on:
        return f"{said} {mentor.name} was trained on {say(fresh.trained_on)}."
    return f"{said} {mentor.name} is trained from {say(fresh.trained_on)} and can now be matched."


@require_http_methods(["GET", "POST"])
def training_record(request: HttpRequest, pk: int, mentor_pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    mentor = mentor_of(contract, mentor_pk)
    modules, first = training_rows(mentor)
    was_trained = max(first.values()) if len(first) == MODULE_COUNT else None
    detail = url("mentor_detail", contract, mentor_pk=mentor.pk)
    if request.method == "POST":
        form = TrainingForm(request.POST, mentor=mentor, first=first)
        if form.is_valid():
            try:
                with transaction.atomic():
                    recorded = form.save()
            except IntegrityError:
                form.add_error(
                    None, "Someone has just recorded this training. Check the mentor's page."
                )
            else:
                messages.success(request, training_message(mentor, len(recorded), was_trained))
                return redirect(detail)
        form.mark_invalid()
    else:
        form = TrainingForm(mentor=mentor, first=first)
    return render(
        request,
        "mentoring/training_form.html",
        {
            "contract": contract,
            "mentor": mentor,
            "form": form,
            "modules": modules,
            "module_count": MODULE_COUNT,
            "done_count": len(first),
            "title": f"Record {mentor.name}'s training",
            "cancel_url": detail,
            "part": "mentors",
            "section": "mentoring",
            "trail": mentoring_trail(
                contract, *mentor_steps(contract, mentor), ("Record training", None)
            ),
        },
    )
