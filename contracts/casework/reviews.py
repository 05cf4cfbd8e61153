"""When a key worker's next performance review is due (Wolverhampton's specification, 4.2.3):
"at least quarterly in Year 1 of the contract and at least 6 monthly in subsequent years".
Pure: no database, and today is the caller's to give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..dates import add_months, one_year_after
from .codes import REVIEW_MONTHS_AFTER, REVIEW_MONTHS_FIRST_YEAR


def last_day_of_first_year(contract_start: date) -> date:
    """Year 1 of the contract ends the day before the start's first anniversary."""
    return one_year_after(contract_start) - timedelta(days=1)


def next_review_due(*, contract_start: date, last_review: date | None) -> date:
    """The day the next review is due: three months after the latest review (or the contract's
    start, before any) while that day is in the contract's first year, six months after it
    from then on."""
    since = last_review or contract_start
    in_first_year = since <= last_day_of_first_year(contract_start)
    return add_months(since, REVIEW_MONTHS_FIRST_YEAR if in_first_year else REVIEW_MONTHS_AFTER)


@dataclass(frozen=True)
class ReviewDue:
    due: date
    today: date

    @property
    def overdue(self) -> bool:
        # Due on the day itself is not late yet.
        return self.today > self.due

    @property
    def overdue_since(self) -> date:
        return self.due + timedelta(days=1)


def review_due(*, contract_start: date, last_review: date | None, today: date) -> ReviewDue:
    return ReviewDue(next_review_due(contract_start=contract_start, last_review=last_review), today)
