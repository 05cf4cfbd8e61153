"""How long a county's import takes, and how much memory it needs.

    .venv/bin/python benchmarks/import_benchmark.py
    DATABASE_URL=postgres://user:pass@host:5432/name .venv/bin/python benchmarks/import_benchmark.py
    ... import_benchmark.py --runs 3            # each figure the median of three fresh runs
    ... import_benchmark.py --profile first     # cProfile one phase (first, unchanged, changed)
    ... import_benchmark.py --only sqlite       # or postgresql: one database only

Writes a Cornwall contract at the scale of issue 16 as import CSV files (county_records.py:
21,000 young people, 30,800 sessions, 200,400 attendance rows and the other tables in
proportion, irregular as a county's records are), and a copy with 1% of the rows changed.
Then, for a fresh SQLite database and, when DATABASE_URL names a PostgreSQL server, a fresh
PostgreSQL one (Django's test database, `test_<name>`, created and dropped), it runs
`manage.py import_records` three times: into the empty database (first), the same files
again (unchanged: nothing may change), and the changed copy (changed). Each run happens in its
own process, so each peak memory figure (ru_maxrss, the most the process ever held) is that
run's alone; the figure after a phase is the peak up to the end of that phase.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.county_records import write_changed, write_county  # noqa: E402

PHASES = ("first", "unchanged", "changed")
COUNTS_LINE = re.compile(r"^(\w+): (\d+) created, (\d+) updated, (\d+) unchanged$")


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def peak_mb() -> int:
    # Linux reports ru_maxrss in kilobytes.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def import_folder(folder: Path, profile: bool) -> tuple[float, dict[str, list[int]]]:
    """Run manage.py import_records on folder; seconds taken and counts per table."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    try:
        call_command("import_records", str(folder), stdout=out, stderr=err)
    except SystemExit:
        raise AssertionError(out.getvalue()[:3000]) from None
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    if profiler:
        stats = io.StringIO()
        pstats.Stats(profiler, stream=stats).sort_stats("cumulative").print_stats(45)
        print(stats.getvalue(), file=sys.stderr)
        stats = io.StringIO()
        pstats.Stats(profiler, stream=stats).sort_stats("tottime").print_stats(30)
        print(stats.getvalue(), file=sys.stderr)
    counts = {}
    for line in out.getvalue().splitlines():
        if match := COUNTS_LINE.match(line):
            counts[match[1]] = [int(match[2]), int(match[3]), int(match[4])]
    return seconds, counts


def run_one(database_url: str, folder: Path, changed: Path, profile: str) -> dict:
    """In a child process: a fresh database, the three imports, the figures as JSON."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from contracts.models import Attendance, CareStatus, YoungPerson

    vendor = connection.vendor
    if vendor == "postgresql":
        # A fresh database next to the named one (test_<name>), dropped afterwards.
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    figures: dict = {"database": vendor, "load_before": load_average(), "mb_loaded": peak_mb()}
    try:
        for phase, path in zip(PHASES, (folder, folder, changed), strict=True):
            seconds, counts = import_folder(path, profile == phase)
            figures[phase] = {
                "seconds": seconds,
                "peak_mb": peak_mb(),
                "load": load_average(),
                "counts": counts,
            }
            if phase == "first":
                # Every record written has its history row, in the same import.
                for model in (YoungPerson, CareStatus, Attendance):
                    assert model.history.count() == model.objects.count(), model
            if phase == "unchanged":
                assert all(c[0] == c[1] == 0 for c in counts.values()), counts
        figures["attendance_rows"] = Attendance.objects.count()
    finally:
        if vendor == "postgresql":
            connection.creation.destroy_test_db(old_name, verbosity=0)
    return figures


def child(url: str, folder: Path, changed: Path, profile: str) -> dict:
    result = subprocess.run(  # noqa: S603 - this script, run again as a child
        [sys.executable, __file__, "--child", url, str(folder), str(changed), profile],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if result.stderr and profile:
        print(result.stderr, file=sys.stderr)
    if result.returncode != 0:
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(result.returncode)
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(runs: list[dict]) -> None:
    database = runs[0]["database"]
    print(f"{database} ({len(runs)} run{'s' if len(runs) > 1 else ''}, median):")
    for phase in PHASES:
        seconds = statistics.median(run[phase]["seconds"] for run in runs)
        each = ", ".join(f"{run[phase]['seconds']:.1f}" for run in runs)
        loads = "; ".join(run[phase]["load"] for run in runs)
        peak = max(run[phase]["peak_mb"] for run in runs)
        print(
            f"  {phase:9} {seconds:6.1f} s  (runs: {each} s; peak memory so far {peak} MB; "
            f"load average after: {loads})"
        )
    print(f"  Django loaded, before importing: {runs[0]['mb_loaded']} MB")
    for phase in ("first", "changed"):
        print(f"  {phase} import's counts (created, updated, unchanged):")
        for table, counts in runs[0][phase]["counts"].items():
            print(f"    {table}: {counts[0]:,} / {counts[1]:,} / {counts[2]:,}")


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        _, _, url, folder, changed, profile = sys.argv
        print(json.dumps(run_one(url, Path(folder), Path(changed), profile)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="fresh runs per database")
    parser.add_argument("--profile", choices=PHASES, default="", help="cProfile one phase")
    parser.add_argument("--only", choices=("sqlite", "postgresql"), default="")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tamar-import-bench-") as temp:
        folder, changed = Path(temp) / "cornwall", Path(temp) / "cornwall-1pc"
        folder.mkdir()
        changed.mkdir()
        started = time.perf_counter()
        counts = write_county(folder)
        edits = write_changed(folder, changed)
        size = sum(path.stat().st_size for path in folder.iterdir()) / 1024 / 1024
        print(
            f"Generated {sum(counts.values()):,} rows ({size:.1f} MB of CSV) in "
            f"{time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{table} {rows:,}" for table, rows in counts.items())
        )
        print(f"The 1% copy changes {sum(edits.values()):,} rows: {edits}")
        databases = [f"sqlite:///{Path(temp) / 'bench.sqlite3'}"]
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            databases.append(url)
        if arguments.only:
            databases = [url for url in databases if url.startswith(arguments.only[:6])]
        for url in databases:
            runs = []
            for _ in range(arguments.runs):
                if url.startswith("sqlite"):
                    Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
                runs.append(child(url, folder, changed, arguments.profile))
            report(runs)


if __name__ == "__main__":
    main()
