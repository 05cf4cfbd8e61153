"""A contract's matches: the list (running, ended), a match's page (goals, reviews, the
appointments the mentor supported, how it ended), and adding a goal, a review, an appointment
or closing it. Reviews and closing go through mentoring.services, which hold the rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from contracts.models import Contract
from contracts.records.views.common import edit_record, paginate

from ..access import contract_for_mentoring
from ..codes import ACHIEVED
from ..forms.matches import AppointmentForm, CloseForm, GoalForm, ReviewForm
from ..models import GoalProgress, Match, MatchGoal, SupportedAppointment
from ..services import (
    MentoringRefused,
    close_match,
    record_review,
    review_due,
    with_review_due,
    with_review_facts,
)
from .common import match_of, mentoring_trail, show_form, url

STATES = {"running": "Running", "ended": "Ended", "all": "All matches"}


def ended_by(today: date) -> Q:
    """Matches over by `today`: closed on or before it, or past their 12 months."""
    return Q(end_date__lte=today) | Q(end_date__isnull=True, limit_date__lt=today)


def has_ended(match: Match, today: date) -> bool:
    return (match.end_date is not None and match.end_date <= today) or match.runs_to < today


def counted(model: type, **filters: Any) -> Coalesce:
    """How many of a match's goals or appointments: a subquery, so no join multiplies rows."""
    rows = (
        model.objects.filter(match=OuterRef("pk"), **filters)
        .order_by()
        .values("match")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def matches_step(contract: Contract) -> tuple[str, str]:
    return ("Matches", url("matches", contract))


def match_steps(contract: Contract, match: Match) -> list[tuple[str, str | None]]:
    return [matches_step(contract), (f"Match {match.ref}", match_url(match))]


def match_url(match: Match) -> str:
    return url("match_detail", match.contract, match_pk=match.pk)


@require_safe
def matches(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    today = timezone.localdate()
    state = request.GET.get("state", "running")
    if state not in STATES:
        state = "running"
    over = ended_by(today)
    counts = contract.matches.aggregate(
        all=Count("pk"), ended=Count("pk", filter=over), running=Count("pk", filter=~over)
    )
    rows = contract.matches.all()
    if state == "running":
        rows = rows.exclude(over)
    elif state == "ended":
        rows = rows.filter(over)
    rows = with_review_facts(rows).annotate(
        goal_count=counted(MatchGoal),
        achieved_count=counted(MatchGoal, achieved_date__isnull=False),
        appointment_count=counted(SupportedAppointment),
    )
    page = paginate(request, rows.order_by("-start_date", "ref"))
    page.object_list = with_review_due(page.object_list, contract, today)
    return render(
        request,
        "mentoring/match_list.html",
        {
            "contract": contract,
            "today": today,
            "states": [(key, label, counts[key]) for key, label in STATES.items()],
            "state": state,
            "state_label": STATES[state],
            "page": page,
            "part": "matches",
            "section": "mentoring",
            "trail": mentoring_trail(contract, ("Matches", None)),
        },
    )


@require_safe
def match_detail(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    today = timezone.localdate()
    match = get_object_or_404(
        with_review_facts(contract.matches.select_related("mentor__young_person", "referral")),
        pk=match_pk,
    )
    latest_first = GoalProgress.objects.select_related("review").order_by(
        "-review__date", "-review__pk"
    )
    goals = list(match.goals.prefetch_related(Prefetch("progress", queryset=latest_first)))
    for goal in goals:
        progress = list(goal.progress.all())
        goal.latest = progress[0] if progress else None
    reviews = list(
        match.reviews.select_related("reviewed_by").prefetch_related(
            Prefetch("progress", queryset=GoalProgress.objects.select_related("goal"))
        )
    )
    appointments = list(match.appointments.order_by("-date", "appointment_type"))
    try:
        referral = match.referral
    except Match.referral.RelatedObjectDoesNotExist:
        referral = None
    return render(
        request,
        "mentoring/match_detail.html",
        {
            "contract": contract,
            "match": match,
            "referral": referral,
            "review": review_due(contract, match, match.last_review, match.set_next, today),
            "ended": has_ended(match, today),
            "closed": match.end_date is not None,
            "goals": goals,
            "achieved_count": sum(1 for goal in goals if goal.achieved_date),
            "reviews": reviews,
            "appointments": appointments,
            "today": today,
            "part": "matches",
            "section": "mentoring",
            "trail": mentoring_trail(
                contract, matches_step(contract), (f"Match {match.ref}", None)
            ),
        },
    )


def refuse_if_ended(request: HttpRequest, match: Match, what: str) -> HttpResponse | None:
    """A redirect to the match's page, with why, when the match is over; else None."""
    if not has_ended(match, timezone.localdate()):
        return None
    messages.error(request, f"Match {match.ref} ended on {match.runs_to:%-d %B %Y}: {what}")
    return redirect(match_url(match))


@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    match = match_of(contract, match_pk)
    refused = refuse_if_ended(request, match, "no more goals can be added.")
    if refused:
        return refused
    return edit_record(
        request,
        contract=contract,
        form_class=GoalForm,
        owner=match,
        title=f"Add a goal to match {match.ref}",
        steps=[("Peer mentoring", url("overview", contract)), *match_steps(contract, match)],
        section="mentoring",
        saved=lambda goal: match_url(match),
        template="mentoring/form.html",
        context={"part": "matches"},
    )


@require_http_methods(["GET", "POST"])
def appointment_add(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    """An appointment the mentor supported: one may be recorded after the match ended, on a
    day within it."""
    contract = contract_for_mentoring(request, pk)
    match = match_of(contract, match_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=AppointmentForm,
        owner=match,
        title=f"Record a supported appointment for match {match.ref}",
        steps=[("Peer mentoring", url("overview", contract)), *match_steps(contract, match)],
        section="mentoring",
        saved=lambda appointment: match_url(match),
        template="mentoring/form.html",
        context={
            "part": "matches",
            "intro": f"An appointment {match.mentor.name} went to with "
            f"{match.mentee.first_name}: these count in KPI 1.11.",
        },
    )


@require_http_methods(["GET", "POST"])
def review_add(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    match = match_of(contract, match_pk)
    refused = refuse_if_ended(request, match, "no more reviews can be recorded.")
    if refused:
        return refused
    goals = list(match.goals.filter(achieved_date__isnull=True))
    form = ReviewForm(request.POST or None, contract=contract, match=match, goals=goals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        progress = form.progress()
        try:
            with transaction.atomic():
                record_review(
                    match,
                    day=data["date"],
                    notes=data["notes"].strip(),
                    progress=progress,
                    next_review_date=data["next_review_date"],
                    by=request.user,
                )
        except MentoringRefused as refused_review:
            form.add_error(None, str(refused_review))
        except IntegrityError:
            form.add_error("date", "This match already has a review on this day: one a day.")
        else:
            upcoming = data["next_review_date"]
            said = (
                f"Review recorded; next due {upcoming:%-d %B %Y}."
                if upcoming
                else f"Review recorded; no next review: the match runs to "
                f"{match.runs_to:%-d %B %Y}."
            )
            for goal, state, _note in progress:
                if state == ACHIEVED:
                    said += f" Goal achieved: {goal.text}."
            messages.success(request, said)
            return redirect(match_url(match))
    return show_form(
        request,
        contract,
        form,
        title=f"Record a review of match {match.ref}",
        steps=match_steps(contract, match),
        part="matches",
        template="mentoring/review_form.html",
        match=match,
        goals=goals,
    )


@require_http_methods(["GET", "POST"])
def match_close(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    match = match_of(contract, match_pk)
    if match.end_date is not None:
        messages.error(
            request,
            f"Match {match.ref} was closed already: it ended on {match.end_date:%-d %B %Y}.",
        )
        return redirect(match_url(match))
    form = CloseForm(request.POST or None, match=match)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            close_match(
                match,
                end_date=data["end_date"],
                reason=data["reason"],
                note=data["note"],
                today=timezone.localdate(),
            )
        except MentoringRefused as refused_close:
            form.add_error(None, str(refused_close))
        else:
            messages.success(
                request,
                f"Match {match.ref} closed: it ended on {match.end_date:%-d %B %Y}. "
                f"Why: {match.get_closure_reason_display().lower()}.",
            )
            return redirect(match_url(match))
    return show_form(
        request,
        contract,
        form,
        title=f"Close match {match.ref}",
        steps=match_steps(contract, match),
        part="matches",
        intro=f"{match.mentor.name} and {match.mentee.full_name}, from "
        f"{match.start_date:%-d %B %Y}.",
    )
