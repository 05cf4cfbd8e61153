"""Reading a council's SSDA903 Header and Episodes CSVs: only the columns the import uses are
looked at, each problem is kept at its file, row and column, and a short break's episode
(legal status V3 or V4) is left out before anything else of it is judged. No database here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from contracts.codes import PLACEMENT_CODES

from ..columns import EARLIEST_DATE, LATEST_DATE, CellError
from ..plans import Problem
from ..sources import UnreadableRow

HEADER_REQUIRED = ("CHILD",)
HEADER_OPTIONAL = ("DOB",)  # only compared with the young person's, as a warning
EPISODES_REQUIRED = ("CHILD", "DECOM", "LS", "PLACE", "DEC")
SHORT_BREAKS = frozenset({"V3", "V4"})

# [0-9], not \d: \d also matches other scripts' digits.
UK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_date(text: str) -> date:
    """dd/mm/yyyy, as the return writes dates, or yyyy-mm-dd, as some councils' tools do."""
    if match := UK_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(f"'{text}' is not a date written dd/mm/yyyy (for example 01/04/2025)")
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise CellError(f"'{text}' is not a real date") from None
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise CellError(f"'{text}' is outside the years 1900-2100: is the year mistyped?")
    return parsed


def shown(day: date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class Episode:
    row: int
    child: str
    start: date  # DECOM
    ceased: date | None  # DEC: the day it ceased and the next began; None while open
    place: str


@dataclass(frozen=True)
class HeaderChild:
    row: int
    born: date | None
    born_text: str


@dataclass
class HeaderFile:
    name: str
    children: dict[str, HeaderChild] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True


@dataclass
class EpisodesFile:
    name: str
    # The care episodes (short breaks left out) read without a problem, by child.
    episodes: dict[str, list[Episode]] = field(default_factory=lambda: defaultdict(list))
    # Every child with an episode row, short breaks included, in the order of the file (the
    # children the files name), with the first row naming them.
    named: dict[str, int] = field(default_factory=dict)
    # The rows of each child's care episodes, for the check against the header.
    rows: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def locate_columns(
    file_name: str, header: Sequence[str], required: Sequence[str], optional: Sequence[str] = ()
) -> tuple[dict[str, int], list[Problem]]:
    """Where each column the import uses is, by name (any case); the others are not looked at."""
    wanted = set(required) | set(optional)
    positions: dict[str, int] = {}
    problems = []
    for position, text in enumerate(header):
        name = text.strip().lstrip("\ufeff").strip().upper()
        if name not in wanted:
            continue
        if name in positions:
            problems.append(
                Problem(file_name, 1, name, "this column appears twice: keep only one of them")
            )
        positions.setdefault(name, position)
    for name in required:
        if name not in positions:
            problems.append(Problem(file_name, 1, name, "this required column is missing"))
    return positions, problems


def numbered(
    file_name: str, rows: Iterator[list[str]], problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """The rows after the header, numbered as a spreadsheet shows them (the header is row 1),
    blank ones skipped; a row the reader cannot get past becomes a problem and ends them."""
    row = 1
    try:
        for row, cells in enumerate(rows, start=2):
            if any(cell.strip() for cell in cells):
                yield row, cells
    except UnreadableRow as error:
        problems.append(Problem(file_name, row + 1, None, str(error)))


def first_row(file_name: str, rows: Iterator[list[str]], problems: list[Problem]) -> list[str]:
    try:
        header = next(rows, None)
    except UnreadableRow as error:
        problems.append(Problem(file_name, 1, None, str(error)))
        return []
    if header is None:
        problems.append(Problem(file_name, None, None, "the file is empty"))
        return []
    return header


def cell(cells: list[str], positions: Mapping[str, int], name: str) -> str:
    position = positions.get(name)
    if position is None or position >= len(cells):
        return ""
    return cells[position].strip()


def read_header(file_name: str, rows: Iterable[list[str]]) -> HeaderFile:
    result = HeaderFile(file_name)
    rows = iter(rows)
    header = first_row(file_name, rows, result.problems)
    positions, problems = locate_columns(file_name, header, HEADER_REQUIRED, HEADER_OPTIONAL)
    if not header or problems:
        result.problems += problems if header else []
        result.readable = False
        return result
    for row, cells in numbered(file_name, rows, result.problems):
        child = cell(cells, positions, "CHILD")
        if not child:
            result.problems.append(
                Problem(file_name, row, "CHILD", "is empty: every row needs the child's ID")
            )
            continue
        born_text = cell(cells, positions, "DOB")
        try:
            born = parse_date(born_text) if born_text else None
        except CellError:
            born = None  # the date of birth only warns, so a messy one is not a problem
        result.children.setdefault(child, HeaderChild(row, born, born_text))
    return result


def read_episodes(file_name: str, rows: Iterable[list[str]]) -> EpisodesFile:
    result = EpisodesFile(file_name)
    rows = iter(rows)
    header = first_row(file_name, rows, result.problems)
    positions, problems = locate_columns(file_name, header, EPISODES_REQUIRED)
    if not header or problems:
        result.problems += problems if header else []
        return result
    for row, cells in numbered(file_name, rows, result.problems):
        values = {name: cell(cells, positions, name) for name in EPISODES_REQUIRED}
        child = values["CHILD"]
        if child:
            result.named.setdefault(child, row)
        if values["LS"].upper() in SHORT_BREAKS:
            continue  # short breaks are not care: the row is left out, and not judged
        episode = read_episode(file_name, row, values, result.problems)
        if child:
            result.rows[child].append(row)
        if episode is not None:
            result.episodes[child].append(episode)
    return result


def read_episode(
    file_name: str, row: int, values: dict[str, str], problems: list[Problem]
) -> Episode | None:
    found = []

    def problem(column: str, reason: str) -> None:
        found.append(Problem(file_name, row, column, reason))

    if not values["CHILD"]:
        problem("CHILD", "is empty: every episode needs the child's ID")
    start = ceased = None
    if not values["DECOM"]:
        problem("DECOM", "is empty: every episode needs the date it began")
    else:
        try:
            start = parse_date(values["DECOM"])
        except CellError as error:
            problem("DECOM", str(error))
    if values["DEC"]:
        try:
            ceased = parse_date(values["DEC"])
        except CellError as error:
            problem("DEC", str(error))
        else:
            if start is not None and ceased < start:
                problem("DEC", f"{shown(ceased)} is before the episode began ({shown(start)})")
    place = values["PLACE"].upper()
    if place not in PLACEMENT_CODES:
        problem(
            "PLACE",
            f"'{values['PLACE']}' is not an SSDA903 placement code"
            if place
            else "is empty: every episode needs its placement code",
        )
    problems += found
    if found or start is None:
        return None
    return Episode(row, values["CHILD"], start, ceased, place)


def children_missing_from_header(header: HeaderFile, episodes: EpisodesFile) -> list[Problem]:
    """Each care episode's child must be in the header: a child missing from it is a sign
    that the two files are not of the same return."""
    if not header.readable:
        return []  # the header's own problems say why it could not be read
    return [
        Problem(episodes.name, row, "CHILD", f"child {child} is not in {header.name}")
        for child, rows in episodes.rows.items()
        if child not in header.children
        for row in rows
    ]
