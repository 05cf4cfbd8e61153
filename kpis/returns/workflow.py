"""The workflow of a return: the provider's draft, the moves (submit, ask for changes,
approve, reopen) and the comment threads on its indicators.

Free of HTTP: each function takes the person acting (`by`), checks what they may do, and
raises a `ReturnError` whose message a view shows as it is. Every move locks the return, is
checked against the one table `ALLOWED_MOVES`, and writes its `ReturnEvent` in the same
transaction. Submitting freezes the return's figures (kpis.returns.figures).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from contracts.models import Contract, Role, User

from ..engine.figures import ReturnFigures
from ..frameworks import framework_for
from ..models import IndicatorComment, Return, ReturnEvent, ReturnStatus
from .figures import figures_of
from .names import names_in_return

Action = ReturnEvent.Action
S = ReturnStatus

# The workflow, whole: (action, status it starts from) -> status it leads to.
ALLOWED_MOVES: dict[tuple[str, str], str] = {
    (Action.SUBMIT, S.DRAFT): S.SUBMITTED,
    (Action.SUBMIT, S.CHANGES_REQUESTED): S.SUBMITTED,
    (Action.REQUEST_CHANGES, S.SUBMITTED): S.CHANGES_REQUESTED,
    (Action.APPROVE, S.SUBMITTED): S.APPROVED,
    # Back to the provider, who submits again; the approved figures stay on the approval's event.
    (Action.REOPEN, S.APPROVED): S.CHANGES_REQUESTED,
}

# Who may make each move (on a contract they can see).
MOVERS: dict[str, frozenset[str]] = {
    Action.SUBMIT: frozenset({Role.PROVIDER_MANAGER}),
    Action.REQUEST_CHANGES: frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR}),
    Action.APPROVE: frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR}),
    Action.REOPEN: frozenset({Role.ADMINISTRATOR}),
}

# The provider's part of a return: the narrative report and the financial monitoring return.
NARRATIVE_FIELDS = (
    "service_activity",
    "inputs_observations",
    "outputs_observations",
    "outcomes_observations",
    "social_value",
    "case_studies",
)
FINANCIAL_FIELDS = (
    "expenditure",
    "staffing_cost",
    "staff_fte",
    "additional_income",
    "financial_notes",
)
PROVIDER_FIELDS = (*NARRATIVE_FIELDS, *FINANCIAL_FIELDS, "indicator_notes")


class ReturnError(Exception):
    """A move or change the workflow refuses; the message is for the person who tried."""


class NotPermitted(ReturnError):
    pass


class Incomplete(ReturnError):
    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


def role_of(user: User) -> str:
    return Role.ADMINISTRATOR if user.is_administrator else user.role


def _may_see(user: User, contract_id: int) -> bool:
    return Contract.objects.visible_to(user).filter(pk=contract_id).exists()


def is_provider_manager(user: User, contract: Contract) -> bool:
    return (
        user.role == Role.PROVIDER_MANAGER
        and not user.is_administrator
        and user.organisation_id == contract.provider_id
    )


def may_edit(user: User, ret: Return) -> bool:
    """The provider's manager writes the provider's part, while it is the provider's turn."""
    return ret.is_editable and is_provider_manager(user, ret.contract)


def may_move(user: User, ret: Return, action: str) -> bool:
    """Whether the buttons for a move are shown (the service checks again when it runs)."""
    return (action, ret.status) in ALLOWED_MOVES and role_of(user) in MOVERS[action]


# --- The provider's draft ----------------------------------------------------------------


def save_draft(*, ret: Return, by: User, values: Mapping[str, Any]) -> Return:
    """Save the provider's narrative, finances and per-indicator notes to a draft."""
    unknown = set(values) - set(PROVIDER_FIELDS)
    if unknown:
        raise ReturnError(f"Not part of the provider's return: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = Return.objects.select_for_update().select_related("contract").get(pk=ret.pk)
        if not is_provider_manager(by, locked.contract):
            raise NotPermitted("Only the provider's managers write the provider's return.")
        if not locked.is_editable:
            raise ReturnError(
                f"This return is {locked.get_status_display().lower()}: it can no longer be "
                "changed."
            )
        for name, value in values.items():
            setattr(locked, name, value)
        try:
            locked.full_clean()
        except ValidationError as error:
            raise ReturnError("; ".join(error.messages)) from error
        locked.save(update_fields=[*values])
    return locked


def missing_explanations(ret: Return, figures: ReturnFigures) -> list[str]:
    """The red or amber indicators whose explanation the provider has not written."""
    notes = ret.indicator_notes or {}
    return [
        row.code
        for row in figures.rows
        if row.status in ("red", "amber")
        and not (notes.get(row.code, {}).get("explanation") or "").strip()
    ]


# --- The moves ---------------------------------------------------------------------------


def _move(
    *,
    ret: Return,
    action: str,
    by: User,
    comment: str = "",
    check=None,
    freeze: bool = False,
    at: datetime | None = None,
) -> Return:
    at = timezone.now() if at is None else at
    with transaction.atomic():
        # The lock makes a second click, or a second commissioner, wait for the first and then
        # find the return already moved: one history row, and a message rather than an error.
        locked = Return.objects.select_for_update().select_related("contract").get(pk=ret.pk)
        if not _may_see(by, locked.contract_id):
            raise NotPermitted("This return is not one of your contracts'.")
        if role_of(by) not in MOVERS[action]:
            raise NotPermitted(f"You may not do this: {Action(action).label.lower()}.")
        to_status = ALLOWED_MOVES.get((action, locked.status))
        if to_status is None:
            raise ReturnError(already_message(locked, action))
        if check is not None:
            check(locked)
        fields: dict[str, Any] = {"status": to_status}
        if freeze:
            live = figures_of(locked)
            missing = missing_explanations(locked, live)
            if missing:
                raise Incomplete(
                    f"Explain every red or amber indicator before submitting; "
                    f"{len(missing)} {'is' if len(missing) == 1 else 'are'} still to explain: "
                    + "; ".join(
                        f"{code} {row.title} ({row.status.value})"
                        for code in missing
                        if (row := live.row(code)) is not None and row.status is not None
                    )
                    + ".",
                    missing,
                )
            # Every figure, with the table's earlier columns and the charts' other quarters, so
            # the return and its exports depend on nothing else from now on.
            frozen = figures_of(locked, earlier=True, trend=True)
            fields["frozen_figures"] = frozen.to_json()
            fields["frozen_at"] = at
        # The history row first: the database lets an approved return be reopened only once
        # its reopening is written (kpis.returns.triggers).
        ReturnEvent.objects.create(
            ret=locked,
            action=action,
            from_status=locked.status,
            to_status=to_status,
            by=by,
            comment=comment,
            at=at,
            figures=locked.frozen_figures if action == Action.APPROVE else None,
            provider_part=provider_part(locked) if action == Action.SUBMIT else None,
            named_in=(
                [list(found.places) for found in names_in_return(locked)]
                if action == Action.SUBMIT
                else None
            ),
        )
        # Compare-and-set on the status as well as the lock: SQLite ignores FOR UPDATE. If it
        # finds the return moved, the error rolls the history row back with it.
        moved = Return.objects.filter(pk=locked.pk, status=locked.status).update(**fields)
        if moved != 1:
            raise ReturnError(already_message(locked, action))
        for name, value in fields.items():
            setattr(locked, name, value)
    return locked


def already_message(ret: Return, action: str) -> str:
    last = ret.events.select_related("by").order_by("-at", "-id").first()
    status = ret.get_status_display().lower()
    if last is None:
        return f"This return is {status}: it cannot be {Action(action).label.lower()} now."
    when = timezone.localtime(last.at).strftime("%d/%m/%Y %H:%M")
    return (
        f"This return is already {status} ({last.get_action_display().lower()} by "
        f"{last.by.get_full_name() or last.by.username} at {when}); nothing was changed."
    )


REPLY_NEEDED = (
    "Reply to the commissioner's request before submitting again: say what you changed, or "
    "why nothing needed changing."
)


def submit_return(
    *, ret: Return, by: User, comment: str = "", at: datetime | None = None
) -> Return:
    """The provider's manager submits: every figure and breakdown is frozen into the return,
    and the provider's part is copied onto the history row. A return sent back is submitted
    again only with a reply to what was asked."""

    def own_contract(locked: Return) -> None:
        if not is_provider_manager(by, locked.contract):
            raise NotPermitted("Only the provider's managers submit the provider's return.")
        if locked.status == S.CHANGES_REQUESTED and not comment.strip():
            raise ReturnError(REPLY_NEEDED)

    return _move(
        ret=ret,
        action=Action.SUBMIT,
        by=by,
        comment=comment,
        check=own_contract,
        freeze=True,
        at=at,
    )


def request_changes(*, ret: Return, by: User, comment: str, at: datetime | None = None) -> Return:
    if not comment.strip():
        raise ReturnError("Say what needs changing.")
    return _move(ret=ret, action=Action.REQUEST_CHANGES, by=by, comment=comment, at=at)


def approve_return(
    *, ret: Return, by: User, comment: str = "", at: datetime | None = None
) -> Return:
    def not_the_submitter(locked: Return) -> None:
        submitted = locked.events.filter(action=Action.SUBMIT).order_by("-at", "-id").first()
        if submitted is not None and submitted.by_id == by.pk:
            raise NotPermitted("You submitted this return, so someone else must approve it.")

    return _move(
        ret=ret, action=Action.APPROVE, by=by, comment=comment, check=not_the_submitter, at=at
    )


def reopen_return(*, ret: Return, by: User, reason: str, at: datetime | None = None) -> Return:
    """An administrator sends an approved return back to the provider, with a reason."""
    if not reason.strip():
        raise ReturnError("Give the reason for reopening an approved return.")
    return _move(ret=ret, action=Action.REOPEN, by=by, comment=reason, at=at)


def provider_part(ret: Return) -> dict[str, Any]:
    """The provider's part of the return as JSON (money and FTE as text, exact)."""
    part: dict[str, Any] = {}
    for name in PROVIDER_FIELDS:
        value = getattr(ret, name)
        part[name] = str(value) if isinstance(value, Decimal) else value
    return part


# --- Threads -----------------------------------------------------------------------------


THREADS_CLOSED = (
    "This return is approved: its threads are closed, and nothing can be added to them. An "
    "administrator may reopen it."
)


def comment_on_indicator(*, ret: Return, indicator: str, by: User, text: str) -> IndicatorComment:
    """Add to the thread about one indicator: the commissioner asks, the provider answers;
    until the return is approved (then the database refuses too)."""
    if not text.strip():
        raise ReturnError("Write a comment first.")
    contract = ret.contract
    if not _may_see(by, contract.pk) or role_of(by) not in (
        Role.COMMISSIONER,
        Role.ADMINISTRATOR,
        Role.PROVIDER_MANAGER,
        Role.PROVIDER_WORKER,
    ):
        raise NotPermitted("You may not comment on this return.")
    codes = {row.code for row in framework_for(contract.framework).indicators}
    if indicator not in codes:
        raise ReturnError(f"This contract's framework has no indicator {indicator}.")
    with transaction.atomic():
        # Locked, so an approval arriving now waits for the comment, or the comment for it.
        locked = Return.objects.select_for_update().get(pk=ret.pk)
        if locked.status == S.APPROVED:
            raise ReturnError(THREADS_CLOSED)
        return IndicatorComment.objects.create(
            ret=locked, indicator=indicator, by=by, text=text.strip()
        )
