"""The sessions list, filtered by type and date range."""

from datetime import date
from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains

from tests.factories import SessionFactory

from .support import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(contract_a, contract_b):
    SessionFactory(contract=contract_a, ref="PSD-MAR", session_type="psd", date=date(2025, 3, 31))
    SessionFactory(contract=contract_a, ref="PSD-APR", session_type="psd", date=date(2025, 4, 1))
    SessionFactory(contract=contract_a, ref="CICC-JUN", session_type="cicc", date=date(2025, 6, 30))
    SessionFactory(
        contract=contract_a,
        ref="CICC-JUL",
        session_type="cicc",
        date=date(2025, 7, 1),
        duration_hours=Decimal("1.25"),
    )
    SessionFactory(contract=contract_b, ref="THEIRS", session_type="psd", date=date(2025, 5, 1))


def listed(client, contract, **params) -> list[str]:
    response = client.get(url("sessions", contract), params)
    assert response.status_code == 200
    return [session.ref for session in response.context["page"]]


def test_it_lists_this_contracts_sessions_latest_first(worker, contract_a, sessions):
    assert listed(worker, contract_a) == ["CICC-JUL", "CICC-JUN", "PSD-APR", "PSD-MAR"]


def test_it_filters_by_type(worker, contract_a, sessions):
    assert listed(worker, contract_a, session_type="psd") == ["PSD-APR", "PSD-MAR"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Both ends are inclusive: Q1 is 1 April to 30 June.
        ({"date_from": "2025-04-01", "date_to": "2025-06-30"}, ["CICC-JUN", "PSD-APR"]),
        ({"date_from": "2025-07-01"}, ["CICC-JUL"]),
        ({"date_to": "2025-03-31"}, ["PSD-MAR"]),
        ({"date_from": "2025-04-01", "session_type": "cicc"}, ["CICC-JUL", "CICC-JUN"]),
    ],
)
def test_it_filters_by_date_range(worker, contract_a, sessions, params, expected):
    assert listed(worker, contract_a, **params) == expected


def test_it_totals_the_sessions_and_hours_shown(worker, contract_a, sessions):
    response = worker.get(url("sessions", contract_a), {"session_type": "cicc"})
    assertContains(response, "2 sessions, 3.25 hours.")
    assertContains(response, "30/06/2025")


def test_the_filter_form_uses_date_pickers_and_shows_a_bad_date(worker, contract_a, sessions):
    response = worker.get(url("sessions", contract_a), {"date_from": "2025-02-30"})
    assertContains(response, 'type="date"')
    assert "date_from" in response.context["filter"].form.errors
    assertContains(response, "Enter a valid date")
