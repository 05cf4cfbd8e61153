"""A round's report, its figures counted by hand (the round in conftest.py's docstring)."""

from datetime import date
from decimal import Decimal

import pytest

from funds4care.services.ledger import ledger_of
from kpis.pages.round_report import median, pot_by_month, round_report

pytestmark = pytest.mark.django_db


def test_it_counts_what_became_of_each_application_of_the_round(spring, spring_round):
    figures = round_report(spring, names=True).figures
    assert (figures.received, figures.carried_over) == (5, 0)  # the draft is not received
    assert (figures.decided, figures.approved, figures.declined) == (2, 1, 1)
    assert (figures.deferred, figures.withdrawn, figures.pending) == (1, 1, 1)
    assert figures.received + figures.carried_over == (
        figures.approved + figures.declined + figures.deferred + figures.withdrawn
        + figures.pending
    )  # fmt: skip


def test_it_sums_the_money_asked_awarded_and_paid(spring, spring_round):
    figures = round_report(spring, names=True).figures
    assert figures.requested == Decimal("750.00")  # 200 + 150 + 250 + 100 + 50
    # F4C-3's £250 was awarded in the summer round, so it is summer's.
    assert figures.awarded == Decimal("180.00")
    assert figures.paid == Decimal("180.00")


def test_it_averages_the_panels_scores_leaving_does_not_apply_out(spring, spring_round):
    report = round_report(spring, names=True)
    averages = {row.ref: row.average for row in report.rows}
    # F4C-1: Kai (2x4 + 1x3) / 3 = 3.667, Ruby 5 (value "does not apply"): (3.667 + 5) / 2.
    assert averages == {
        "F4C-1": Decimal("4.33"),
        "F4C-2": Decimal("1.50"),  # (4/3 + 5/3) / 2
        "F4C-3": None,  # its spring scores were cleared when it was deferred
        "F4C-4": Decimal("3.00"),
        "F4C-5": None,
    }
    assert report.figures.average_approved == Decimal("4.33")
    assert report.figures.average_declined == Decimal("1.50")


def test_it_counts_the_days_from_submission_to_decision(spring, summer, spring_round):
    report = round_report(spring, names=True)
    assert {row.ref: row.days_to_decision for row in report.rows} == {
        "F4C-1": 10,  # 1 to 11 May
        "F4C-2": 20,  # 5 to 25 May
        "F4C-3": None,  # deferred: decided in summer
        "F4C-4": None,
        "F4C-5": None,
    }
    assert (report.figures.median_days, report.figures.longest_days) == (Decimal(15), 20)
    later = round_report(summer, names=True)
    assert [(row.ref, row.days_to_decision) for row in later.rows] == [("F4C-3", 87)]
    assert (later.figures.received, later.figures.carried_over) == (0, 1)
    assert later.figures.awarded == Decimal("250.00")


def test_it_says_where_each_application_stands(spring, spring_round):
    statuses = {row.ref: row.status for row in round_report(spring, names=True).rows}
    assert statuses == {
        "F4C-1": "Approved and paid",
        "F4C-2": "Declined",
        "F4C-3": "Deferred to Summer 2026",
        "F4C-4": "Pending",
        "F4C-5": "Withdrawn",
    }


@pytest.mark.parametrize(
    ("days", "middle"),
    [([], None), ([7], Decimal(7)), ([10, 20], Decimal(15)), ([3, 4], Decimal("3.5")),
     ([30, 1, 10], Decimal(10))],
)  # fmt: skip
def test_the_median_is_the_middle_day_or_halfway_between_the_two(days, middle):
    assert median(days) == middle


def test_the_pot_month_by_month_follows_the_ledgers_rule(fund, spring_round):
    months = pot_by_month(fund)
    assert [(m.label, m.committed, m.paid, m.remaining) for m in months] == [
        ("Apr 2026", Decimal(0), Decimal(0), Decimal(1000)),
        ("May 2026", Decimal(180), Decimal(0), Decimal(820)),  # approved on 11 May
        ("Jun 2026", Decimal(0), Decimal(180), Decimal(820)),  # paid on 20 June
        ("Jul 2026", Decimal(0), Decimal(180), Decimal(820)),
        ("Aug 2026", Decimal(250), Decimal(180), Decimal(570)),  # F4C-3, 5 August
    ]
    assert [m.state.mark for m in months][-2:] == ["", "so far, to 10 August 2026"]
    # Today's month ends where the ledger stands today.
    now = ledger_of(fund)
    assert (months[-1].committed, months[-1].paid, months[-1].remaining) == (
        now.committed, now.paid, now.remaining,
    )  # fmt: skip


def test_a_whole_year_past_has_twelve_months_none_so_far(fund, spring_round):
    months = pot_by_month(fund, on=date(2027, 4, 2))
    assert [m.label for m in months][::11] == ["Apr 2026", "Mar 2027"]
    assert len(months) == 12 and not any(m.state.in_progress for m in months)
    assert months[-1].remaining == Decimal(570)
    assert pot_by_month(fund, on=date(2026, 3, 31)) == []  # the year has not begun
