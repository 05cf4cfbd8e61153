# The real records of every kind a contract's URL names (tests/contracts/test_access.py).
from tests.contracts.test_access import (  # noqa: F401
    casework_of_contract_b,
    provider_b_manager,
    records_of_contract_a,
)
