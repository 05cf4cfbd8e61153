"""Targets: a commissioner's for the year, else the specification's; every change kept."""

from decimal import Decimal

import pytest

from kpis.models import Target
from kpis.periods import FinancialYear
from kpis.returns import targets_for
from kpis.services import TargetError, set_targets

pytestmark = pytest.mark.django_db

FY2025 = FinancialYear(2025)


def test_the_specifications_targets_apply_until_one_is_set(ep, ypt):
    cornwall = targets_for(ep, FY2025)
    assert cornwall["1.2"].value == 160
    assert (cornwall["1.5"].value, cornwall["1.5"].label) == (None, "Monitor only")
    assert (cornwall["1.3"].value, cornwall["1.3"].label) == (None, "TBC via tender submission")
    assert (cornwall["1.15"].value, cornwall["1.15"].label) == (None, "No target")
    assert {t.label for t in targets_for(ypt, FY2025).values()} == {"To be agreed"}


def test_a_target_set_for_one_year_holds_for_that_year_only(ep, commissioner):
    set_targets(contract=ep, year=FY2025, values={"1.2": Decimal(150)}, by=commissioner)
    assert targets_for(ep, FY2025)["1.2"].value == 150
    assert targets_for(ep, FinancialYear(2026))["1.2"].value == 160


def test_each_change_is_kept_with_who_made_it(ep, commissioner, administrator):
    changed = set_targets(
        contract=ep, year=FY2025, values={"1.2": Decimal(150), "1.5": Decimal(4)}, by=commissioner
    )
    assert changed == ["1.2", "1.5"]
    set_targets(contract=ep, year=FY2025, values={"1.2": None}, by=administrator)
    history = Target.history.filter(indicator="1.2").order_by("history_date")
    assert [(h.value, h.history_user) for h in history] == [
        (Decimal("150.00"), commissioner),
        (None, administrator),
    ]
    assert targets_for(ep, FY2025)["1.2"].value is None


def test_a_value_already_in_force_writes_nothing(ep, commissioner):
    assert (
        set_targets(contract=ep, year=FY2025, values={"1.2": Decimal(160)}, by=commissioner) == []
    )
    assert not Target.history.exists()


def test_an_indicator_of_another_framework_is_refused(ep, commissioner):
    with pytest.raises(TargetError, match="A2.1"):
        set_targets(contract=ep, year=FY2025, values={"A2.1": Decimal(5)}, by=commissioner)
