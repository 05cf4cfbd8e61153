"""Writes about returns: opening them when a period ends, the provider's draft, the moves of
the workflow (submit, ask for changes, approve, reopen), comment threads and attachments.

Free of HTTP: each function takes the person acting (`by`), checks what they may do, and
raises a `ReturnError` whose message a view shows as it is. Every move locks the return, is
checked against the one table `ALLOWED_MOVES`, and writes its `ReturnEvent` in the same
transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracts.models import Contract, Role, User, YoungPerson

from .frameworks import framework_for
from .models import (
    ATTACHMENT_MAX_BYTES,
    IndicatorComment,
    Return,
    ReturnAttachment,
    ReturnEvent,
    ReturnReminder,
    ReturnStatus,
)
from .periods import today
from .return_queries import due_date_for, live_figures, periods_ended

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
    "funds4care_allocated",
    "funds4care_awards",
    "financial_notes",
)
PROVIDER_FIELDS = (*NARRATIVE_FIELDS, *FINANCIAL_FIELDS, "indicator_notes")

# What an attachment may be: its extension, and how such a file starts (so a renamed
# executable is refused). DOCX and XLSX are zip files; DOC and XLS the older OLE container.
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ATTACHMENT_KINDS: dict[str, bytes] = {
    ".pdf": b"%PDF-",
    ".docx": ZIP,
    ".xlsx": ZIP,
    ".doc": OLE,
    ".xls": OLE,
}


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


# --- Opening returns ---------------------------------------------------------------------


def open_all_returns(*, contracts: Iterable[Contract], on: date | None = None) -> None:
    """Create (as drafts, with their due dates) the returns of every period ended by `on` that
    the contracts do not have yet. Two queries whatever the number of contracts; safe to run
    twice at once (the unique constraint keeps one return per period)."""
    contracts = list(contracts)
    existing = set(
        Return.objects.filter(contract__in=contracts).values_list(
            "contract_id", "financial_year", "period"
        )
    )
    missing = [
        Return(
            contract=contract,
            financial_year=year.year,
            period=name,
            due_date=due_date_for(contract, year, name),
        )
        for contract in contracts
        for year, name in periods_ended(contract, on)
        if (contract.pk, year.year, name) not in existing
    ]
    if missing:
        Return.objects.bulk_create(missing, ignore_conflicts=True)


def open_returns(*, contract: Contract, on: date | None = None) -> list[Return]:
    """The contract's returns, newest first, each period's created the first time it is asked
    for. Two or three queries."""
    open_all_returns(contracts=[contract], on=on)
    return list(contract.returns.all().order_by("-financial_year", "-due_date"))


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


def missing_explanations(ret: Return, figures: Mapping[str, Any]) -> list[str]:
    """The red or amber indicators whose explanation the provider has not written."""
    notes = ret.indicator_notes or {}
    return [
        row["code"]
        for row in figures["indicators"]
        if row["status"] in ("red", "amber")
        and not (notes.get(row["code"], {}).get("explanation") or "").strip()
    ]


@dataclass(frozen=True)
class NameFound:
    ref: str
    word: str


def names_in_text(contract: Contract, text: str) -> list[NameFound]:
    """The young people of the contract whose recorded name appears in `text` (whole words,
    any case): a full name, or a first name of three letters or more. A warning, not a rule:
    "Grace" may be a word, and a nickname is not caught."""
    if not text.strip():
        return []
    words = set(re.findall(r"[\w'-]+", text.casefold()))
    folded = " ".join(re.findall(r"[\w'-]+", text.casefold()))
    found = []
    people = YoungPerson.objects.for_contract(contract).values_list(
        "ref", "first_name", "last_name"
    )
    for ref, first, last in people:
        full = f"{first} {last}".casefold()
        if f" {full} " in f" {folded} ":
            found.append(NameFound(ref, f"{first} {last}"))
        elif len(first) >= 3 and first.casefold() in words:
            found.append(NameFound(ref, first))
    return found


# --- The moves ---------------------------------------------------------------------------


def _move(
    *,
    ret: Return,
    action: str,
    by: User,
    comment: str = "",
    check=None,
    freeze: bool = False,
) -> Return:
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
            fields["frozen_figures"] = live_figures(locked)
            fields["frozen_at"] = timezone.now()
            missing = missing_explanations(locked, fields["frozen_figures"])
            if missing:
                raise Incomplete(
                    "Explain every red or amber indicator before submitting: "
                    f"{', '.join(missing)}.",
                    missing,
                )
        # Compare-and-set on the status as well as the lock: SQLite ignores FOR UPDATE.
        moved = Return.objects.filter(pk=locked.pk, status=locked.status).update(**fields)
        if moved != 1:
            raise ReturnError(already_message(locked, action))
        ReturnEvent.objects.create(
            ret=locked,
            action=action,
            from_status=locked.status,
            to_status=to_status,
            by=by,
            comment=comment,
            figures=locked.frozen_figures if action == Action.APPROVE else None,
        )
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


def submit_return(*, ret: Return, by: User, comment: str = "") -> Return:
    """The provider's manager submits: every figure and breakdown is frozen into the return."""

    def own_contract(locked: Return) -> None:
        if not is_provider_manager(by, locked.contract):
            raise NotPermitted("Only the provider's managers submit the provider's return.")

    return _move(
        ret=ret, action=Action.SUBMIT, by=by, comment=comment, check=own_contract, freeze=True
    )


def request_changes(*, ret: Return, by: User, comment: str) -> Return:
    if not comment.strip():
        raise ReturnError("Say what needs changing.")
    return _move(ret=ret, action=Action.REQUEST_CHANGES, by=by, comment=comment)


def approve_return(*, ret: Return, by: User, comment: str = "") -> Return:
    def not_the_submitter(locked: Return) -> None:
        submitted = locked.events.filter(action=Action.SUBMIT).order_by("-at", "-id").first()
        if submitted is not None and submitted.by_id == by.pk:
            raise NotPermitted("You submitted this return, so someone else must approve it.")

    return _move(ret=ret, action=Action.APPROVE, by=by, comment=comment, check=not_the_submitter)


def reopen_return(*, ret: Return, by: User, reason: str) -> Return:
    """An administrator sends an approved return back to the provider, with a reason."""
    if not reason.strip():
        raise ReturnError("Give the reason for reopening an approved return.")
    return _move(ret=ret, action=Action.REOPEN, by=by, comment=reason)


# --- Threads and attachments ---------------------------------------------------------------


def comment_on_indicator(*, ret: Return, indicator: str, by: User, text: str) -> IndicatorComment:
    """Add to the thread about one indicator: the commissioner asks, the provider answers."""
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
    return IndicatorComment.objects.create(ret=ret, indicator=indicator, by=by, text=text.strip())


def check_attachment(upload: UploadedFile) -> None:
    extension = Path(upload.name or "").suffix.lower()
    if extension not in ATTACHMENT_KINDS:
        raise ReturnError("Attach a PDF, Word (.doc, .docx) or Excel (.xls, .xlsx) file.")
    if not upload.size:
        raise ReturnError("The file is empty.")
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ReturnError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the most is "
            f"{ATTACHMENT_MAX_BYTES // 1024 // 1024} MB."
        )
    upload.seek(0)
    start = upload.read(8)
    upload.seek(0)
    if not start.startswith(ATTACHMENT_KINDS[extension]):
        raise ReturnError(f"{upload.name} is not the {extension} file its name says it is.")


def attach_file(*, ret: Return, by: User, upload: UploadedFile) -> ReturnAttachment:
    check_attachment(upload)
    with transaction.atomic():
        locked = Return.objects.select_for_update().select_related("contract").get(pk=ret.pk)
        if not may_edit(by, locked):
            raise NotPermitted("Only the provider's managers attach files, while it is a draft.")
        return ReturnAttachment.objects.create(
            ret=locked,
            file=upload,
            name=Path(upload.name).name[:200],
            size=upload.size,
            uploaded_by=by,
        )


def remove_attachment(*, attachment: ReturnAttachment, by: User) -> None:
    with transaction.atomic():
        locked = (
            Return.objects.select_for_update().select_related("contract").get(pk=attachment.ret_id)
        )
        if not may_edit(by, locked):
            raise NotPermitted("Attachments can be removed only from a draft, by its provider.")
        attachment.file.delete(save=False)
        attachment.delete()


def is_overdue(ret: Return, on: date | None = None) -> bool:
    return ret.is_editable and ret.due_date < (today() if on is None else on)


# --- Reminders -----------------------------------------------------------------------------

REMIND_DAYS_BEFORE = 5


@dataclass(frozen=True)
class Reminder:
    ret: Return
    recipients: list[str]
    overdue: bool


def remind_providers(
    *, on: date | None = None, days_before: int = REMIND_DAYS_BEFORE
) -> list[Reminder]:
    """E-mail each provider's managers about the returns they owe that are overdue or due
    within `days_before` days. At most one e-mail per return per day: the day's ReturnReminder
    row is written in the same transaction as the sending, so running twice sends nothing new
    and a failed send leaves no row (and is tried again next run)."""
    on = today() if on is None else on
    open_all_returns(
        contracts=Contract.objects.filter(end_date__gte=on - timedelta(days=366)), on=on
    )
    owed = (
        Return.objects.filter(
            status__in=(S.DRAFT, S.CHANGES_REQUESTED), due_date__lte=on + timedelta(days_before)
        )
        .exclude(reminders__sent_on=on)
        .select_related("contract", "contract__provider")
        .order_by("due_date", "id")
    )
    managers: dict[int, list[str]] = {}
    sent = []
    for ret in owed:
        provider_id = ret.contract.provider_id
        if provider_id not in managers:
            managers[provider_id] = sorted(
                User.objects.filter(
                    organisation_id=provider_id, role=Role.PROVIDER_MANAGER, is_active=True
                )
                .exclude(email="")
                .values_list("email", flat=True)
            )
        recipients = managers[provider_id]
        if not recipients:
            continue
        overdue = ret.due_date < on
        try:
            with transaction.atomic():
                ReturnReminder.objects.create(ret=ret, sent_on=on, recipients=", ".join(recipients))
                send_mail(
                    reminder_subject(ret, overdue),
                    reminder_body(ret, overdue),
                    None,
                    recipients,
                )
        except IntegrityError:
            # Another run sent today's reminder first.
            continue
        sent.append(Reminder(ret, recipients, overdue))
    return sent


def reminder_subject(ret: Return, overdue: bool) -> str:
    state = "overdue" if overdue else "due soon"
    return f"Tamar: {ret.contract.ref} return {ret.financial_year_label} {ret.period} {state}"


def reminder_body(ret: Return, overdue: bool) -> str:
    due = ret.due_date.strftime("%d/%m/%Y")
    base = getattr(settings, "TAMAR_BASE_URL", "").rstrip("/")
    when = f"was due on {due}" if overdue else f"is due on {due}"
    return (
        f"The {ret.financial_year_label} {ret.period} return for {ret.contract} {when} and has "
        f"not been submitted ({ret.get_status_display().lower()}).\n\n"
        f"Open it in Tamar: {base}{ret.get_absolute_url()}\n"
    )
