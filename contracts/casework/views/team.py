"""The team's pages: key workers and their performance reviews (A2.10), and key workers'
activities (A2.8, A2.9).

Everyone on the provider's staff sees the key workers and records activities. Adding and
changing key workers, and reviewing their performance, are the team manager's (section 4.2.3:
performance is the team manager's and the employing body's to manage). A key worker sees their
own reviews, never a colleague's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_safe

from ...dates import financial_year_around
from ...models import Case, Contract, KeyWorker, KeyWorkerActivity, PerformanceReview
from ...records.views.common import edit_record, paginate, records_url, trail
from ..access import contract_for_casework, contract_for_team_manager, is_team_manager
from ..reviews import ReviewDue, last_day_of_first_year, review_due
from ..team_forms import (
    ActivityFilter,
    ActivityForm,
    KeyWorkerForm,
    PerformanceReviewFilter,
    PerformanceReviewForm,
)

TEAM = "Key workers and reviews"
ACTIVITIES = "Activities"


# Reads --------------------------------------------------------------------------------------


def key_workers_with_reviews(contract: Contract, today: date) -> QuerySet[KeyWorker]:
    """The contract's key workers, each with their open cases and their latest review, in one
    query (subqueries, so no GROUP BY over the key workers and no query per row)."""
    open_cases = (
        Case.objects.filter(key_worker=OuterRef("pk"), start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .order_by()
        .values("key_worker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest = PerformanceReview.objects.filter(key_worker=OuterRef("pk")).order_by("-date")
    return contract.key_workers.select_related("user").annotate(
        open_cases=Coalesce(Subquery(open_cases, output_field=IntegerField()), Value(0)),
        last_review_date=Subquery(latest.values("date")[:1]),
        last_review_satisfactory=Subquery(latest.values("satisfactory")[:1]),
    )


@dataclass(frozen=True)
class KeyWorkerRow:
    key_worker: KeyWorker
    review: ReviewDue


@dataclass(frozen=True)
class SatisfactoryShare:
    """A2.10 for a financial year so far: satisfactory reviews of all reviews dated in it."""

    first_day: date
    last_day: date
    satisfactory: int
    reviews: int

    @property
    def percent(self) -> Decimal | None:
        # Rounded as the return rounds it (kpis.engine.rules.percent): to 0.1, half up.
        if not self.reviews:
            return None
        exact = Decimal(100 * self.satisfactory) / Decimal(self.reviews)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def year(self) -> str:
        return f"{self.first_day.year}/{str(self.last_day.year)[2:]}"


def satisfactory_share(contract: Contract, today: date) -> SatisfactoryShare:
    first, last = financial_year_around(today)
    counts = PerformanceReview.objects.filter(
        key_worker__contract=contract, date__range=(first, last)
    ).aggregate(reviews=Count("pk"), satisfactory=Count("pk", filter=Q(satisfactory=True)))
    return SatisfactoryShare(first, last, counts["satisfactory"], counts["reviews"])


def reviews_visible_to(request: HttpRequest, contract: Contract) -> QuerySet[PerformanceReview]:
    """Every review on the contract for the team manager; a key worker's own for anyone else."""
    reviews = PerformanceReview.objects.filter(key_worker__contract=contract)
    if is_team_manager(request.user):
        return reviews
    return reviews.filter(key_worker__user=request.user)


# Key workers and their reviews --------------------------------------------------------------


@require_safe
def key_workers(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    today = timezone.localdate()
    manager = is_team_manager(request.user)
    rows = [
        KeyWorkerRow(
            key_worker,
            review_due(
                contract_start=contract.start_date,
                last_review=key_worker.last_review_date,
                today=today,
            ),
        )
        for key_worker in key_workers_with_reviews(contract, today)
    ]
    if manager:
        # Overdue first, then the soonest due: the order the manager works through them.
        rows.sort(key=lambda row: (not row.review.overdue, row.review.due, row.key_worker.name))
    return render(
        request,
        "contracts/casework/team/key_worker_list.html",
        {
            "contract": contract,
            "rows": rows,
            "manager": manager,
            "mine": [row for row in rows if row.key_worker.user_id == request.user.pk],
            "share": satisfactory_share(contract, today) if manager else None,
            "first_year_ends": last_day_of_first_year(contract.start_date),
            "section": "team",
            "trail": trail(contract, (TEAM, None)),
        },
    )


def team_url(contract: Contract) -> str:
    return records_url("key_workers", contract)


@require_http_methods(["GET", "POST"])
def key_worker_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_team_manager(request, pk, "add key workers")
    return edit_record(
        request,
        contract=contract,
        form_class=KeyWorkerForm,
        owner=contract,
        title="Add a key worker",
        steps=[(TEAM, team_url(contract))],
        section="team",
        saved=lambda _record: team_url(contract),
    )


@require_http_methods(["GET", "POST"])
def key_worker_edit(request: HttpRequest, pk: int, key_worker_pk: int) -> HttpResponse:
    contract = contract_for_team_manager(request, pk, "change key workers")
    key_worker = get_object_or_404(contract.key_workers, pk=key_worker_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=KeyWorkerForm,
        owner=contract,
        instance=key_worker,
        title=f"Change {key_worker.name}",
        steps=[(TEAM, team_url(contract))],
        section="team",
        saved=lambda _record: team_url(contract),
    )


@require_safe
def performance_reviews(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    manager = is_team_manager(request.user)
    key_workers = contract.key_workers.order_by("name")
    if not manager:
        key_workers = key_workers.filter(user=request.user)
    filterset = PerformanceReviewFilter(
        request.GET or None,
        reviews_visible_to(request, contract)
        .select_related("key_worker", "reviewed_by")
        .order_by("-date", "key_worker__name"),
        key_workers=key_workers,
    )
    return render(
        request,
        "contracts/casework/team/performance_review_list.html",
        {
            "contract": contract,
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "manager": manager,
            "section": "team",
            "trail": trail(contract, (TEAM, team_url(contract)), ("Performance reviews", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def performance_review_add(request: HttpRequest, pk: int, key_worker_pk: int) -> HttpResponse:
    contract = contract_for_team_manager(request, pk, "record performance reviews")
    key_worker = get_object_or_404(contract.key_workers, pk=key_worker_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=PerformanceReviewForm,
        owner=key_worker,
        # Whoever records the review is the reviewer.
        instance=PerformanceReview(reviewed_by=request.user),
        title=f"Record a performance review of {key_worker.name}",
        steps=[(TEAM, team_url(contract))],
        section="team",
        saved=lambda _record: team_url(contract),
    )


@require_http_methods(["GET", "POST"])
def performance_review_edit(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    contract = contract_for_team_manager(request, pk, "change performance reviews")
    review = get_object_or_404(
        PerformanceReview.objects.filter(key_worker__contract=contract).select_related(
            "key_worker"
        ),
        pk=review_pk,
    )
    reviews_url = records_url("performance_reviews", contract)
    return edit_record(
        request,
        contract=contract,
        form_class=PerformanceReviewForm,
        owner=review.key_worker,
        instance=review,
        title=f"Change {review.key_worker.name}'s review of {date_format(review.date, 'j M Y')}",
        steps=[(TEAM, team_url(contract)), ("Performance reviews", reviews_url)],
        section="team",
        saved=lambda _record: reviews_url,
    )


# Activities -------------------------------------------------------------------------------


@require_safe
def activities(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    filterset = ActivityFilter(
        request.GET or None,
        contract.key_worker_activities.select_related("key_worker").order_by("-date", "-pk"),
        contract=contract,
    )
    return render(
        request,
        "contracts/casework/team/activity_list.html",
        {
            "contract": contract,
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "section": "activities",
            "trail": trail(contract, (ACTIVITIES, None)),
        },
    )


def activities_url(contract: Contract) -> str:
    return records_url("activities", contract)


@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    # A key worker usually records their own: their post on this contract is chosen for them.
    own_post = contract.key_workers.filter(user=request.user).first()
    activity = KeyWorkerActivity(key_worker=own_post) if own_post else KeyWorkerActivity()
    return edit_record(
        request,
        contract=contract,
        form_class=ActivityForm,
        owner=contract,
        instance=activity,
        title="Add an activity",
        steps=[(ACTIVITIES, activities_url(contract))],
        section="activities",
        saved=lambda _record: activities_url(contract),
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    activity = get_object_or_404(contract.key_worker_activities, pk=activity_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=ActivityForm,
        owner=contract,
        instance=activity,
        title=f"Change {activity.title}",
        steps=[(ACTIVITIES, activities_url(contract))],
        section="activities",
        saved=lambda _record: activities_url(contract),
    )
