"""What kpis does when a contract's settings change (contracts.signals): contracts sits below
kpis and never imports it, so it says what changed and kpis follows."""

from __future__ import annotations

from typing import Any

from contracts.models import Contract

from .workflow import follow_due_date_setting


def follow_due_dates(sender: Any, *, contract: Contract, changed: list[str], **kwargs: Any) -> None:
    """Returns not yet submitted are due by the new `return_due_working_days`."""
    if "return_due_working_days" in changed:
        follow_due_date_setting(contract=contract)
