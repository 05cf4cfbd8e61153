"""A Funds4 Care round's report, for the provider and the council: the round's applications and
what became of them, the money, the panel's average scores, the time from submission to
decision, and the fund's pot month by month across its financial year.

Reads only, in a fixed number of queries whatever the number of applications and panel
members. The panel's averages are funds4care.panel's (scoring.summarise, through
summaries_for); the pot's sums are the ledger's rule (funds4care.services.ledger): committed is
approved and not yet paid, paid is the payments recorded, remaining is the pot less both.

Which applications are the round's, from the applications' history rows (a deferral moves an
application to a later round, so its row alone no longer says where it was):
- received: submitted while the application was in this round;
- carried over: submitted to an earlier round and deferred into this one;
- deferred: in this round once, now in a later one.
Received plus carried over is approved, declined, deferred, withdrawn and pending together.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, Q

from contracts.models import Contract
from funds4care.models import Application, Fund, Round
from funds4care.panel.queries import criteria_of, summaries_for
from funds4care.panel.scoring import Summary, rounded
from funds4care.services.ledger import of_fund

from ..engine.periods import FinancialYear, Period, PeriodState, _add_months, period_state, today

ZERO = Decimal("0.00")
SUBMITTED = Application.Stage.SUBMITTED
WITHDRAWN = Application.Stage.WITHDRAWN

# The table's words for where an application stands, beside Application.status's.
STATUS_WORDS = {
    "submitted": "Pending",
    "approved": "Approved",
    "declined": "Declined",
    "withdrawn": "Withdrawn",
    "paid": "Approved and paid",
}


@dataclass(frozen=True)
class Row:
    """One application of the round, as the report's table shows it."""

    application: Application
    outcome: str  # approved, declined, deferred, withdrawn or pending
    status: str  # in words: "Approved and paid", "Deferred to Summer 2026"
    average: Decimal | None  # the panel's average score, out of 5
    days_to_decision: int | None  # approved or declined: decision day less submission day
    carried_over: bool = False

    @property
    def ref(self) -> str:
        return self.application.ref

    @property
    def awarded(self) -> Decimal | None:
        """The award made in this round (one deferred is awarded, if at all, in another)."""
        return self.application.amount_awarded if self.outcome == "approved" else None

    @property
    def paid(self) -> Decimal | None:
        payment = getattr(self.application, "payment", None)
        return payment.amount if payment is not None and self.outcome == "approved" else None


@dataclass(frozen=True)
class Figures:
    received: int
    carried_over: int
    approved: int
    declined: int
    deferred: int
    withdrawn: int
    pending: int
    requested: Decimal
    awarded: Decimal
    paid: Decimal
    average_approved: Decimal | None
    average_declined: Decimal | None
    median_days: Decimal | None
    longest_days: int | None

    @property
    def decided(self) -> int:
        return self.approved + self.declined


@dataclass(frozen=True)
class PotMonth:
    """The pot at the end of a month of the fund's year (or today, in the month running now)."""

    period: Period
    state: PeriodState
    pot: Decimal
    committed: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.pot - self.committed - self.paid

    @property
    def label(self) -> str:
        return f"{self.period.start:%b %Y}"

    @property
    def on(self) -> date:
        """The day its figures are for: the month's last day, or today while it runs."""
        return self.state.on if self.state.in_progress else self.period.end


@dataclass(frozen=True)
class RoundReport:
    round: Round
    rows: list[Row]
    figures: Figures
    pot: list[PotMonth] = field(default_factory=list)


def round_of(contract: Contract, round_pk: int) -> Round:
    """The round if it is of this contract's fund (the caller has the contract: contract_for)."""
    return Round.objects.select_related("fund").get(pk=round_pk, fund__contract=contract)


def rounds_of_each(round_: Round) -> dict[int, list[tuple[int | None, str, date | None]]]:
    """Application id -> its history, oldest first, as (round, stage, submitted day): for every
    application that was ever in this round. One query."""
    History = Application.history.model
    ever_here = History.objects.filter(round_id=round_.pk).values("id")
    history: dict[int, list[tuple[int | None, str, date | None]]] = {}
    for pk, round_id, stage, submitted in (
        History.objects.filter(id__in=ever_here)
        .order_by("history_date", "history_id")
        .values_list("id", "round_id", "stage", "submitted_date")
    ):
        history.setdefault(pk, []).append((round_id, stage, submitted))
    return history


def submitted_in(rows: list[tuple[int | None, str, date | None]]) -> int | None:
    """The round the application was in when it was first submitted (None: no such row)."""
    return next((round_id for round_id, stage, _day in rows if stage != "draft"), None)


def submitted_while_in(rows: list[tuple[int | None, str, date | None]], round_: Round) -> bool:
    """Whether the application was in `round_` at some time after it was submitted."""
    return any(round_id == round_.pk and stage != "draft" for round_id, stage, _day in rows)


def round_report(round_: Round, *, names: bool) -> RoundReport:
    """The report of `round_`. `names`: whether the young people come along (provider staff);
    a commissioner's report never fetches them, only their references (young_person_ref).

    Queries: the history rows of the applications ever in the round; the applications with
    their rounds and payments; the rubric; the submitted scores; the conflicts; the fund's
    approved grants with their payments (the pot by month)."""
    history = rounds_of_each(round_)
    related = ["round", "payment"] + (["young_person"] if names else [])
    applications = list(
        Application.objects.filter(Q(round=round_) | Q(pk__in=list(history)))
        .exclude(stage=Application.Stage.DRAFT)
        .select_related(*related)
        .annotate(young_person_ref=F("young_person__ref"))
        .order_by("ref", "pk")
    )
    summaries = summaries_for(round_, criteria_of(round_))
    rows = []
    for application in applications:
        here = application.round_id == round_.pk
        past = history.get(application.pk, [])
        if not here and not submitted_while_in(past, round_):
            continue  # in this round only as a draft, then submitted to another
        first = submitted_in(past)
        carried = here and first is not None and first != round_.pk
        rows.append(_row(application, round_, summaries.get(application.pk, Summary()), carried))
    return RoundReport(round_, rows, figures_of(rows), pot_by_month(round_.fund))


def _row(application: Application, round_: Round, summary: Summary, carried: bool) -> Row:
    days = None
    if application.round_id != round_.pk:
        outcome, status = "deferred", f"Deferred to {application.round.name}"
    else:
        outcome = {"submitted": "pending", "paid": "approved"}.get(
            application.status, application.status
        )
        status = STATUS_WORDS.get(application.status, application.status.capitalize())
        if outcome in ("approved", "declined"):
            days = (application.decision_date - application.submitted_date).days
    return Row(application, outcome, status, summary.average, days, carried_over=carried)


def mean(values: list[Decimal]) -> Decimal | None:
    """The mean of the applications' averages, rounded as the panel's are."""
    return rounded(sum(values) / len(values)) if values else None


def median(days: list[int]) -> Decimal | None:
    """The middle number of days (of an even count, halfway between the two middle ones)."""
    if not days:
        return None
    middle = Decimal(str(statistics.median(days)))
    return middle.quantize(Decimal(1) if middle == middle.to_integral() else Decimal("0.1"))


def figures_of(rows: list[Row]) -> Figures:
    def count(outcome: str) -> int:
        return sum(1 for row in rows if row.outcome == outcome)

    def averages(outcome: str) -> list[Decimal]:
        return [row.average for row in rows if row.outcome == outcome and row.average is not None]

    days = [row.days_to_decision for row in rows if row.days_to_decision is not None]
    return Figures(
        received=sum(1 for row in rows if not row.carried_over),
        carried_over=sum(1 for row in rows if row.carried_over),
        approved=count("approved"),
        declined=count("declined"),
        deferred=count("deferred"),
        withdrawn=count("withdrawn"),
        pending=count("pending"),
        requested=sum((row.application.amount_requested for row in rows), ZERO),
        awarded=sum((row.awarded or ZERO for row in rows), ZERO),
        paid=sum((row.paid or ZERO for row in rows), ZERO),
        average_approved=mean(averages("approved")),
        average_declined=mean(averages("declined")),
        median_days=median(days),
        longest_days=max(days, default=None),
    )


def months_of(year: FinancialYear) -> list[Period]:
    return [
        Period(start, _add_months(start, 1) - timedelta(days=1), f"{start:%b %Y}")
        for start in (_add_months(year.start, n) for n in range(12))
    ]


def pot_by_month(fund: Fund, on: date | None = None) -> list[PotMonth]:
    """The fund's pot, committed, paid and remaining at the end of each month of its year that
    has begun (the month running now: to today). The ledger's rule on each day: an award is
    committed from its decision until its payment, then its payment is paid. Against the pot as
    it is set now. One query: the fund's approved grants with their payments."""
    on = today() if on is None else on
    grants = list(
        Application.objects.filter(of_fund(fund), decision="approved")
        .order_by()
        .values_list("decision_date", "amount_awarded", "payment__paid_on", "payment__amount")
    )
    months = []
    for period in months_of(FinancialYear(fund.financial_year)):
        state = period_state(period, on)
        if state.not_started:
            break
        day = on if state.in_progress else period.end
        committed = paid = ZERO
        for decided, awarded, paid_on, amount in grants:
            if paid_on is not None and paid_on <= day:
                paid += amount
            elif decided is not None and decided <= day:
                committed += awarded or ZERO
        months.append(PotMonth(period, state, fund.pot, committed, paid))
    return months
