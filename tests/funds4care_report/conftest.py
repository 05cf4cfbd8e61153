"""A small round, counted by hand. Provider A's fund for 2026/27 has a pot of £1,000; its
spring round (1 April to 30 June 2026) was scored by Kai and Ruby against two questions,
"How much will it help?" (weight 2) and "Is it good value?" (weight 1). Today is 10 August
2026.

Spring's applications:
- F4C-1, Jade Trelawny's: £200 asked on 1 May; Kai 4 and 3 (a weighted 11/3 = 3.67), Ruby 5
  and "does not apply" (5): the panel's average 4.33. Approved on 11 May (10 days) at £180,
  paid on 20 June.
- F4C-2: £150 asked on 5 May; Kai 1 and 2 (4/3), Ruby 2 and 1 (5/3): the average 1.50.
  Declined on 25 May (20 days).
- F4C-3: £250 asked on 10 May; deferred to the summer round, where it is approved at £250 on
  5 August (87 days), not yet paid.
- F4C-4: £100 asked on 12 May; Kai 3 and 3 (3.00); pending.
- F4C-5: £50 asked on 14 May, then withdrawn.
- F4C-6: a draft, never submitted (not counted).

The pot at each month's end: April £1,000 remains; May £180 committed, £820; June £180 paid,
£820; July £820; August so far (to 10 August) £250 committed and £180 paid, £570.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from contracts.models import Role
from funds4care.models import Criterion, Fund, Round, Score, ScoreSheet
from funds4care.services import ledger
from funds4care.services.applications import withdraw
from tests.factories import UserFactory, YoungPersonFactory
from tests.funds4care.factories import SubmittedApplicationFactory

TODAY = datetime(2026, 8, 10, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def august_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def kai(panel_member):
    return panel_member


@pytest.fixture
def ruby(provider_a):
    return UserFactory(username="panel.ruby", role=Role.PANEL_MEMBER, organisation=provider_a)


@pytest.fixture
def fund(contract_a):
    return Fund.objects.create(contract=contract_a, financial_year=2026, pot=Decimal("1000.00"))


@pytest.fixture
def spring(fund, kai, ruby):
    round_ = Round.objects.create(
        fund=fund, name="Spring 2026", opens_on=date(2026, 4, 1), closes_on=date(2026, 6, 30)
    )
    round_.panel.set([kai, ruby])
    return round_


@pytest.fixture
def summer(fund, kai, ruby):
    round_ = Round.objects.create(
        fund=fund, name="Summer 2026", opens_on=date(2026, 7, 1), closes_on=date(2026, 7, 31)
    )
    round_.panel.set([kai, ruby])
    return round_


@pytest.fixture
def criteria(spring):
    return [
        Criterion.objects.create(round=spring, name="How much will it help?", weight=2, position=0),
        Criterion.objects.create(round=spring, name="Is it good value?", weight=1, position=1),
    ]


@pytest.fixture
def jade(contract_a):
    return YoungPersonFactory(
        contract=contract_a, ref="YP-0042", first_name="Jade", last_name="Trelawny"
    )


def score(application, member, criteria, values) -> ScoreSheet:
    sheet = ScoreSheet.objects.create(
        application=application, member=member, conflicted=False, submitted_at=timezone.now()
    )
    Score.objects.bulk_create(
        Score(sheet=sheet, criterion=criterion, value=value)
        for criterion, value in zip(criteria, values, strict=True)
    )
    return sheet


def apply(round_, ref: str, asked: str, on: date, **fields):
    return SubmittedApplicationFactory(
        round=round_, ref=ref, amount_requested=Decimal(asked), submitted_date=on, **fields
    )


@pytest.fixture
def spring_round(spring, summer, criteria, jade, kai, ruby, provider_a_manager):
    """Spring's applications as the docstring above tells them; returns them by reference."""
    return make_spring_round(spring, summer, criteria, jade, kai, ruby, provider_a_manager)


def make_spring_round(spring, summer, criteria, jade, kai, ruby, manager):
    apps = {
        "F4C-1": apply(spring, "F4C-1", "200", date(2026, 5, 1), young_person=jade),
        "F4C-2": apply(spring, "F4C-2", "150", date(2026, 5, 5)),
        "F4C-3": apply(spring, "F4C-3", "250", date(2026, 5, 10)),
        "F4C-4": apply(spring, "F4C-4", "100", date(2026, 5, 12)),
        "F4C-5": apply(spring, "F4C-5", "50", date(2026, 5, 14)),
        "F4C-6": SubmittedApplicationFactory(round=spring, ref="F4C-6", draft=True),
    }
    score(apps["F4C-1"], kai, criteria, [4, 3])
    score(apps["F4C-1"], ruby, criteria, [5, None])
    score(apps["F4C-2"], kai, criteria, [1, 2])
    score(apps["F4C-2"], ruby, criteria, [2, 1])
    score(apps["F4C-3"], kai, criteria, [5, 5])  # cleared when it is deferred
    score(apps["F4C-4"], kai, criteria, [3, 3])
    ledger.approve(
        application=apps["F4C-1"], by=manager, amount=Decimal("180"), on=date(2026, 5, 11)
    )
    ledger.record_payment(
        application=apps["F4C-1"], by=manager, paid_on=date(2026, 6, 20),
        amount=Decimal("180"), method="bank_transfer", reference="BACS-1",
    )  # fmt: skip
    ledger.decline(
        application=apps["F4C-2"], by=manager, reason="Not this time.", on=date(2026, 5, 25)
    )
    ledger.defer(application=apps["F4C-3"], by=manager, to_round=summer)
    ledger.approve(
        application=apps["F4C-3"], by=manager, amount=Decimal("250"), on=date(2026, 8, 5)
    )
    withdraw(application=apps["F4C-5"], by=manager, reason="Found the money elsewhere.")
    return apps
