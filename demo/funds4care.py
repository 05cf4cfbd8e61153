"""The Cornwall demo's Funds4 Care as its screens show it: a fund for each financial year, a
round every two months with the panel and a rubric the young people wrote, each application in
the round of the day it was submitted, the panel's scores, and the payments of the grants.

On any day the demo is loaded, the round that has just closed waits for the panel: two members
have sent their scores, the demo's own panel member ("panel") has not, so the panel and the
chair (the manager) both have work; the round that is open is taking applications (a draft the
worker started, one submitted). Decisions come one to three weeks after a round closes (the
records of demo.cornwall_mentoring follow the same rounds), and grants are paid within days.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from contracts.models import Contract, User
from contracts.records.refs import next_ref
from funds4care.models import (
    Application,
    ApplicationEvent,
    Criterion,
    Fund,
    Payment,
    Round,
    Score,
    ScoreSheet,
)

GRANTS_A_YEAR = 2  # the fund's default
DECLINED = "The panel felt another way of paying for it should be tried first."
# Two months a round, from April: (first month, name of the months).
ROUND_MONTHS = [
    (4, "April and May"),
    (6, "June and July"),
    (8, "August and September"),
    (10, "October and November"),
    (12, "December and January"),
    (2, "February and March"),
]
# The rubric, as the young people on the panel wrote it: (question, what a 5 looks like, weight).
RUBRIC = [
    ("How much will it help them?", "A 5 makes a real difference to their life.", 3),
    ("Is it good value?", "A 5 is a fair price, and the cheapest way to get it.", 2),
    ("Will it help them join in or learn?", "A 5 opens a door: a club, a course, a job.", 2),
    ("Will it last?", "A 5 is still helping in a year's time.", 1),
]
PAYMENT_METHODS = ["bank_transfer", "supplier", "voucher", "card"]


def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True)
class RoundSpan:
    name: str
    opens_on: date
    closes_on: date


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def round_spans(year: int) -> list[RoundSpan]:
    """The six rounds of a financial year, two months each."""
    spans = []
    for month, months in ROUND_MONTHS:
        first_year = year if month >= 4 else year + 1
        last_month = month + 1 if month < 12 else 1
        last_year = first_year if month < 12 else first_year + 1
        label = (
            f"{months} {last_year}"
            if month != 12
            else f"{months} {first_year}/{last_year % 100:02d}"
        )
        spans.append(
            RoundSpan(label, date(first_year, month, 1), _month_end(last_year, last_month))
        )
    return spans


def round_of_day(day: date) -> RoundSpan:
    return next(span for span in round_spans(financial_year_of(day)) if span.closes_on >= day)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load_demo_funds4care(
    *, contract: Contract, manager: User, worker: User, panel: list[User], today: date
) -> int:
    """The funds, rounds, scores and payments behind the demo's applications; how many rounds
    (none if the contract already has a fund)."""
    if contract.f4c_funds.exists():
        return 0
    rng = random.Random(f"{contract.ref} funds4care")  # noqa: S311 - demo data
    applications = list(contract.f4c_applications.order_by("submitted_date", "pk"))
    first_year = financial_year_of(min(a.submitted_date for a in applications))
    rounds: dict[RoundSpan, Round] = {}
    criteria: dict[int, list[Criterion]] = {}
    for year in range(first_year, financial_year_of(today) + 1):
        fund = Fund.objects.create(contract=contract, financial_year=year)
        for span in round_spans(year):
            if span.opens_on > today:
                break
            made = Round.objects.create(
                fund=fund, name=span.name, opens_on=span.opens_on, closes_on=span.closes_on
            )
            made.panel.set(panel)
            rounds[span] = made
            criteria[made.pk] = Criterion.objects.bulk_create(
                Criterion(round=made, name=name, guidance=guidance, weight=weight, position=n)
                for n, (name, guidance, weight) in enumerate(RUBRIC)
            )
    for application in applications:
        application.round = rounds[round_of_day(application.submitted_date)]
        application.created_by = worker
    Application.objects.bulk_update(applications, ["round", "created_by"])

    sheets, scores, payments, events = [], [], [], []
    ours = panel[0]  # the demo's own panel member: the round just closed waits for them
    for application in applications:
        closed = application.round.closes_on < today
        events.append(_event(application, "submitted", "", "submitted", worker,
                             _at(application.submitted_date, 11)))  # fmt: skip
        if not closed:
            continue
        decided = application.decision != "pending"
        for member in panel:
            if not decided and member == ours:
                continue
            conflicted = rng.random() < 0.03
            sheet = ScoreSheet(
                application=application,
                member=member,
                conflicted=conflicted,
                submitted_at=None
                if conflicted
                else _at(application.round.closes_on, 18) + timedelta(days=rng.randint(1, 6)),
            )
            sheets.append(sheet)
            if conflicted:
                continue
            for criterion in criteria[application.round_id]:
                if rng.random() < 0.08:
                    value = None  # "does not apply"
                else:
                    centre = 4 if application.decision == "approved" else 2
                    value = max(0, min(5, centre + rng.choice([-1, 0, 0, 1])))
                scores.append(Score(sheet=sheet, criterion=criterion, value=value))
        if not decided:
            continue
        events.append(_event(application, application.decision, "submitted",
                             application.decision, manager,
                             _at(application.decision_date, 15)))  # fmt: skip
        if application.decision == "approved":
            paid_on = application.decision_date + timedelta(days=rng.randint(2, 9))
            if paid_on < today:
                payments.append(
                    Payment(
                        application=application,
                        paid_on=paid_on,
                        amount=application.amount_awarded,
                        method=rng.choice(PAYMENT_METHODS),
                        reference=f"F4C-{application.ref}-{paid_on:%y%m%d}",
                        recorded_by=manager,
                    )
                )
                events.append(_event(application, "paid", "approved", "paid", manager,
                                     _at(paid_on, 16)))  # fmt: skip
    ScoreSheet.objects.bulk_create(sheets)
    Score.objects.bulk_create(scores)
    Payment.objects.bulk_create(payments)
    ApplicationEvent.objects.bulk_create(events)
    _applications_coming_in(contract, worker, rounds, today, rng)
    return len(rounds)


def _event(application, action, from_status, to_status, by, at) -> ApplicationEvent:
    return ApplicationEvent(
        application=application,
        action=action,
        from_status=from_status,
        to_status=to_status,
        by=by,
        at=min(at, timezone.now()),
    )


def _applications_coming_in(contract, worker, rounds, today, rng) -> None:
    """The open round's newest: a draft the worker started with a young person."""
    open_round = next((r for r in rounds.values() if r.opens_on <= today <= r.closes_on), None)
    if open_round is None:
        return
    latest = contract.f4c_applications.order_by("-submitted_date").first()
    if latest is None:
        return
    draft = Application.objects.create(
        contract=contract,
        ref=next_ref(Application, contract),
        young_person=latest.young_person,
        round=open_round,
        stage=Application.Stage.DRAFT,
        submitted_date=None,
        amount_requested=Decimal("95.00"),
        purpose="Football boots and shin pads for the club's new season.",
        reason="They have joined the under-16s and train twice a week.",
        quote="Sports shop in Truro: boots £75, shin pads £20.",
        created_by=worker,
    )
    ApplicationEvent.objects.create(
        application=draft, action="created", from_status="", to_status="draft", by=worker
    )
