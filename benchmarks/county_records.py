"""A county's records as import CSV files: a Cornwall contract at the scale of issue 16.

21,000 young people, 30,800 sessions and 200,400 attendance rows, with the other Cornwall
tables in proportion, written in the import format (import-format.md) from a seeded RNG, so
every run writes the same bytes. The data is irregular on purpose, as a county's is: a few
young people attend most sessions and many attend none, session sizes run from one to over a
hundred, care histories have up to eight intervals (the last often open), localities have a
long tail of villages, optional cells are often blank, and some text needs CSV quoting.

`write_county(folder)` writes the files; `write_changed(source, folder)` copies them with
about 1% of each table's rows changed (and 1% more attendance rows: an import never deletes).
"""

from __future__ import annotations

import csv
import random
from bisect import bisect
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

YOUNG_PEOPLE = 21_000
SESSIONS = 30_800
ATTENDANCE = 200_400
FIRST_DAY = date(2024, 4, 1)
LAST_DAY = date(2026, 3, 31)

TOWNS = [
    "Truro",
    "Camborne",
    "Redruth",
    "St Austell",
    "Penzance",
    "Falmouth",
    "Newquay",
    "Bodmin",
    "Liskeard",
    "Launceston",
    "Saltash",
    "Bude",
    "Helston",
    "St Ives",
    "Hayle",
    "Wadebridge",
    "Torpoint",
    "Callington",
    "Looe",
    "Isles of Scilly",
]
PREFIXES = ["Tre", "Pol", "Pen", "Lan", "Car", "Ros", "Bos", "Chy", "Hel", "Porth"]
SUFFIXES = ["gony", "wartha", "zance", "vean", "dinnick", "hallow", "an", "ruan", "mear", "kenna"]
FIRST_NAMES = [
    "Jo",
    "Kai",
    "Tegan",
    "Sam",
    "Alex",
    "Morwenna",
    "Jago",
    "Demelza",
    "Ellie",
    "Noah",
    "Amelia",
    "Zoë",
    "Oliver",
    "Mia",
    "Charlie",
    "Isla",
    "Harry",
    "Freya",
    "Jack",
    "Lily",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Trelawny",
    "Penrose",
    "Nance",
    "O'Neill",
    "Okafor",
    "Nguyen",
    "Smith-Pascoe",
    "Rowe",
    "Williams",
    "Kowalski",
    "Hosking",
    "Angove",
    "Quiller-Couch",
]


def localities(rng: random.Random) -> tuple[list[str], list[float]]:
    """Twenty towns and a long tail of villages, weighted like Zipf (rank ** -1.1)."""
    villages = sorted({rng.choice(PREFIXES) + rng.choice(SUFFIXES) for _ in range(400)})
    names = TOWNS + villages
    return names, [1 / (rank + 1) ** 1.1 for rank in range(len(names))]


def day(rng: random.Random, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def write_csv(folder: Path, table: str, header: list[str], rows) -> int:
    count = 0
    with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_county(folder: Path, seed: int = 2026) -> dict[str, int]:
    """Write every Cornwall table to folder; the rows written per table."""
    rng = random.Random(seed)  # noqa: S311 - made-up records, not secrets
    places, place_weights = localities(rng)
    counts: dict[str, int] = {}
    counts["contract"] = write_csv(
        folder,
        "contract",
        [
            "ref",
            "title",
            "framework",
            "commissioner",
            "provider",
            "start_date",
            "end_date",
            "annual_value",
            "record_timeframe_days",
        ],
        [
            [
                "CORNWALL-EP",
                "Cornwall Empowerment and Participation, county",
                "cornwall_ep",
                "Cornwall Council",
                "Cornwall Youth Voice CIC",
                "2024-04-01",
                "2027-03-31",
                "310000.00",
                "",
            ]
        ],
    )
    people = [f"CW{n:05d}" for n in range(1, YOUNG_PEOPLE + 1)]
    person_rows = []
    for ref in people:
        person_rows.append(
            [
                ref,
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                day(rng, date(1999, 6, 1), date(2016, 8, 31)).isoformat(),
                rng.choices(["female", "male", "other", "not_known"], [48, 47, 2, 3])[0],
                rng.choices(
                    ["WBRI", "WOTH", "WIRT", "MWBC", "BAFR", "AIND", "NOBT", "REFU"],
                    [85, 4, 1, 2, 1, 1, 5, 1],
                )[0],
                rng.choices(["yes", "no", "not_known"], [18, 70, 12])[0],
                rng.choices(places, place_weights)[0],
                "" if rng.random() < 0.4 else f"{rng.randrange(10**9):09d}",
            ]
        )
    counts["young_people"] = write_csv(
        folder,
        "young_people",
        [
            "ref",
            "first_name",
            "last_name",
            "date_of_birth",
            "gender",
            "ethnicity",
            "disability",
            "locality",
            "la_child_id",
        ],
        person_rows,
    )
    counts["care_status"] = write_csv(
        folder,
        "care_status",
        ["young_person_ref", "status", "start_date", "end_date"],
        care_history(rng, people),
    )
    counts["placements"] = write_csv(
        folder,
        "placements",
        ["young_person_ref", "placement_code", "start_date", "end_date"],
        placements(rng, people),
    )
    sessions = [f"SES-{n:06d}" for n in range(1, SESSIONS + 1)]
    types = [
        "psd",
        "cicc",
        "care_leavers_group",
        "other_participation",
        "mentoring",
        "mentor_training",
        "staff_training",
    ]
    counts["sessions"] = write_csv(
        folder,
        "sessions",
        ["ref", "date", "session_type", "title", "locality", "duration_hours", "coproduction"],
        (
            [
                ref,
                day(rng).isoformat(),
                rng.choices(types, [30, 15, 15, 20, 12, 5, 3])[0],
                rng.choice(
                    [
                        "Drop-in, " + rng.choice(TOWNS),
                        'Youth council "Have your say"',
                        "Residential weekend",
                        f"Group {ref}",
                        "Art club",
                    ]
                ),
                rng.choices(places, place_weights)[0],
                rng.choices(
                    ["1", "1.5", "2", "0.75", "2.25", "3", "6.5", "24"], [30, 25, 20, 8, 7, 6, 3, 1]
                )[0],
                "yes" if rng.random() < 0.12 else "no",
            ]
            for ref in sessions
        ),
    )
    counts["attendance"] = write_csv(
        folder, "attendance", ["session_ref", "young_person_ref"], attendance(rng, sessions, people)
    )
    counts.update(write_other_tables(folder, rng, people))
    return counts


def care_history(rng: random.Random, people: list[str]):
    """0 to 8 consecutive intervals a person, often with gaps; the last is open 60% of the time."""
    statuses = ["in_care", "care_leaver", "child_in_need", "child_protection", "early_help", "none"]
    for ref in people:
        intervals = rng.choices(range(9), [10, 35, 25, 12, 8, 4, 3, 2, 1])[0]
        start = day(rng, date(2012, 1, 1), date(2024, 12, 31))
        for number in range(intervals):
            last = number == intervals - 1
            end = start + timedelta(days=rng.randrange(0, 700))
            yield [
                ref,
                rng.choices(statuses, [30, 20, 20, 10, 15, 5])[0],
                start.isoformat(),
                "" if last and rng.random() < 0.6 else end.isoformat(),
            ]
            start = end + timedelta(days=rng.choice([1, 1, 1, 14, 90]))


def placements(rng: random.Random, people: list[str]):
    codes = ["U1", "U3", "U4", "U6", "K2", "R1", "H5", "P1", "T1", "T2", "Z1"]
    for ref in rng.sample(people, len(people) // 4):
        start = day(rng, date(2016, 1, 1), date(2025, 6, 30))
        for _ in range(rng.choices([1, 2, 3, 5], [60, 25, 10, 5])[0]):
            end = start + timedelta(days=rng.randrange(7, 500))
            blank = rng.random() < 0.3
            yield [ref, rng.choice(codes), start.isoformat(), "" if blank else end.isoformat()]
            start = end + timedelta(days=1)


def attendance(rng: random.Random, sessions: list[str], people: list[str]):
    """Exactly ATTENDANCE distinct pairs: skewed session sizes and a few frequent attenders."""
    sizes = [max(1, min(150, int(rng.lognormvariate(1.6, 0.9)))) for _ in sessions]
    while (total := sum(sizes)) != ATTENDANCE:
        i = rng.randrange(len(sizes))
        sizes[i] = max(1, min(150, sizes[i] + (1 if total < ATTENDANCE else -1)))
    # A quarter of the young people never attend; the rest are weighted rank ** -0.8.
    attenders = rng.sample(people, len(people) * 3 // 4)
    cumulative = list(accumulate(1 / (rank + 5) ** 0.8 for rank in range(len(attenders))))
    top = cumulative[-1]
    for session, size in zip(sessions, sizes, strict=True):
        # A list beside the set: the order written must not depend on string hashing.
        chosen: list[str] = []
        seen: set[str] = set()
        while len(chosen) < size:
            person = attenders[min(bisect(cumulative, rng.random() * top), len(attenders) - 1)]
            if person not in seen:
                seen.add(person)
                chosen.append(person)
        for person in chosen:
            yield [session, person]


def write_other_tables(folder: Path, rng: random.Random, people: list[str]) -> dict[str, int]:
    counts = {}
    informed = {(rng.choice(people), day(rng)) for _ in range(15_000)}
    counts["information_provided"] = write_csv(
        folder,
        "information_provided",
        ["young_person_ref", "date", "method"],
        (
            [p, d.isoformat(), rng.choice(["leaflet", "text message", "in person"])]
            for p, d in sorted(informed)
        ),
    )
    assessed = {(rng.choice(people), day(rng)) for _ in range(8_000)}
    scores = [
        "confidence",
        "resilience",
        "aspirations",
        "physical_health",
        "mental_health",
        "identity",
        "relationships",
    ]
    counts["outcome_assessments"] = write_csv(
        folder,
        "outcome_assessments",
        ["young_person_ref", "date", *scores],
        ([p, d.isoformat(), *(rng.randint(1, 10) for _ in scores)] for p, d in sorted(assessed)),
    )
    feedback = {
        (
            rng.choice(people),
            day(rng),
            rng.choices(["feedback", "compliment", "complaint"], [80, 15, 5])[0],
        )
        for _ in range(5_000)
    }
    counts["feedback"] = write_csv(
        folder,
        "feedback",
        ["young_person_ref", "date", "kind", "rating", "comment"],
        (
            [
                p,
                d.isoformat(),
                k,
                "" if rng.random() < 0.3 else rng.randint(1, 5),
                "" if rng.random() < 0.7 else "Good, thanks; more evenings please",
            ]
            for p, d, k in sorted(feedback)
        ),
    )
    counts["initiatives"] = write_csv(
        folder,
        "initiatives",
        ["ref", "date", "title", "description"],
        (
            [
                f"INIT-{n}",
                day(rng).isoformat(),
                f"Policy review {n}",
                "" if rng.random() < 0.5 else "Young people's views, presented to the board",
            ]
            for n in range(1, 61)
        ),
    )
    accredited = {
        (rng.choice(people), rng.choice(["ASDAN", "Duke of Edinburgh", "AQA"]), day(rng))
        for _ in range(3_000)
    }
    counts["accreditations"] = write_csv(
        folder,
        "accreditations",
        ["young_person_ref", "award", "route", "date"],
        (
            [p, a, rng.choice(["participation", "role"]), d.isoformat()]
            for p, a, d in sorted(accredited)
        ),
    )
    mentors = [f"MEN-{n:03d}" for n in range(1, 301)]
    mentor_people = dict(zip(mentors, rng.sample(people, len(mentors)), strict=True))
    counts["mentors"] = write_csv(
        folder,
        "mentors",
        ["ref", "name", "young_person_ref", "left_date"],
        (
            [
                m,
                f"Mentor {m}",
                mentor_people[m] if rng.random() < 0.4 else "",
                day(rng).isoformat() if rng.random() < 0.2 else "",
            ]
            for m in mentors
        ),
    )
    modules = [
        "safeguarding_children",
        "safeguarding_adults",
        "cse",
        "confidentiality",
        "signs_of_safety",
        "professional_boundaries",
        "mentor_role",
        "mentoring_skills",
    ]
    counts["mentor_training"] = write_csv(
        folder,
        "mentor_training",
        ["mentor_ref", "module", "completed_date"],
        (
            [m, module, day(rng).isoformat()]
            for m in mentors
            for module in modules
            if rng.random() < 0.6
        ),
    )
    matches = []
    for n in range(1, 901):
        mentor = rng.choice(mentors)
        mentee = rng.choice([p for p in rng.sample(people, 2) if p != mentor_people[mentor]])
        start = day(rng)
        end = "" if rng.random() < 0.4 else (start + timedelta(days=rng.randrange(365))).isoformat()
        matches.append([f"MATCH-{n:04d}", mentor, mentee, start.isoformat(), end])
    counts["matches"] = write_csv(
        folder, "matches", ["ref", "mentor_ref", "mentee_ref", "start_date", "end_date"], matches
    )
    appointments = {
        (
            rng.choice(matches)[0],
            day(rng),
            rng.choice(["health", "education", "housing", "employment", "social_care", "other"]),
        )
        for _ in range(2_500)
    }
    counts["supported_appointments"] = write_csv(
        folder,
        "supported_appointments",
        ["match_ref", "date", "appointment_type"],
        ([m, d.isoformat(), t] for m, d, t in sorted(appointments)),
    )
    counts["f4c_roles"] = write_csv(
        folder,
        "f4c_roles",
        ["young_person_ref", "role", "start_date", "end_date"],
        (
            [
                p,
                rng.choice(["panel_member", "panel_chair"]),
                "2024-09-01",
                "" if rng.random() < 0.5 else "2025-08-31",
            ]
            for p in rng.sample(people, 120)
        ),
    )
    applications = []
    for n in range(1, 1_801):
        submitted = day(rng)
        decision = rng.choices(["pending", "approved", "declined"], [15, 70, 15])[0]
        requested = rng.choice(["50.00", "120.00", "200.00", "250.00", "400.00"])
        most = min(Decimal(requested), Decimal("250.00"))
        awarded = rng.choice(["", "50.00", str(most)]) if decision == "approved" else ""
        decided = "" if decision == "pending" else (submitted + timedelta(days=14)).isoformat()
        applications.append(
            [
                f"F4C-{n:05d}",
                rng.choice(people),
                submitted.isoformat(),
                requested,
                decision,
                decided,
                awarded,
                rng.choice(["yes", "no"]),
            ]
        )
    counts["f4c_applications"] = write_csv(
        folder,
        "f4c_applications",
        [
            "ref",
            "young_person_ref",
            "submitted_date",
            "amount_requested",
            "decision",
            "decision_date",
            "amount_awarded",
            "onward_support",
        ],
        applications,
    )
    counts["additional_funding"] = write_csv(
        folder,
        "additional_funding",
        ["ref", "date", "source", "amount", "status"],
        (
            [
                f"FUND-{n}",
                day(rng).isoformat(),
                "National Lottery",
                f"{rng.randrange(500, 50_000)}.00",
                rng.choice(["planned", "secured", "sustained"]),
            ]
            for n in range(1, 41)
        ),
    )
    return counts


# For each table, a column whose value 1% of rows change to (a function of the old value).
CHANGES = {
    "young_people": ("locality", lambda old: "Tresillian" if old != "Tresillian" else "Truro"),
    "care_status": ("status", lambda old: "none" if old != "none" else "early_help"),
    "placements": ("placement_code", lambda old: "Z1" if old != "Z1" else "U4"),
    "sessions": ("title", lambda old: old + " (moved)"),
    "information_provided": ("method", lambda old: old + " and email"),
    "outcome_assessments": ("confidence", lambda old: str(int(old) % 10 + 1)),
    "feedback": ("comment", lambda old: old + " (edited)"),
    "accreditations": ("route", lambda old: "role" if old == "participation" else "participation"),
    "mentors": ("name", lambda old: old + " Jr"),
    "f4c_applications": ("onward_support", lambda old: "no" if old == "yes" else "yes"),
}


def write_changed(source: Path, folder: Path, seed: int = 7) -> dict[str, int]:
    """Copy source's files to folder, 1% of the rows of the tables in CHANGES changed, and 1%
    more attendance rows; the rows changed or added per table."""
    rng = random.Random(seed)  # noqa: S311
    changed: dict[str, int] = {}
    with (source / "young_people.csv").open(newline="", encoding="utf-8") as file:
        people = [row[0] for row in list(csv.reader(file))[1:]]
    for path in sorted(source.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as file:
            header, *rows = list(csv.reader(file))
        change = CHANGES.get(path.stem)
        if change:
            column = header.index(change[0])
            picked = rng.sample(range(len(rows)), max(1, len(rows) // 100))
            for i in picked:
                rows[i][column] = change[1](rows[i][column])
            changed[path.stem] = len(picked)
        if path.stem == "attendance":
            pairs = {tuple(row) for row in rows}
            sessions = sorted({row[0] for row in rows})
            added, wanted = 0, len(rows) // 100
            while added < wanted:
                pair = (rng.choice(sessions), rng.choice(people))
                if pair not in pairs:
                    pairs.add(pair)
                    rows.append(list(pair))
                    added += 1
            changed["attendance"] = added
        with (folder / path.name).open("w", newline="", encoding="utf-8") as file:
            csv.writer(file).writerows([header, *rows])
    return changed
