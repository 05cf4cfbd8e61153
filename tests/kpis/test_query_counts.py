"""A whole year's return asks the same number of queries for ten times the records.

The queries of a Cornwall return: the year's targets (1); the participation facts of the whole
year, read once for all seven periods (5: attendance, matches, feedback, the participants with
their age band and care status on each period's last day, the recorded localities), from which
1.2, 1.13, 1.14 and 1.15 are tallied; then for each of the seven periods one aggregate for each
other indicator (12); plus the transaction's savepoint and release (2; on PostgreSQL also
switching its JIT compiler off, 1). A Wolverhampton return: targets (1) and ten aggregates per
period.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis.engine.compute import compute_return
from kpis.engine.periods import FinancialYear

from .datasets import make_cornwall_records, make_wolverhampton_records

pytestmark = pytest.mark.django_db

EXTRA = 3 if connection.vendor == "postgresql" else 2
CORNWALL_QUERIES = 1 + 5 + 7 * 12 + EXTRA
WOLVERHAMPTON_QUERIES = 1 + 7 * 10 + EXTRA


def queries_for_a_return(contract) -> int:
    with CaptureQueriesContext(connection) as captured:
        compute_return(contract, FinancialYear(2025))
    return len(captured)


@pytest.mark.parametrize(
    ("make", "contract_fixture", "most"),
    [
        (make_cornwall_records, "ep", CORNWALL_QUERIES),
        (make_wolverhampton_records, "ypt", WOLVERHAMPTON_QUERIES),
    ],
)
def test_a_years_return_asks_the_same_queries_for_ten_times_the_records(
    request, django_assert_max_num_queries, make, contract_fixture, most
):
    contract = request.getfixturevalue(contract_fixture)
    make(contract, scale=1)
    with django_assert_max_num_queries(most):
        small = compute_return(contract, FinancialYear(2025))
    small_count = queries_for_a_return(contract)

    make(contract, scale=10, seed=99)
    with django_assert_max_num_queries(most):
        large = compute_return(contract, FinancialYear(2025))
    assert queries_for_a_return(contract) == small_count == most
    # The larger set really is larger: the figures moved.
    assert large.to_json() != small.to_json()
