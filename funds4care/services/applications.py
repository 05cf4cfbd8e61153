"""Applications made on screen by the provider's staff, for or with a young person: the draft,
submitting it (checked against the fund's eligibility, each refusal a reason in plain words),
withdrawing it, its files and its onward support.

Nothing typed is lost: the draft is saved first, and only the submission is refused."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from contracts.codes import CARE_STATUSES
from contracts.dates import age_on
from contracts.models import Contract, User, YoungPerson
from contracts.people import care_status_on
from contracts.records.services import save_with_next_ref

from ..models import Application, ApplicationFile, Round
from .common import Funds4CareError, checked, record_event, require_staff, year_label
from .files import check_upload
from .ledger import of_fund

DRAFT_FIELDS = ("young_person", "round", "purpose", "reason", "quote", "amount_requested")


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def save_draft(
    *,
    contract: Contract,
    by: User,
    values: Mapping[str, Any],
    application: Application | None = None,
) -> Application:
    """Start an application, or change a draft: what it is for, how much, why, any quote. A
    new one gets the contract's next reference (A-0001...)."""
    require_staff(by, contract, "make applications")
    unknown = set(values) - set(DRAFT_FIELDS)
    if unknown:
        raise Funds4CareError(f"Not part of an application: {', '.join(sorted(unknown))}.")
    person = values.get("young_person", application.young_person if application else None)
    if person is None or person.contract_id != contract.pk:
        raise Funds4CareError("Choose the young person it is for, from this contract's.")
    chosen = values.get("round")
    if chosen is not None and chosen.fund.contract_id != contract.pk:
        raise Funds4CareError("Choose a round of this contract's fund.")
    with transaction.atomic():
        if application is None:
            target = Application(contract=contract, stage=Application.Stage.DRAFT, created_by=by)
        else:
            target = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
            if target.contract_id != contract.pk:
                raise Funds4CareError("This application is not one of this contract's.")
            if target.stage != Application.Stage.DRAFT:
                raise Funds4CareError(f"{target} is {target.status}: only a draft can be changed.")
        for name, value in values.items():
            if name == "amount_requested" and value is None:
                value = Decimal("0.00")  # not said yet: submitting asks for it
            setattr(target, name, value)
        if target.amount_requested is None:
            target.amount_requested = Decimal("0.00")
        checked(target, exclude=["ref"])
        if application is None:
            save_with_next_ref(target)
            record_event(target, action="created", from_status="", by=by)
        else:
            target.save()
    return target


def eligibility_problems(application: Application, on: date) -> list[str]:
    """Why the application may not be submitted on `on`, each in plain words naming the rule
    and the young person's fact; empty when it may."""
    person, chosen = application.young_person, application.round
    name = person.first_name
    if chosen is None:
        return ["Choose the round it is for."]
    fund = chosen.fund
    problems = []
    if not chosen.is_open(on):
        problems.append(
            f"Not open: {chosen} takes applications from {chosen.opens_on:%d/%m/%Y} to "
            f"{chosen.closes_on:%d/%m/%Y}, and today is {on:%d/%m/%Y}."
        )
    age = age_on(person.date_of_birth, on)
    if not fund.min_age <= age <= fund.max_age:
        problems.append(
            f"Not eligible: Funds4 Care is for young people aged {fund.min_age} to "
            f"{fund.max_age} on the day they apply; {name} is {age}."
        )
    status = (
        YoungPerson.objects.filter(pk=person.pk)
        .annotate(status=care_status_on(on))
        .values_list("status", flat=True)
        .get()
    )
    if status not in fund.care_statuses:
        allowed = _join([CARE_STATUSES[code].lower() for code in fund.care_statuses])
        problems.append(
            f"Not eligible: Funds4 Care is for young people whose care status is {allowed} on "
            f"the day they apply; {name}'s on {on:%d/%m/%Y} is "
            f"{CARE_STATUSES.get(status, status).lower()}."
        )
    grants = list(
        Application.objects.filter(of_fund(fund), young_person=person, decision="approved")
        .exclude(pk=application.pk)
        .values_list("ref", flat=True)
    )
    if len(grants) >= fund.grants_per_year:
        problems.append(
            f"Not eligible: a young person may have {fund.grants_per_year} grant"
            f"{'s' if fund.grants_per_year != 1 else ''} in {year_label(fund.financial_year)}; "
            f"{name} has had {len(grants)} ({', '.join(grants)})."
        )
    if not application.amount_requested or application.amount_requested <= 0:
        problems.append("Say how much is asked for: more than £0.")
    return problems


def submit(*, application: Application, by: User, on: date | None = None) -> Application:
    """Submit a draft on `on` (today), if the young person may apply then; refused with every
    reason otherwise, and the draft stays as it was."""
    on = timezone.localdate() if on is None else on
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("contract", "young_person", "round__fund")
            .get(pk=application.pk)
        )
        require_staff(by, locked.contract, "submit applications")
        if locked.stage != Application.Stage.DRAFT:
            raise Funds4CareError(f"{locked} is already {locked.status}; nothing was changed.")
        problems = eligibility_problems(locked, on)
        if problems:
            raise Funds4CareError(
                " ".join(problems) + " The draft is saved: nothing you typed is lost."
            )
        locked.stage, locked.submitted_date = Application.Stage.SUBMITTED, on
        locked.save(update_fields=["stage", "submitted_date"])
        record_event(locked, action="submitted", from_status="draft", by=by)
    return locked


def withdraw(*, application: Application, by: User, reason: str = "") -> Application:
    """Withdraw a submitted application before it is decided (the young person changed their
    mind, or found the money elsewhere)."""
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("contract")
            .get(pk=application.pk)
        )
        require_staff(by, locked.contract, "withdraw applications")
        if locked.stage == Application.Stage.DRAFT:
            raise Funds4CareError(f"{locked} is a draft: it was never submitted to withdraw.")
        if locked.stage == Application.Stage.WITHDRAWN:
            raise Funds4CareError(f"{locked} is already withdrawn; nothing was changed.")
        if locked.decision != "pending":
            raise Funds4CareError(f"{locked} is already {locked.status}: it cannot be withdrawn.")
        locked.stage = Application.Stage.WITHDRAWN
        locked.save(update_fields=["stage"])
        record_event(locked, action="withdrawn", from_status="submitted", by=by,
                     comment=(reason or "").strip())  # fmt: skip
    return locked


def set_onward_support(*, application: Application, by: User, value: bool) -> Application:
    """Whether the application led to onward non-financial support (1.10)."""
    require_staff(by, application.contract, "record onward support")
    application.onward_support = value
    application.save(update_fields=["onward_support"])
    return application


def attach_file(*, application: Application, by: User, upload: UploadedFile) -> ApplicationFile:
    """A quote, a photo of the item, a letter: checked as a real document or image."""
    require_staff(by, application.contract, "attach files")
    check_upload(upload)
    with transaction.atomic():
        locked = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        if locked.decision != "pending" or locked.stage == Application.Stage.WITHDRAWN:
            raise Funds4CareError(f"{locked} is {locked.status}: its files cannot change.")
        attached = ApplicationFile(
            application=locked, name=Path(upload.name).name[:200], size=upload.size,
            uploaded_by=by,
        )  # fmt: skip
        try:
            attached.file = upload
            attached.save()
        except DatabaseError:
            if attached.file.name:
                attached.file.storage.delete(attached.file.name)
            raise
    return attached


def remove_file(*, attached: ApplicationFile, by: User) -> None:
    application = attached.application
    require_staff(by, application.contract, "remove files")
    if application.decision != "pending" or application.stage == Application.Stage.WITHDRAWN:
        raise Funds4CareError(f"{application} is {application.status}: its files cannot change.")
    stored = attached.file
    with transaction.atomic():
        attached.delete()
        transaction.on_commit(partial(stored.storage.delete, stored.name))


def open_rounds(contract: Contract, on: date) -> list[Round]:
    return list(
        Round.objects.filter(fund__contract=contract, opens_on__lte=on, closes_on__gte=on)
        .select_related("fund")
        .order_by("closes_on")
    )
