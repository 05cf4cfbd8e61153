"""The team's caseloads against the contract's setting, and a key worker's own cases with the
contacts they have to write up."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ...access import may_see_records
from ...dates import add_working_days, financial_year_around
from ...models import Case, Contact, Contract, PlannedContact, PlanReview, SupportPlan
from ...records.views.common import trail
from ..access import casework_contract, contract_for_casework, is_team_manager
from ..services import (
    Involvement,
    key_workers_with_caseloads,
    open_cases,
    referral_counts,
    upcoming,
    waiting_to_record,
)


def with_case_facts(cases, today: date):
    """Cases with what their rows show: young person and key worker, the last contact, planned
    contacts waiting to be recorded, and when the current support plan is due a review. One
    query with a subquery each, however many cases (no join multiplies the rows)."""
    latest_plan = SupportPlan.objects.filter(case=OuterRef("pk")).order_by("-agreed_date", "-pk")
    latest_review = PlanReview.objects.filter(plan=Subquery(latest_plan.values("pk")[:1])).order_by(
        "-date", "-pk"
    )
    return cases.select_related("young_person", "key_worker").annotate(
        last_contact=Subquery(
            Contact.objects.filter(case=OuterRef("pk"))
            .order_by("-contact_date")
            .values("contact_date")[:1]
        ),
        to_record=Coalesce(
            Subquery(
                PlannedContact.objects.filter(
                    case=OuterRef("pk"), contact__isnull=True, date__lte=today
                )
                .order_by()
                .values("case")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
        plan_review_date=Subquery(latest_plan.values("review_date")[:1]),
        last_review_date=Subquery(latest_review.values("date")[:1]),
        last_review_next=Subquery(latest_review.values("next_review_date")[:1]),
    )


def annotate_rows(cases, contract: Contract, today: date) -> list[Case]:
    rows = list(cases)
    for case in rows:
        case.involvement = Involvement.of(case, contract, today)
        if getattr(case, "last_review_date", None):
            due = case.last_review_next  # None: the last review set no next one
        else:
            due = getattr(case, "plan_review_date", None)
        case.plan_review_due = due
        case.plan_review_overdue = due is not None and due < today and case.end_date is None
    return rows


@require_safe
def caseloads(request: HttpRequest, pk: int) -> HttpResponse:
    """Each key worker's open cases against the caseload. Commissioners see it too, by
    reference: no young person's name."""
    contract = casework_contract(request, pk)
    today = timezone.localdate()
    named = may_see_records(request.user)
    if not named and not (request.user.is_commissioner):
        # Panel members never reach a contract (visible_to): only commissioners are left.
        contract = contract_for_casework(request, pk)
    workers = list(key_workers_with_caseloads(contract, today))
    cases = annotate_rows(
        with_case_facts(open_cases(contract, today), today).order_by("start_date", "ref"),
        contract,
        today,
    )
    by_worker: dict[int, list[Case]] = {}
    for case in cases:
        by_worker.setdefault(case.key_worker_id, []).append(case)
    for worker in workers:
        worker.open_cases = by_worker.get(worker.pk, [])
        worker.over = worker.open_count > contract.caseload
        worker.at = worker.open_count == contract.caseload
        worker.share = min(100, round(100 * worker.open_count / contract.caseload))
    year_start, _year_end = financial_year_around(today)
    closed = annotate_rows(
        contract.cases.filter(end_date__gte=year_start, end_date__lte=today)
        .select_related("young_person", "key_worker")
        .order_by("-end_date", "ref"),
        contract,
        today,
    )
    return render(
        request,
        "contracts/casework/caseloads.html",
        {
            "contract": contract,
            "workers": workers,
            "open_total": len(cases),
            "flagged_open": sum(1 for case in cases if case.involvement.flag),
            "closed": closed,
            "flagged_closed": sum(1 for case in closed if case.involvement.flag),
            "year_start": year_start,
            "named": named,
            "counts": referral_counts(contract) if named else None,
            "is_manager": is_team_manager(request.user),
            "today": today,
            "section": "caseloads",
            "trail": trail(contract, ("Caseloads", None)),
        },
    )


@require_safe
def my_cases(request: HttpRequest, pk: int) -> HttpResponse:
    """A key worker's open cases, the contacts they have had and not yet written up (oldest
    first, with the day each is due by under the contract's timeframe), and what is planned.
    Someone who is not a key worker on this contract (the team manager) sees the whole team's."""
    contract = contract_for_casework(request, pk)
    today = timezone.localdate()
    posts = list(contract.key_workers.filter(user=request.user))
    cases = open_cases(contract, today)
    if posts:
        cases = cases.filter(key_worker__in=posts)
    rows = annotate_rows(
        with_case_facts(cases, today).order_by("young_person__last_name", "ref"), contract, today
    )
    waiting = list(waiting_to_record(cases, today).select_related("case__key_worker"))
    for planned in waiting:
        planned.due_by = add_working_days(planned.date, contract.record_timeframe_days)
        planned.overdue = today > planned.due_by
    first_visit = PlannedContact.objects.filter(case__in=cases).aggregate(first=Min("date"))
    return render(
        request,
        "contracts/casework/my_cases.html",
        {
            "contract": contract,
            "posts": posts,
            "cases": rows,
            "waiting": waiting,
            "overdue_count": sum(1 for planned in waiting if planned.overdue),
            "upcoming": list(upcoming(cases, today)[:20]),
            "has_plans": first_visit["first"] is not None,
            "is_manager": is_team_manager(request.user),
            "today": today,
            "section": "my_cases",
            "trail": trail(contract, ("My cases" if posts else "The team's cases", None)),
        },
    )
