"""A grant made on screen counts in 1.8 to 1.10 and in the return's Funds4 Care allocations
exactly as an imported one does: the KPIs read `decision`, `submitted_date`, `decision_date`,
`amount_awarded` and `onward_support`, which the screens write by the same rules."""

from datetime import date
from decimal import Decimal

import pytest

from funds4care.services.applications import save_draft, set_onward_support, submit
from funds4care.services.funds import add_role, end_role
from funds4care.services.ledger import approve, decline, record_payment
from kpis.engine.periods import FinancialYear
from kpis.frameworks import framework_for
from kpis.returns.figures import funds4care_awards

from ..factories import CareStatusFactory, YoungPersonFactory
from .conftest import APPLYING_ON

pytestmark = pytest.mark.django_db

Q1_2026 = FinancialYear(2026).quarters()[0]  # 1 April to 30 June 2026
Q2_2026 = FinancialYear(2026).quarters()[1]


def figure(contract, code, period):
    return framework_for(contract.framework).indicator(code).compute(contract, period)


def applied(person, spring, by, amount="200"):
    draft = save_draft(
        contract=person.contract, by=by,
        values={"young_person": person, "round": spring, "purpose": "Bike",
                "amount_requested": Decimal(amount)},
    )  # fmt: skip
    return submit(application=draft, by=by, on=APPLYING_ON)


def test_grants_made_on_screen_count_in_1_9_1_10_and_the_allocations(
    contract_a, spring, jade, provider_a_worker, provider_a_manager
):
    kit = YoungPersonFactory(contract=contract_a, first_name="Kit", date_of_birth=date(2008, 1, 1))
    CareStatusFactory(young_person=kit, status="care_leaver", start_date=date(2025, 1, 1))
    first = applied(jade, spring, provider_a_worker)
    second = applied(jade, spring, provider_a_worker, "80")
    third = applied(kit, spring, provider_a_worker)
    # A draft is not yet an application to count.
    save_draft(contract=contract_a, by=provider_a_worker,
               values={"young_person": kit, "round": spring})  # fmt: skip
    approve(application=first, by=provider_a_manager, amount=Decimal("150"), on=date(2026, 6, 1))
    approve(application=second, by=provider_a_manager, amount=Decimal("80"), on=date(2026, 7, 2))
    decline(application=third, by=provider_a_manager, reason="No quote", on=date(2026, 6, 2))
    first.refresh_from_db()
    record_payment(application=first, by=provider_a_manager, paid_on=date(2026, 6, 3),
                   amount=Decimal("150"), method="card", reference="C-1")  # fmt: skip
    set_onward_support(application=third, by=provider_a_worker, value=True)

    applications = figure(contract_a, "1.9", Q1_2026)
    # Jade and Kit applied in Q1 (three applications); two are approved, whenever decided.
    assert applications.value == 2
    assert applications.breakdown["applications"] == {"submitted": 3, "successful": 2}
    assert figure(contract_a, "1.10", Q1_2026).value == 1  # Kit's led to onward support
    # Allocations go by the decision's date: £150 in Q1, £80 in Q2.
    assert (funds4care_awards(contract_a, Q1_2026).awards,
            funds4care_awards(contract_a, Q1_2026).allocated) == (1, Decimal("150"))  # fmt: skip
    assert funds4care_awards(contract_a, Q2_2026).allocated == Decimal("80")


def test_a_role_added_on_screen_counts_in_1_8_while_active(jade, provider_a_worker):
    role = add_role(young_person=jade, by=provider_a_worker, role="Panel member",
                    start_date=date(2026, 5, 1), training="Scoring fairly")  # fmt: skip
    assert figure(jade.contract, "1.8", Q1_2026).value == 1
    end_role(role=role, by=provider_a_worker, end_date=date(2026, 6, 30))
    assert figure(jade.contract, "1.8", Q2_2026).value == 0
