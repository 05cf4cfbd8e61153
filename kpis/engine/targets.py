"""A contract's targets for a financial year: the one in force for each indicator (the
commissioner's, else the specification's), and the commissioner setting them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from contracts.models import Contract, User

from ..frameworks import framework_for
from ..models import Target
from .figures import TargetSetting
from .periods import FinancialYear


def targets_for(contract: Contract, year: FinancialYear) -> dict[str, TargetSetting]:
    """Each indicator's target for the year: the commissioner's if set, else the default."""
    framework = framework_for(contract.framework)
    chosen = dict(
        Target.objects.filter(contract=contract, financial_year=year.year).values_list(
            "indicator", "value"
        )
    )
    targets = {}
    for indicator in framework.indicators:
        if indicator.code in chosen:
            targets[indicator.code] = TargetSetting(chosen[indicator.code], "No target", True)
        else:
            targets[indicator.code] = TargetSetting(
                indicator.default_target, indicator.target_note or "No target"
            )
    return targets


class TargetError(ValueError):
    """A target that cannot be set (an indicator the contract's framework does not have)."""


def set_targets(
    *,
    contract: Contract,
    year: FinancialYear,
    values: Mapping[str, Decimal | None],
    by: User,
) -> list[str]:
    """Set the year's targets (None: no target) and return the codes that changed.

    A value equal to the one in force changes nothing and writes no history; every change is a
    history row with `by` and the time (django-simple-history).
    """
    framework = framework_for(contract.framework)
    known = {indicator.code for indicator in framework.indicators}
    unknown = sorted(set(values) - known)
    if unknown:
        raise TargetError(f"{contract.ref}'s framework has no indicator {', '.join(unknown)}.")
    changed = []
    with transaction.atomic():
        # Two commissioners saving at once: the second waits and compares with what the first
        # saved, rather than silently writing over it.
        Contract.objects.select_for_update().filter(pk=contract.pk).first()
        in_force = targets_for(contract, year)
        rows = {
            target.indicator: target
            for target in Target.objects.filter(contract=contract, financial_year=year.year)
        }
        for code, value in values.items():
            if in_force[code].value == value:
                continue
            target = rows.get(code) or Target(
                contract=contract, financial_year=year.year, indicator=code
            )
            target.value = value
            target._history_user = by
            target.full_clean()
            target.save()
            changed.append(code)
    return changed
