"""Fixtures of the dashboard, trend and board-report tests (personas: tests/conftest.py)."""

from datetime import UTC, datetime

import pytest

from kpis.engine.periods import FinancialYear
from kpis.models import Return, ReturnStatus
from kpis.returns.due import due_date_for


@pytest.fixture
def ep(contract_a):
    """Provider A's contract, judged by the Cornwall framework (2024/25 to 2026/27)."""
    return contract_a


def make_return(contract, year: int, period: str, status: str = ReturnStatus.DRAFT, rag=()):
    """A return as the workflow leaves it; a submitted one carries frozen figures whose
    indicators have the statuses in `rag` (None for no status)."""
    frozen = None
    if status not in (ReturnStatus.DRAFT, ReturnStatus.CHANGES_REQUESTED):
        frozen = {
            "indicators": [
                {"code": f"X{n}", "status": value} for n, value in enumerate(rag, start=1)
            ]
        }
    return Return.objects.create(
        contract=contract,
        financial_year=year,
        period=period,
        status=status,
        due_date=due_date_for(contract, FinancialYear(year), period),
        frozen_figures=frozen,
        frozen_at=datetime(2025, 8, 1, tzinfo=UTC) if frozen else None,
    )
