"""Writes about returns: opening them when a period ends, the provider's draft, the moves of
the workflow (submit, ask for changes, approve, reopen), comment threads and attachments.

Free of HTTP: each function takes the person acting (`by`), checks what they may do, and
raises a `ReturnError` whose message a view shows as it is. Every move locks the return, is
checked against the one table `ALLOWED_MOVES`, and writes its `ReturnEvent` in the same
transaction.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from smtplib import SMTPException
from typing import Any

import defusedxml
import defusedxml.ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Case, DateField, Value, When
from django.utils import timezone

from contracts.models import Contract, Role, User
from contracts.safety import (
    OLE_MAGIC,
    ZIP_MAGIC,
    Limits,
    RefusedFile,
    check_content_types,
    check_xml_part,
    check_zip_sizes,
)

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
from .periods import FinancialYear, today
from .return_queries import AWAITED, due_date_for, live_figures, periods_ended

logger = logging.getLogger(__name__)

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

# What an attachment may be: its extension, and how such a file starts (so a renamed
# executable is refused). DOCX and XLSX are zip files, checked further (check_attachment).
ZIP, OLE = ZIP_MAGIC, OLE_MAGIC
ATTACHMENT_KINDS: dict[str, bytes] = {
    ".pdf": b"%PDF-",
    ".docx": ZIP,
    ".xlsx": ZIP,
}
# The main part a real document or workbook declares in its [Content_Types].xml, and the
# folder it lives in; a macro-enabled one (.docm, .xlsm) declares another type.
MAIN_PARTS: dict[str, tuple[str, str]] = {
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "/word/",
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "/xl/",
    ),
}
MACRO_ENABLED = (".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm")
# Old-style Word and Excel files (an OLE container) can carry macros that nothing here can
# look for without an OLE parser, so they are refused: every Word and Excel since 2007 saves
# .docx and .xlsx, and PDF suits a document that is only to be read.
OLD_STYLE = {".doc": ".docx", ".xls": ".xlsx"}


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
    the contracts do not have yet, and bring the due dates of those not yet submitted in line
    with each contract's setting (changed in the admin or a shell, say). Two queries whatever
    the number of contracts (three, four when something was missing or out of date); safe to
    run twice at once (the unique constraint keeps one return per period)."""
    contracts = list(contracts)
    rows = list(
        Return.objects.filter(contract__in=contracts).values_list(
            "pk", "contract_id", "financial_year", "period", "status", "due_date"
        )
    )
    existing = {(contract_id, year, period) for _pk, contract_id, year, period, *_ in rows}
    _restate_due_dates(contracts, rows)
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
    """The contract's returns, newest period first, each period's created the first time it
    is asked for. Two or three queries."""
    open_all_returns(contracts=[contract], on=on)
    return list(contract.returns.all().order_by("-financial_year", "-period"))


def follow_due_date_setting(*, contract: Contract) -> int:
    """After the contract's `return_due_working_days` changed: the due date of every return
    it has not yet submitted (a draft, or sent back) follows the new setting; those submitted
    or approved keep the date they were due by. How many changed; one or two queries."""
    rows = Return.objects.filter(contract=contract).values_list(
        "pk", "contract_id", "financial_year", "period", "status", "due_date"
    )
    return _restate_due_dates([contract], list(rows))


def _restate_due_dates(contracts: list[Contract], rows: list[tuple]) -> int:
    """Give each awaited return among `rows` (pk, contract id, year, period, status, due date)
    the due date its contract's setting gives now: one UPDATE for all, none if none differ."""
    by_pk = {contract.pk: contract for contract in contracts}
    stale = {}
    for pk, contract_id, year, period, status, due in rows:
        if status not in AWAITED:
            continue
        now_due = due_date_for(by_pk[contract_id], FinancialYear(year), period)
        if now_due != due:
            stale[pk] = now_due
    if not stale:
        return 0
    # The status again in the UPDATE: a return submitted meanwhile keeps its date.
    return Return.objects.filter(pk__in=stale, status__in=AWAITED).update(
        due_date=Case(
            *[When(pk=pk, then=Value(due)) for pk, due in stale.items()],
            output_field=DateField(),
        )
    )


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
            # The exports' earlier quarters and trend charts, frozen with the figures (reports
            # owns what they are; imported here, as reports imports kpis).
            from reports.document import SNAPSHOT_KEY, snapshot_for_submission

            fields["frozen_figures"][SNAPSHOT_KEY] = snapshot_for_submission(locked)
        # The history row first: the database lets an approved return be reopened only once
        # its reopening is written (kpis.return_triggers).
        ReturnEvent.objects.create(
            ret=locked,
            action=action,
            from_status=locked.status,
            to_status=to_status,
            by=by,
            comment=comment,
            figures=locked.frozen_figures if action == Action.APPROVE else None,
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


THREADS_CLOSED = (
    "This return is approved: its threads are closed, and nothing can be added to them. An "
    "administrator may reopen it."
)
ATTACHMENTS_CLOSED = (
    "This return is approved: its attachments cannot change. An administrator may reopen it."
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


def check_attachment(upload: UploadedFile) -> None:
    """A PDF, or a real Word document or Excel workbook, at most 10 MB: refused with a reason
    otherwise. A .docx or .xlsx must be a zip within the import's limits (contracts.importer.
    safety: parts, unpacked size, compression ratio), hold no macros, and declare the main part
    of its kind; old-style .doc and .xls are refused (see OLD_STYLE)."""
    name = Path(upload.name or "").name
    extension = Path(name).suffix.lower()
    if extension in OLD_STYLE:
        raise ReturnError(
            f"{name} is an old-style {extension} file, which can hide macros: save it as "
            f"{OLD_STYLE[extension]} or PDF and attach that."
        )
    if extension in MACRO_ENABLED:
        raise ReturnError(
            f"{name} is a macro-enabled file ({extension}): save it without macros, as .docx, "
            ".xlsx or PDF."
        )
    if extension not in ATTACHMENT_KINDS:
        raise ReturnError("Attach a PDF, Word (.docx) or Excel (.xlsx) file.")
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
    if extension in MAIN_PARTS and start.startswith(OLE):
        raise ReturnError(
            f"{name} is password-protected (or an old-style file renamed): remove the password "
            f"and save it as {extension}."
        )
    if not start.startswith(ATTACHMENT_KINDS[extension]):
        raise ReturnError(f"{name} is not the {extension} file its name says it is.")
    if extension in MAIN_PARTS:
        try:
            _check_office_file(upload, name, extension)
        finally:
            upload.seek(0)


def _check_office_file(upload: UploadedFile, name: str, extension: str) -> None:
    main_type, folder = MAIN_PARTS[extension]
    # The import's zip limits (settings): far above any real 10 MB document, far below a bomb.
    limits = Limits.from_settings()
    not_real = f"{name} is not a real {extension} file: Word or Excel cannot have saved it."
    try:
        if not zipfile.is_zipfile(upload):
            raise ReturnError(not_real)
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            check_zip_sizes(name, entries, limits)
            parts = {entry.filename.lower(): entry for entry in entries}
            if any(part.endswith("vbaproject.bin") for part in parts):
                raise ReturnError(
                    f"{name} contains macros (a VBA project): save it without macros, as "
                    f"{extension}."
                )
            types = parts.get("[content_types].xml")
            if types is None:
                raise ReturnError(not_real)
            check_xml_part(archive, types, name)
            if extension == ".xlsx":
                check_content_types(archive, types, name)  # an .xlsm renamed
            declared = _main_parts(archive, types, name)
    except RefusedFile as refused:
        raise ReturnError(str(refused)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        raise ReturnError(f"{name} is a damaged or unsupported zip file.") from None
    if any("macroenabled" in content_type for content_type in declared.values()):
        raise ReturnError(
            f"{name} is a macro-enabled file renamed {extension}: save it without macros, as "
            f"{extension}."
        )
    main = [part for part, content_type in declared.items() if content_type == main_type]
    if not main or not all(part.startswith(folder) and part[1:] in parts for part in main):
        raise ReturnError(not_real)


def _main_parts(archive: zipfile.ZipFile, types: zipfile.ZipInfo, name: str) -> dict[str, str]:
    """Each part named in [Content_Types].xml (lowercase, with its leading slash) with its
    declared content type (lowercase)."""
    try:
        root = defusedxml.ElementTree.fromstring(archive.read(types), forbid_dtd=True)
    except (defusedxml.DefusedXmlException, defusedxml.ElementTree.ParseError):
        raise ReturnError(
            f"{name}: its list of parts ([Content_Types].xml) is unreadable."
        ) from None
    return {
        element.get("PartName", "").lower(): element.get("ContentType", "").lower()
        for element in root
        if element.tag.endswith("Override")
    }


def _locked_for_attachments(ret_id: int, by: User, refusal: str) -> Return:
    locked = Return.objects.select_for_update().select_related("contract").get(pk=ret_id)
    if locked.status == S.APPROVED:
        raise ReturnError(ATTACHMENTS_CLOSED)
    if not may_edit(by, locked):
        raise NotPermitted(refusal)
    return locked


def attach_file(*, ret: Return, by: User, upload: UploadedFile) -> ReturnAttachment:
    check_attachment(upload)
    with transaction.atomic():
        locked = _locked_for_attachments(
            ret.pk, by, "Only the provider's managers attach files, while it is a draft."
        )
        attachment = ReturnAttachment(
            ret=locked, name=Path(upload.name).name[:200], size=upload.size, uploaded_by=by
        )
        try:
            attachment.file = upload
            attachment.save()
        except DatabaseError:
            # The file was stored before the row was refused: take it away again.
            if attachment.file.name:
                attachment.file.storage.delete(attachment.file.name)
            raise
        return attachment


def remove_attachment(*, attachment: ReturnAttachment, by: User) -> None:
    with transaction.atomic():
        _locked_for_attachments(
            attachment.ret_id,
            by,
            "Attachments can be removed only from a draft, by its provider.",
        )
        stored = attachment.file
        attachment.delete()
        # The file goes once the row's removal is committed: were it rolled back, the row
        # would still name the file.
        transaction.on_commit(partial(stored.storage.delete, stored.name))


def is_overdue(ret: Return, on: date | None = None) -> bool:
    return ret.is_editable and ret.due_date < (today() if on is None else on)


# --- Reminders -----------------------------------------------------------------------------

REMIND_DAYS_BEFORE = 5


@dataclass(frozen=True)
class Reminder:
    ret: Return
    recipients: list[str]
    overdue: bool
    error: str = ""  # why it could not be sent (it is tried again on the next run)

    @property
    def sent(self) -> bool:
        return not self.error


def remind_providers(
    *, on: date | None = None, days_before: int = REMIND_DAYS_BEFORE
) -> list[Reminder]:
    """E-mail each provider's managers about the returns they owe that are overdue or due
    within `days_before` days; every reminder tried, sent or not. At most one e-mail per return
    per day: the day's ReturnReminder row is written in the same transaction as the sending, so
    running twice sends nothing new, and a failed send (a mail server refusing a recipient, or
    not answering) leaves no row: it is logged, the others are still sent, and it is tried
    again on the next run."""
    on = today() if on is None else on
    open_all_returns(
        contracts=Contract.objects.filter(end_date__gte=on - timedelta(days=366)), on=on
    )
    owed = (
        Return.objects.filter(status__in=AWAITED, due_date__lte=on + timedelta(days_before))
        .exclude(reminders__sent_on=on)
        .select_related("contract", "contract__provider")
        .order_by("due_date", "id")
    )
    managers: dict[int, list[str]] = {}
    tried = []
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
        except (SMTPException, OSError) as error:
            logger.warning(
                "The reminder about return %s (%s) to %s was not sent: %s",
                ret.pk,
                ret,
                ", ".join(recipients),
                error,
            )
            tried.append(Reminder(ret, recipients, overdue, error=str(error) or repr(error)))
            continue
        tried.append(Reminder(ret, recipients, overdue))
    return tried


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
