"""One child's episodes as periods in care and placements, and what changes a young person's
stored ones into them. Pure: no database, no files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from contracts.codes import TEMPORARY_PLACEMENT_CODES

from ..plans import Problem
from .files import Episode, shown

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """A period in care (no code) or a placement: its first and last day (None: still open),
    and the episodes row it starts at, for the problems that concern it."""

    start: date
    end: date | None
    code: str = ""
    row: int = 0

    def same_as(self, other: Span) -> bool:
        return (self.start, self.end, self.code) == (other.start, other.end, other.code)


@dataclass(frozen=True)
class ChildHistory:
    periods: list[Span]
    placements: list[Span]
    problems: list[Problem]


# ---------------------------------------------------------------------------------------------
# One child's episodes
# ---------------------------------------------------------------------------------------------


def last_day(episode: Episode) -> date | None:
    return None if episode.ceased is None else episode.ceased - DAY


def child_history(file_name: str, episodes: Iterable[Episode]) -> ChildHistory:
    """A child's periods in care and placements from their care episodes (V3 and V4 are left
    out already), or the problems that stop them being worked out."""
    # An episode that ceased the day it began covers no day: nothing to record.
    ordered = sorted(
        (episode for episode in episodes if episode.ceased != episode.start),
        key=lambda episode: (episode.start, episode.row),
    )
    problems = list(overlaps(file_name, ordered))
    if problems:
        return ChildHistory([], [], problems)
    return ChildHistory(periods_in_care(ordered), placements(ordered), [])


def overlaps(file_name: str, ordered: Sequence[Episode]) -> Iterator[Problem]:
    """Each episode that begins before an earlier one ceased. It is compared with the earlier
    episode reaching furthest, so that a long episode is not forgotten behind a short one."""
    furthest: Episode | None = None
    for episode in ordered:
        if furthest is not None and (furthest.ceased is None or episode.start < furthest.ceased):
            if furthest.ceased is None:
                reason = (
                    f"begins {shown(episode.start)}, but the episode at row {furthest.row} (from "
                    f"{shown(furthest.start)}) has not ceased: a child's episodes cannot overlap"
                )
            else:
                reason = (
                    f"begins {shown(episode.start)}, before the episode at row {furthest.row} "
                    f"ceased ({shown(furthest.ceased)}): a child's episodes cannot overlap"
                )
            yield Problem(file_name, episode.row, "DECOM", reason)
        if furthest is None or (
            furthest.ceased is not None
            and (episode.ceased is None or episode.ceased > furthest.ceased)
        ):
            furthest = episode


def periods_in_care(ordered: Sequence[Episode]) -> list[Span]:
    """Episodes with no day between them (one begins the day the one before ceased) make one
    period in care; a day or more out of care between them starts another."""
    periods: list[Span] = []
    first = previous = None
    for episode in ordered:
        if first is not None and previous is not None and episode.start != previous.ceased:
            periods.append(Span(first.start, last_day(previous), row=first.row))
            first = None
        if first is None:
            first = episode
        previous = episode
    if first is not None and previous is not None:
        periods.append(Span(first.start, last_day(previous), row=first.row))
    return periods


def placements(ordered: Sequence[Episode]) -> list[Span]:
    """Consecutive episodes (no day between) with the same placement code make one placement:
    only the legal status changed. A temporary move (T0-T4) is no placement, and the
    placement before it ends the day before it began."""
    spans: list[Span] = []
    first = previous = None
    for episode in ordered:
        continues = (
            previous is not None
            and episode.place == previous.place
            and episode.start == previous.ceased
        )
        if first is not None and previous is not None and not continues:
            spans.append(Span(first.start, last_day(previous), first.place, first.row))
            first = None
        if episode.place in TEMPORARY_PLACEMENT_CODES:
            previous = None
            continue
        if first is None:
            first = episode
        previous = episode
    if first is not None and previous is not None:
        spans.append(Span(first.start, last_day(previous), first.place, first.row))
    return spans


# ---------------------------------------------------------------------------------------------
# Planned against stored
# ---------------------------------------------------------------------------------------------


@dataclass
class SpanChanges:
    """What makes a young person's stored spans (of one kind) the planned ones. Keyed by the
    first day, which is unique per young person for both kinds: a span starting the same day
    as a stored one changes it, so a day is never both deleted and created."""

    create: list[Span] = field(default_factory=list)
    update: list[tuple[int, Span]] = field(default_factory=list)  # (stored pk, planned)
    delete: list[int] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.create or self.update or self.delete)


def span_changes(stored: Mapping[int, Span], planned: Iterable[Span]) -> SpanChanges:
    """stored: pk -> span."""
    by_start = {span.start: pk for pk, span in stored.items()}
    changes = SpanChanges()
    for span in planned:
        pk = by_start.pop(span.start, None)
        if pk is None:
            changes.create.append(span)
        elif stored[pk].same_as(span):
            changes.unchanged += 1
        else:
            changes.update.append((pk, span))
    changes.delete = sorted(by_start.values())
    return changes
