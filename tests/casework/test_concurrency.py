"""Two team managers pressing at once: a referral is screened once and allocated once.

On PostgreSQL the two run in threads released together (tests/concurrency.py). SQLite's
shared in-memory test database cannot take two writers at once, so there the second press
comes after the first has been written, exactly as the lock would order them: the same rule
(a decision only on a pending referral; one case per referral, locked) must refuse it."""

from datetime import date

import pytest
from django.db import connection

from contracts.casework.services import CaseworkRefused, allocate, screen
from contracts.models import Case, Referral
from tests.concurrency import at_once
from tests.factories import KeyWorkerFactory, ReferralFactory

pytestmark = pytest.mark.django_db(transaction=True)

JUNE_10 = date(2025, 6, 10)


def both(*calls):
    if connection.vendor == "postgresql":
        return at_once(*calls)
    results = []
    for call in calls:
        try:
            results.append(call())
        except Exception as error:  # noqa: BLE001 (the test inspects what each got)
            results.append(error)
    return results


def test_two_decisions_at_once_leave_one(contract_b, team_manager):
    referral = ReferralFactory(contract=contract_b)
    results = both(
        lambda: screen(referral, decision="accepted", note="", by=team_manager, on=JUNE_10),
        lambda: screen(
            referral, decision="declined", note="Already open to YOT", by=team_manager,
            on=JUNE_10,
        ),
    )  # fmt: skip
    refused = [r for r in results if isinstance(r, CaseworkRefused)]
    assert len(refused) == 1 and "already been screened" in str(refused[0])
    decided = Referral.objects.get(pk=referral.pk)
    assert decided.decision in ("accepted", "declined")
    assert decided.history.filter(decision__in=["accepted", "declined"]).count() == 1


def test_two_allocations_at_once_open_one_case(contract_b, team_manager):
    referral = ReferralFactory(
        contract=contract_b, decision="accepted", decision_date=date(2025, 6, 3)
    )
    first, second = KeyWorkerFactory.create_batch(2, contract=contract_b)
    results = both(
        lambda: allocate(referral, key_worker=first, start_date=JUNE_10, by=team_manager),
        lambda: allocate(referral, key_worker=second, start_date=JUNE_10, by=team_manager),
    )  # fmt: skip
    assert sum(isinstance(r, Case) for r in results) == 1
    assert [str(r) for r in results if isinstance(r, Exception)] == [
        "This referral has already been allocated."
    ]
    assert Case.objects.filter(referral=referral).count() == 1
