"""What a person deciding on a return needs beside its figures: what the commissioner asked of a
return sent back and what changed since, and the earlier returns of the contract not yet
approved when one is approved out of order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from ..frameworks import framework_for
from ..models import Return, ReturnEvent, ReturnStatus
from .figures import FigureChange, changes_since_frozen
from .workflow import PROVIDER_FIELDS, provider_part

Action = ReturnEvent.Action


@dataclass(frozen=True)
class SentBack:
    """A return the commissioner sent back (or an administrator reopened): the request, and what
    the provider changed since it was submitted. `parts_changed` is None when the submission
    kept no copy of the provider's part (returns submitted before copies were kept)."""

    request: ReturnEvent
    submitted: ReturnEvent | None
    parts_changed: list[str] | None
    figures_changed: list[FigureChange]

    @property
    def nothing_changed(self) -> bool:
        return self.parts_changed == [] and not self.figures_changed


def sent_back(ret: Return) -> SentBack | None:
    """The request behind a return sent back, from its history (`ret.events`, prefetched by the
    return's page); None unless the return is sent back."""
    if ret.status != ReturnStatus.CHANGES_REQUESTED:
        return None
    events = list(ret.events.all())
    requests = [e for e in events if e.action in (Action.REQUEST_CHANGES, Action.REOPEN)]
    if not requests:
        return None
    request = requests[-1]
    submissions = [e for e in events if e.action == Action.SUBMIT and e.at <= request.at]
    submitted = submissions[-1] if submissions else None
    parts = None
    if submitted is not None and submitted.provider_part is not None:
        parts = parts_changed(submitted.provider_part, provider_part(ret))
    return SentBack(request, submitted, parts, changes_since_frozen(ret))


def parts_changed(before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """The labels of the provider's fields (and indicators' notes) that differ."""
    labels = []
    for name in PROVIDER_FIELDS:
        if name == "indicator_notes":
            continue
        if (before.get(name) or "") != (now.get(name) or ""):
            labels.append(str(Return._meta.get_field(name).verbose_name).capitalize())
    notes_before = before.get("indicator_notes") or {}
    notes_now = now.get("indicator_notes") or {}
    for code in sorted(set(notes_before) | set(notes_now)):
        if (notes_before.get(code) or {}) != (notes_now.get(code) or {}):
            labels.append(f"The notes on {code}")
    return labels


def earlier_not_approved(ret: Return) -> list[Return]:
    """The contract's returns for periods before this one that are not approved yet, oldest
    first: approving this one first approves the year out of order. One query."""
    periods = list(framework_for(ret.contract.framework).return_periods)
    order = {name: index for index, name in enumerate(periods)}
    earlier_names = periods[: order.get(ret.period, 0)]
    earlier = (
        Return.objects.filter(contract_id=ret.contract_id)
        .filter(
            Q(financial_year__lt=ret.financial_year)
            | Q(financial_year=ret.financial_year, period__in=earlier_names)
        )
        .exclude(status=ReturnStatus.APPROVED)
    )
    found = sorted(earlier, key=lambda each: (each.financial_year, order.get(each.period, 0)))
    for each in found:
        each.contract = ret.contract
    return found
