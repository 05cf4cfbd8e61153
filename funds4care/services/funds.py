"""The fund of a contract and year (its pot, cap and eligibility), its rounds and their rubrics,
and young people's roles in running the fund (1.8)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from contracts.codes import CARE_STATUSES
from contracts.models import Contract, Role, User, YoungPerson

from ..models import Criterion, Fund, Funds4CareRole, Round
from .common import Funds4CareError, checked, require_manager, require_staff, year_label
from .ledger import spent_on

FUND_FIELDS = ("pot", "grant_cap", "min_age", "max_age", "care_statuses", "grants_per_year")
ROUND_FIELDS = ("name", "opens_on", "closes_on")


def open_fund(*, contract: Contract, year: int, by: User) -> Fund:
    """Open the contract's fund for a financial year with the defaults (a manager's button; the
    fund's page only reads). Opening one already open gives the one there is."""
    fund = Fund.objects.filter(contract=contract, financial_year=year).first()
    if fund is not None:
        return fund
    require_manager(by, contract, "open a fund")
    try:
        with transaction.atomic():
            return Fund.objects.create(contract=contract, financial_year=year)
    except IntegrityError:
        # Another manager opened it in the same instant: theirs is the fund.
        return Fund.objects.get(contract=contract, financial_year=year)


def update_fund(*, fund: Fund, by: User, values: Mapping[str, Any]) -> Fund:
    """Change the pot, the cap or who may apply; simple_history keeps each change as a row."""
    unknown = set(values) - set(FUND_FIELDS)
    if unknown:
        raise Funds4CareError(f"Not a setting of the fund: {', '.join(sorted(unknown))}.")
    statuses = values.get("care_statuses")
    if statuses is not None:
        if not statuses:
            raise Funds4CareError("Choose at least one care status that may apply.")
        if set(statuses) - set(CARE_STATUSES):
            raise Funds4CareError("Choose the care statuses from the list.")
        values = {**values, "care_statuses": [c for c in CARE_STATUSES if c in set(statuses)]}
    with transaction.atomic():
        # Locked, as approving locks it: the pot cannot shrink under an approval.
        locked = Fund.objects.select_for_update().select_related("contract").get(pk=fund.pk)
        require_manager(by, locked.contract, "change the fund's settings")
        for name, value in values.items():
            setattr(locked, name, value)
        checked(locked)
        spent = spent_on(locked)
        if locked.pot < spent:
            raise Funds4CareError(
                f"The pot cannot be less than the £{spent:,.2f} already awarded or paid from it."
            )
        locked.save()
    return locked


def save_round(
    *,
    fund: Fund,
    by: User,
    values: Mapping[str, Any],
    panel: Iterable[User],
    round: Round | None = None,
) -> Round:
    """Open a round of the fund, or change one: its name, dates and panel. The panel is chosen
    from the provider's grant panel members."""
    require_manager(by, fund.contract, "open or change rounds")
    panel = list(panel)
    outsiders = [
        member.get_full_name() or member.username
        for member in panel
        if member.role != Role.PANEL_MEMBER or member.organisation_id != fund.contract.provider_id
    ]
    if outsiders:
        raise Funds4CareError(
            f"Only the provider's grant panel members sit on a panel: {', '.join(outsiders)}."
        )
    target = round or Round(fund=fund)
    if target.fund_id != fund.pk:
        raise Funds4CareError("This round belongs to another fund.")
    for name in ROUND_FIELDS:
        if name in values:
            setattr(target, name, values[name])
    if target.opens_on and target.closes_on and target.closes_on < target.opens_on:
        raise Funds4CareError("A round cannot close before it opens.")
    start, end = date(fund.financial_year, 4, 1), date(fund.financial_year + 1, 3, 31)
    if target.opens_on and not start <= target.opens_on <= end:
        raise Funds4CareError(
            f"A round of {year_label(fund.financial_year)} opens within that year "
            f"({start:%d/%m/%Y} to {end:%d/%m/%Y})."
        )
    checked(target)
    with transaction.atomic():
        target.save()
        target.panel.set(panel)
    return target


def set_rubric(*, round: Round, by: User, criteria: list[Mapping[str, Any]]) -> list[Criterion]:
    """Make the round's rubric exactly these criteria, in this order. Each is a mapping of
    name, guidance and weight, with `id` for one that exists. A criterion the panel has
    already scored cannot be taken away."""
    require_manager(by, round.fund.contract, "change a round's rubric")
    names = [str(row["name"]).strip().casefold() for row in criteria]
    if len(set(names)) != len(names):
        raise Funds4CareError("Two criteria have the same name: give each its own.")
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round.pk).values_list("pk").get()
        existing = {c.pk: c for c in round.criteria.all()}
        kept = {row["id"] for row in criteria if row.get("id")}
        if kept - set(existing):
            raise Funds4CareError("A criterion is not part of this round's rubric.")
        leaving = [c for pk, c in existing.items() if pk not in kept]
        scored = [c.name for c in leaving if c.scores.exists()]
        if scored:
            raise Funds4CareError(
                f"The panel has scored {', '.join(scored)}: it stays in the rubric."
            )
        for criterion in leaving:
            criterion.delete()
        saved = []
        # Names are unique in a round: a row renamed to another's old name (two swapped)
        # would clash midway, so those rows first take a name no one types (no history row:
        # the real name is saved, with its history, just below).
        new_names = {row["id"]: str(row["name"]).strip() for row in criteria if row.get("id")}
        old_names = {c.name: pk for pk, c in existing.items() if pk in kept}
        for pk, name in new_names.items():
            if old_names.get(name, pk) != pk:
                Criterion.objects.filter(pk=old_names[name]).update(name=f"~{old_names[name]}~")
        for position, row in enumerate(criteria):
            criterion = existing[row["id"]] if row.get("id") else Criterion(round=round)
            criterion.name = str(row["name"]).strip()
            criterion.guidance = str(row.get("guidance") or "").strip()
            criterion.weight = row.get("weight") or 1
            criterion.position = position
            checked(criterion)
            criterion.save()
            saved.append(criterion)
    return saved


def add_role(
    *, young_person: YoungPerson, by: User, role: str, start_date: date, training: str = ""
) -> Funds4CareRole:
    """A young person takes a role in running the fund (1.8 counts them while it is active)."""
    require_staff(by, young_person.contract, "record roles in running Funds4 Care")
    record = Funds4CareRole(
        young_person=young_person, role=role.strip(), start_date=start_date, training=training
    )
    checked(record)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise Funds4CareError(
            f"{young_person.first_name} already has the role {record.role} from "
            f"{start_date:%d/%m/%Y}."
        ) from None
    return record


def end_role(*, role: Funds4CareRole, by: User, end_date: date) -> Funds4CareRole:
    require_staff(by, role.young_person.contract, "record roles in running Funds4 Care")
    if end_date < role.start_date:
        raise Funds4CareError(
            f"The role began on {role.start_date:%d/%m/%Y}: it cannot end before then."
        )
    role.end_date = end_date
    checked(role)
    role.save(update_fields=["end_date"])
    return role
