"""Check a council's two SSDA903 files against the contract's young people: every problem,
and what importing them would do. Nothing is written here (write.py does that).

Each child the episodes name is matched to the contract's young person with that council
child ID; their `in_care` intervals and placements become what the files say (episodes.py),
and nothing else of theirs changes. A young person whose records already say exactly that is
left untouched, so a second import of the same files writes nothing. The queries do not grow
with the files: the contract's young people, their care statuses and their placements are
read once each, and the writes are in bulk.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models

from contracts.models import CareStatus, Contract, ImportRun, Placement, YoungPerson
from contracts.safety import RefusedFile, check_file

from ..plans import Problem
from ..sources import csv_rows
from .episodes import Span, SpanChanges, child_history, span_changes
from .files import (
    EpisodesFile,
    HeaderFile,
    children_missing_from_header,
    read_episodes,
    read_header,
    shown,
)

IN_CARE = "in_care"


@dataclass
class SpanCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    def add(self, changes: SpanChanges) -> None:
        self.created += len(changes.create)
        self.updated += len(changes.update)
        self.deleted += len(changes.delete)
        self.unchanged += changes.unchanged

    @property
    def written(self) -> int:
        return self.created + self.updated

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
        }

    def __str__(self) -> str:
        return (
            f"{self.created:,} created, {self.updated:,} updated, {self.deleted:,} deleted, "
            f"{self.unchanged:,} unchanged"
        )


@dataclass
class PersonChanges:
    young_person: YoungPerson
    periods: SpanChanges
    placements: SpanChanges


@dataclass
class Ssda903Result:
    header_name: str
    episodes_name: str
    problems: list[Problem] = field(default_factory=list)
    # Listed, never blocking: a date of birth in the header that is not the young person's.
    warnings: list[Problem] = field(default_factory=list)
    not_matched: list[str] = field(default_factory=list)  # child ids no young person has
    people_updated: int = 0
    people_unchanged: int = 0
    periods: SpanCounts = field(default_factory=SpanCounts)
    placements: SpanCounts = field(default_factory=SpanCounts)
    changes: list[PersonChanges] = field(default_factory=list)
    stored: dict[type[models.Model], dict[int, Any]] = field(default_factory=dict)
    run: ImportRun | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def file_names(self) -> str:
        return f"{self.header_name}, {self.episodes_name}"

    @property
    def counts_by_kind(self) -> list[tuple[str, SpanCounts]]:
        return [("Periods in care", self.periods), ("Placements", self.placements)]

    def counts_as_dict(self) -> dict[str, dict[str, int]]:
        return {
            "young_people": {
                "updated": self.people_updated,
                "unchanged": self.people_unchanged,
                "not_matched": len(self.not_matched),
            },
            "in_care_intervals": self.periods.as_dict(),
            "placements": self.placements.as_dict(),
        }


def read_files(
    header_path: Path, episodes_path: Path, result: Ssda903Result
) -> tuple[HeaderFile, EpisodesFile]:
    readable = []
    for path, name in ((header_path, result.header_name), (episodes_path, result.episodes_name)):
        before = len(result.problems)
        try:
            if check_file(path, name) != ".csv":
                raise RefusedFile(f"{name} is not a .csv file: SSDA903 files are CSV.")
        except RefusedFile as error:
            result.problems.append(Problem(name, None, None, str(error)))
        except OSError as error:
            reason = f"{name} cannot be read ({error.strerror or error})."
            result.problems.append(Problem(name, None, None, reason))
        readable.append(len(result.problems) == before)
    header = (
        read_header(result.header_name, csv_rows(header_path))
        if readable[0]
        else HeaderFile(result.header_name, readable=False)
    )
    episodes = (
        read_episodes(result.episodes_name, csv_rows(episodes_path))
        if readable[1]
        else EpisodesFile(result.episodes_name)
    )
    result.problems += header.problems + episodes.problems
    result.problems += children_missing_from_header(header, episodes)
    return header, episodes


def check_ssda903(
    header_path: Path,
    episodes_path: Path,
    *,
    contract: Contract,
    header_name: str | None = None,
    episodes_name: str | None = None,
) -> Ssda903Result:
    """Every problem, and what importing the files would do; nothing is written."""
    result = Ssda903Result(header_name or header_path.name, episodes_name or episodes_path.name)
    header, episodes = read_files(header_path, episodes_path, result)

    people: dict[str, list[YoungPerson]] = defaultdict(list)
    for person in YoungPerson.objects.filter(contract=contract).exclude(la_child_id=""):
        people[person.la_child_id.strip()].append(person)
    matched: dict[str, YoungPerson] = {}
    for child in episodes.named:
        found = people.get(child, [])
        if not found:
            result.not_matched.append(child)
        elif len(found) > 1:
            refs = ", ".join(sorted(person.ref for person in found))
            result.problems.append(
                Problem(
                    episodes.name,
                    episodes.named[child],
                    "CHILD",
                    f"child {child} is the council child ID of {len(found)} young people "
                    f"({refs}): give it to one of them only",
                )
            )
        else:
            matched[child] = found[0]

    ids = [person.pk for person in matched.values()]
    statuses = stored_by_person(CareStatus, contract)
    stored_placements = stored_by_person(Placement, contract)
    result.stored = {
        model: {record.pk: record for pk in ids for record in records.get(pk, [])}
        for model, records in ((CareStatus, statuses), (Placement, stored_placements))
    }
    for child, person in matched.items():
        history = child_history(episodes.name, episodes.episodes.get(child, []))
        result.problems += history.problems
        warn_about_birth_date(result, header, child, person)
        if history.problems:
            continue
        own = statuses.get(person.pk, [])
        periods = span_changes(
            {s.pk: Span(s.start_date, s.end_date) for s in own if s.status == IN_CARE},
            history.periods,
        )
        result.problems += start_clashes(episodes.name, child, own, periods)
        placements = span_changes(
            {
                p.pk: Span(p.start_date, p.end_date, p.placement_code)
                for p in stored_placements.get(person.pk, [])
            },
            history.placements,
        )
        result.periods.add(periods)
        result.placements.add(placements)
        if periods.changed or placements.changed:
            result.people_updated += 1
            result.changes.append(PersonChanges(person, periods, placements))
        else:
            result.people_unchanged += 1
    result.problems.sort(key=lambda problem: problem_order(result, problem))
    result.warnings.sort(key=lambda problem: problem_order(result, problem))
    return result


def stored_by_person(model: type[models.Model], contract: Contract) -> dict[int, list[Any]]:
    """Every care status (or placement) of the contract's young people who have a council
    child ID: one query, whatever the number of people."""
    by_person: dict[int, list[Any]] = defaultdict(list)
    rows = model._default_manager.filter(young_person__contract=contract).exclude(
        young_person__la_child_id=""
    )
    for row in rows:
        by_person[row.young_person_id].append(row)
    return by_person


def start_clashes(
    file_name: str, child: str, statuses: list[CareStatus], periods: SpanChanges
) -> list[Problem]:
    """A young person's care statuses cannot start on the same day: a period in care starting
    the day one of their other statuses (kept as it is) starts cannot be written."""
    others = {s.start_date: s for s in statuses if s.status != IN_CARE}
    return [
        Problem(
            file_name,
            span.row,
            "DECOM",
            f"child {child}'s period in care from {shown(span.start)} starts the same day as "
            f"their care status '{others[span.start].get_status_display()}': change that "
            "status's start, or end it the day before, and import again",
        )
        for span in periods.create
        if span.start in others
    ]


def warn_about_birth_date(
    result: Ssda903Result, header: HeaderFile, child: str, person: YoungPerson
) -> None:
    entry = header.children.get(child)
    if entry is None or not entry.born_text or entry.born == person.date_of_birth:
        return
    given = shown(entry.born) if entry.born else f"'{entry.born_text}'"
    result.warnings.append(
        Problem(
            header.name,
            entry.row,
            "DOB",
            f"child {child}'s date of birth {given} is not that of {person.full_name} "
            f"({person.ref}), born {shown(person.date_of_birth)}: check that the council "
            "child ID is theirs",
        )
    )


def problem_order(result: Ssda903Result, problem: Problem) -> tuple[int, int, int, str]:
    files = [result.header_name, result.episodes_name]
    columns = ["CHILD", "DECOM", "LS", "PLACE", "DEC", "DOB"]
    return (
        files.index(problem.sheet) if problem.sheet in files else 2,
        problem.row or 0,
        columns.index(problem.column) if problem.column in columns else len(columns),
        problem.reason,
    )
