"""How long a big import takes, and how much memory it needs.

    .venv/bin/python benchmarks/import_benchmark.py
    DATABASE_URL=postgres://user:pass@host:5432/name .venv/bin/python benchmarks/import_benchmark.py

Generates 10,000 young people (each with a care-status row), 20,000 sessions and 200,000
attendance rows as CSV files in a temporary folder, then imports them into a fresh SQLite
database and, when DATABASE_URL names a PostgreSQL server, into a fresh PostgreSQL database
too (Django's test database, `test_<name>`, created and dropped). Each database runs in its
own process, so each peak memory figure (ru_maxrss) is that import's alone; the import is run
twice, the second time changing nothing.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YOUNG_PEOPLE = 10_000
SESSIONS = 20_000
ATTENDANCE = 200_000


def write_csv(folder: Path, table: str, header: list[str], rows) -> None:
    with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)


def generate(folder: Path) -> None:
    rng = random.Random(2025)  # noqa: S311 - made-up records, not secrets
    write_csv(
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
                "BENCH-1",
                "Benchmark contract",
                "cornwall_ep",
                "Benchmark Council",
                "Benchmark Provider",
                "2024-04-01",
                "2027-03-31",
                "250000.00",
                "",
            ]
        ],
    )
    people = [f"Y{n:06d}" for n in range(YOUNG_PEOPLE)]
    write_csv(
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
        (
            [
                ref,
                rng.choice(["Jo", "Kai", "Tegan", "Sam", "Alex"]),
                rng.choice(["Smith", "Jones", "Okafor", "Nguyen"]),
                (date(2004, 1, 1) + timedelta(days=rng.randrange(6000))).isoformat(),
                rng.choice(["female", "male", "other", "not_known"]),
                rng.choice(["WBRI", "WOTH", "MWBC", "BAFR", "AIND", "NOBT"]),
                rng.choice(["yes", "no", "not_known"]),
                rng.choice(["East", "West", "North", "Isles of Scilly"]),
                f"C{ref}",
            ]
            for ref in people
        ),
    )
    write_csv(
        folder,
        "care_status",
        ["young_person_ref", "status", "start_date", "end_date"],
        ([ref, rng.choice(["in_care", "care_leaver", "none"]), "2023-01-01", ""] for ref in people),
    )
    sessions = [f"S{n:06d}" for n in range(SESSIONS)]
    write_csv(
        folder,
        "sessions",
        ["ref", "date", "session_type", "title", "locality", "duration_hours", "coproduction"],
        (
            [
                ref,
                (date(2025, 4, 1) + timedelta(days=rng.randrange(365))).isoformat(),
                rng.choice(["psd", "cicc", "care_leavers_group", "mentoring"]),
                f"Session {ref}",
                rng.choice(["East", "West"]),
                rng.choice(["1", "1.5", "2.25", "3"]),
                rng.choice(["yes", "no"]),
            ]
            for ref in sessions
        ),
    )
    # Ten distinct young people per session: 20,000 x 10 = 200,000 rows, no duplicate pair.
    write_csv(
        folder,
        "attendance",
        ["session_ref", "young_person_ref"],
        ([session, person] for session in sessions for person in rng.sample(people, 10)),
    )


def run_one(database_url: str, folder: Path) -> dict:
    """In a child process: a fresh database, two imports, the figures as JSON."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from contracts.models import Attendance
    from importer.services import run_import

    vendor = connection.vendor
    if vendor == "postgresql":
        # A fresh database next to the named one (test_<name>), dropped afterwards.
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        first = run_import(folder, file_name=folder.name)
        first_seconds = time.perf_counter() - started
        assert first.ok, [str(problem) for problem in first.problems[:5]]
        peak_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        second = run_import(folder, file_name=folder.name)
        second_seconds = time.perf_counter() - started
        assert second.ok
        assert all(c.created == c.updated == 0 for c in second.counts.values())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        attendance = Attendance.objects.count()
    finally:
        if vendor == "postgresql":
            connection.creation.destroy_test_db(old_name, verbosity=0)
    return {
        "database": vendor,
        "first_import_seconds": round(first_seconds, 1),
        "second_import_seconds": round(second_seconds, 1),
        "peak_memory_mb_before_import": round(before / 1024),
        "peak_memory_mb_after_first": round(peak_first / 1024),
        "peak_memory_mb": round(peak / 1024),
        "attendance_rows": attendance,
        "counts": {table: str(counts) for table, counts in first.counts.items()},
    }


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(run_one(sys.argv[2], Path(sys.argv[3]))))
        return
    with tempfile.TemporaryDirectory(prefix="tamar-import-bench-") as temp:
        folder = Path(temp) / "records"
        folder.mkdir()
        started = time.perf_counter()
        generate(folder)
        size = sum(path.stat().st_size for path in folder.iterdir()) / 1024 / 1024
        print(
            f"Generated {YOUNG_PEOPLE:,} young people, {SESSIONS:,} sessions and "
            f"{ATTENDANCE:,} attendance rows ({size:.1f} MB of CSV) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        databases = [f"sqlite:///{Path(temp) / 'bench.sqlite3'}"]
        if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
            databases.append(os.environ["DATABASE_URL"])
        for url in databases:
            child = subprocess.run(  # noqa: S603 - this script, run again as a child
                [sys.executable, __file__, "--child", url, str(folder)],
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            if child.returncode != 0:
                print(child.stdout, child.stderr, file=sys.stderr)
                raise SystemExit(child.returncode)
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            print(
                f"{figures['database']}: first import {figures['first_import_seconds']} s, "
                f"second import (all unchanged) {figures['second_import_seconds']} s, "
                f"peak memory {figures['peak_memory_mb']} MB "
                f"(Django loaded, before importing: {figures['peak_memory_mb_before_import']} MB; "
                f"after the first import: {figures['peak_memory_mb_after_first']} MB)"
            )
            for table, counts in figures["counts"].items():
                print(f"    {table}: {counts}")


if __name__ == "__main__":
    main()
