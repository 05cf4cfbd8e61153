"""Checks across the cells of one row (and, through the checker, the rows they point at).

Each yields (column, reason); it is only asked about cells that were read successfully. The
tables of schema.py name the checks that apply to their rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from contracts.dates import one_year_after

if TYPE_CHECKING:
    from .engine import Checker

RowCheck = Callable[[dict[str, Any], "Checker"], Iterator[tuple[str, str]]]


def ends_after_start(start: str = "start_date", end: str = "end_date") -> RowCheck:
    def check(row: dict[str, Any], checker: Checker) -> Iterator[tuple[str, str]]:
        if row.get(start) and row.get(end) and row[end] < row[start]:
            yield end, f"{row[end]} is before the {start.replace('_', ' ')} {row[start]}"

    return check


def born_by_today(row: dict[str, Any], checker: Checker) -> Iterator[tuple[str, str]]:
    born = row.get("date_of_birth")
    today = checker.today  # the day the check runs, never the day the module loaded
    if born and born > today:
        yield (
            "date_of_birth",
            f"{born} is after today ({today}): the date of birth cannot be in the future",
        )


def case_starts_after_referral(row: dict[str, Any], checker: Checker) -> Iterator[tuple[str, str]]:
    referral, start = row.get("referral_date"), row.get("start_date")
    if referral and start and start < referral:
        yield "start_date", f"the case starts ({start}) before its referral ({referral})"


def contact_recorded_after_it_happened(
    row: dict[str, Any], checker: Checker
) -> Iterator[tuple[str, str]]:
    happened, recorded = row.get("contact_date"), row.get("recorded_date")
    if happened and recorded and recorded < happened:
        yield (
            "recorded_date",
            f"the contact is recorded ({recorded}) before it happened ({happened})",
        )


def match_at_most_twelve_months(row: dict[str, Any], checker: Checker) -> Iterator[tuple[str, str]]:
    start, end = row.get("start_date"), row.get("end_date")
    if start and end and end >= start and end > one_year_after(start):
        yield (
            "end_date",
            f"a match lasts at most 12 calendar months: one starting {start} must end by "
            f"{one_year_after(start)}",
        )


def mentee_is_not_the_mentor(row: dict[str, Any], checker: Checker) -> Iterator[tuple[str, str]]:
    mentor_ref, mentee_ref = row.get("mentor_ref"), row.get("mentee_ref")
    if mentor_ref and mentee_ref:
        mentor_is = checker.value_of("mentors", mentor_ref, "young_person_ref")
        if mentor_is == mentee_ref:
            yield (
                "mentee_ref",
                f"{mentee_ref} is the mentor {mentor_ref} themself: a mentor cannot mentor "
                "themself",
            )


def application_rules(row: dict[str, Any], checker: Checker) -> Iterator[tuple[str, str]]:
    awarded, requested = row.get("amount_awarded"), row.get("amount_requested")
    if awarded is not None and requested is not None and awarded > requested:
        yield "amount_awarded", f"{awarded} is more than the amount requested ({requested})"
    if awarded is not None and row.get("decision") and row["decision"] != "approved":
        yield (
            "amount_awarded",
            f"only an approved application has an award; the decision is {row['decision']}",
        )
    submitted, decided = row.get("submitted_date"), row.get("decision_date")
    if submitted and decided and decided < submitted:
        yield "decision_date", f"the decision ({decided}) is before the submission ({submitted})"


def match_limit(fields: dict[str, Any]) -> dict[str, Any]:
    """Match.save() sets limit_date; the import writes in bulk, so it sets it itself."""
    return {"limit_date": one_year_after(fields["start_date"])}
