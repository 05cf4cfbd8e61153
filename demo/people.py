"""What the demo contracts' records share: the names and ethnicities young people are drawn
from, the window of days the records run over, and making a contract's young people.

The records are seeded, so every demo machine shows the same people and figures for the same
day; they run from 1 April of last financial year up to today, written straight to the
database in bulk (a few thousand rows a contract, a second or two).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from contracts.dates import age_on, is_working_day
from contracts.models import CareStatus, Contract, YoungPerson
from contracts.records.refs import REF_SCHEMES

FIRST_NAMES = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Evie",
    "Poppy",
    "Ella",
    "Demelza",
    "Morwenna",
    "Tamsin",
    "Kerensa",
    "Jenna",
    "Aisha",
    "Zara",
    "Amira",
    "Priya",
    "Chloe",
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Leo",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Jack",
    "Charlie",
    "Freddie",
    "Theo",
    "Alfie",
    "Jacob",
    "Tristan",
    "Jago",
    "Kai",
    "Mason",
    "Riley",
    "Ethan",
    "Kofi",
    "Yusuf",
    "Arjun",
    "Tyler",
    "Jordan",
    "Alex",
    "Sam",
    "Robin",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Trelawny",
    "Penrose",
    "Pascoe",
    "Hocking",
    "Rowe",
    "Nance",
    "Tregear",
    "Angove",
    "Okafor",
    "Mensah",
    "Khan",
    "Patel",
    "Begum",
    "Singh",
    "Ahmed",
    "Clarke",
    "Bennett",
    "Murphy",
    "O'Brien",
    "Nowak",
    "Kowalski",
    "Campbell",
    "Kaur",
]
ETHNICITY_WEIGHTS = {
    "WBRI": 70,
    "WOTH": 5,
    "MWBC": 5,
    "MWBA": 3,
    "MOTH": 3,
    "BAFR": 3,
    "BCRB": 2,
    "APKN": 2,
    "AIND": 2,
    "AOTH": 1,
    "OOTH": 1,
    "NOBT": 2,
    "WROM": 1,
}


@dataclass
class Window:
    first: date
    last: date

    def days(self) -> list[date]:
        return [self.first + timedelta(n) for n in range((self.last - self.first).days + 1)]

    def random_day(self, rng: random.Random, first: date | None = None) -> date:
        start = max(first or self.first, self.first)
        if start > self.last:
            return self.last
        return start + timedelta(rng.randrange((self.last - start).days + 1))


class CareHistories:
    """The care statuses the demo made, read in memory by the rule of contracts.people (the
    latest start wins): who may attend a group, apply for a grant or be matched on a day,
    without a query per young person."""

    def __init__(self, statuses: list[CareStatus]) -> None:
        self.by_person: dict[int, list[CareStatus]] = {}
        for status in sorted(statuses, key=lambda s: s.start_date, reverse=True):
            self.by_person.setdefault(status.young_person.pk, []).append(status)

    def status_on(self, person: YoungPerson, day: date) -> str:
        for status in self.by_person.get(person.pk, []):
            if status.start_date <= day and (status.end_date is None or status.end_date >= day):
                return status.status
        return "none"

    def fits(
        self, person: YoungPerson, day: date, statuses: tuple[str, ...], ages: tuple[int, int]
    ) -> bool:
        """In one of `statuses` and aged within `ages` (inclusive) on `day`."""
        return ages[0] <= age_on(person.date_of_birth, day) <= ages[1] and (
            self.status_on(person, day) in statuses
        )


def working_days_before(day: date, count: int) -> date:
    """The `count`th working day before `day` (contracts.dates.add_working_days, backwards)."""
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def weekday_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def demo_window(today: date) -> Window:
    """From 1 April of the last financial year to today: a full year and the year to date."""
    financial_year = today.year if today.month >= 4 else today.year - 1
    return Window(date(financial_year - 1, 4, 1), today)


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_young_people(
    rng: random.Random,
    contract: Contract,
    count: int,
    ages: tuple[int, int],
    on: date,
    localities: list[str],
    prefix: str,
) -> list[YoungPerson]:
    people = []
    for n in range(count):
        age = rng.randint(*ages)
        birthday = on - timedelta(days=age * 365 + rng.randrange(365))
        people.append(new_young_person(rng, contract, n + 1, birthday, localities, prefix))
    return YoungPerson.objects.bulk_create(people)


def new_young_person(
    rng: random.Random,
    contract: Contract,
    number: int,
    date_of_birth: date,
    localities: list[str],
    prefix: str,
) -> YoungPerson:
    """The contract's `number`th young person (YP-0001...), not yet saved."""
    return YoungPerson(
        contract=contract,
        ref=REF_SCHEMES[YoungPerson].ref(number),
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        date_of_birth=date_of_birth,
        gender=rng.choices(["female", "male", "other", "not_known"], [48, 48, 3, 1])[0],
        ethnicity=weighted(rng, ETHNICITY_WEIGHTS),
        disability=rng.choices(["no", "yes", "not_known"], [75, 18, 7])[0],
        locality=rng.choice(localities),
        la_child_id=f"{prefix}C{number:05d}",
    )
