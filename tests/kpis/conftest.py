"""Fixtures of the KPI tests: the personas' two contracts (tests/conftest.py) by framework."""

import pytest


@pytest.fixture
def ep(contract_a):
    """Provider A's contract, judged by the Cornwall framework."""
    return contract_a


@pytest.fixture
def ypt(contract_b):
    """Provider B's contract, judged by the Wolverhampton framework."""
    return contract_b
