"""The coordinator's overview of peer mentoring: mentors by status, matches due a review,
mentees waiting for a match and for how long, and what mentors are due (supervision, DBS,
training). Commissioners see it too, by reference: never a mentor's or mentee's name."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from contracts.access import may_see_records

from ..access import mentoring_contract
from ..services import (
    AVAILABLE,
    IN_TRAINING,
    LEFT,
    MATCHED,
    MENTOR_STATUSES,
    how_long,
    matches_active_on,
    mentors_with_state,
    with_review_due,
    with_review_facts,
    with_states,
)
from ..training import REQUIRED_MODULES
from .common import mentoring_trail


@require_safe
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    contract = mentoring_contract(request, pk)
    today = timezone.localdate()
    mentors = with_states(mentors_with_state(contract, today), today)
    by_status = {status: [] for status in MENTOR_STATUSES}
    for mentor in mentors:
        by_status[mentor.state.status].append(mentor)
    running = with_review_due(
        with_review_facts(contract.matches.filter(matches_active_on(today))), contract, today
    )
    reviews_due = sorted(
        (match for match in running if match.review.date and match.review.soon),
        key=lambda match: match.review.date,
    )
    waiting = list(
        contract.mentee_referrals.filter(match__isnull=True, withdrawn_date__isnull=True)
        .select_related("young_person")
        .order_by("referral_date", "ref")
    )
    for referral in waiting:
        referral.waited = how_long((today - referral.referral_date).days)
    working = by_status[AVAILABLE] + by_status[MATCHED]
    in_training = sorted(
        by_status[IN_TRAINING], key=lambda mentor: (-mentor.state.modules_done, mentor.name)
    )
    return render(
        request,
        "mentoring/overview.html",
        {
            "contract": contract,
            "named": may_see_records(request.user),
            "today": today,
            "statuses": [(code, label, by_status[code]) for code, label in MENTOR_STATUSES.items()],
            "counts": {code: len(rows) for code, rows in by_status.items()},
            "in_training": in_training,
            "modules_required": len(REQUIRED_MODULES),
            "left_count": len(by_status[LEFT]),
            "running_count": len(running),
            "reviews_due": reviews_due,
            "waiting": waiting,
            "supervision_due": [m for m in working if m.state.supervision_overdue],
            "dbs_due": [m for m in mentors if m.state.dbs in ("missing", "overdue", "due")],
            "part": "overview",
            "section": "mentoring",
            "trail": mentoring_trail(contract),
        },
    )
