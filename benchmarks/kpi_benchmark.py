"""Time a whole financial year's KPI return on a large contract of each framework.

    .venv/bin/python benchmarks/kpi_benchmark.py                  # a fresh SQLite file
    DATABASE_URL=postgres://u:p@host:port/name .venv/bin/python benchmarks/kpi_benchmark.py
    ... kpi_benchmark.py --profile         # and the seconds per indicator and slowest queries
    ... kpi_benchmark.py --scale gentle    # the older, smaller and even data (10,000 people)
    ... kpi_benchmark.py --keep          # keep the database (and reuse it on the next run)
    ... kpi_benchmark.py --no-analyze    # PostgreSQL: time it before VACUUM ANALYZE, as a
                                         # database is right after a large import

It makes a fresh database beside the one named (Django's test-database machinery: for
PostgreSQL `<name>_kpi_benchmark`, dropped afterwards; never the named database itself),
migrates it, bulk-creates a Cornwall contract at a county's scale (benchmarks/county_data.py:
21,000 young people, 30,800 sessions and 200,400 attendance rows, irregular as a county's are;
`--scale gentle`: the older 10,000 young people, 20,000 sessions and 200,000 attendance rows,
evenly spread) and a Wolverhampton contract with 10,000 young people and their cases and
contacts, then times `kpi_return --json` for FY 2025 on each (the median of 3, after one run
to warm the caches) and one scan of the Cornwall contract's attendance joined to its sessions
in the same run, and prints the seconds, the ratio of the two and the load average.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

YOUNG_PEOPLE = 10_000
SESSIONS = 20_000
ATTENDANCE = 200_000
FIRST_DAY = date(2024, 4, 1)
LAST_DAY = date(2027, 3, 31)
BATCH = 5_000


from county_data import add_mentoring_and_grants, make_county_cornwall  # noqa: E402


def some_day(rng: random.Random, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def make_cornwall(rng: random.Random):
    from contracts.codes import (
        ETHNICITIES,
        SESSION_TYPES,
    )
    from contracts.models import (
        Accreditation,
        Attendance,
        CareStatus,
        Contract,
        Feedback,
        InformationProvided,
        Initiative,
        Organisation,
        OutcomeAssessment,
        Session,
        YoungPerson,
    )

    council = Organisation.objects.create(name="Bench Council", kind="commissioner")
    provider = Organisation.objects.create(name="Bench Provider", kind="provider")
    contract = Contract.objects.create(
        ref="BENCH-EP",
        title="Benchmark EP",
        framework="cornwall_ep",
        commissioner=council,
        provider=provider,
        start_date=FIRST_DAY,
        end_date=LAST_DAY,
        annual_value=Decimal("310000.00"),
    )
    people = YoungPerson.objects.bulk_create(
        (
            YoungPerson(
                contract=contract,
                ref=f"Y{i:06d}",
                first_name="Young",
                last_name=f"Person {i}",
                date_of_birth=some_day(rng, date(1999, 1, 1), date(2015, 12, 31)),
                gender=rng.choice(["female", "male", "other", "not_known"]),
                ethnicity=rng.choice(list(ETHNICITIES)),
                disability=rng.choice(["yes", "no", "not_known"]),
                locality=rng.choice(["East", "West", "Mid", "Isles of Scilly"]),
            )
            for i in range(YOUNG_PEOPLE)
        ),
        batch_size=BATCH,
    )
    care = []
    for person in people:
        start = some_day(rng, date(2015, 1, 1), date(2025, 1, 1))
        first_status = rng.choice(["in_care", "in_care", "child_in_need", "early_help"])
        switch = start + timedelta(days=rng.randrange(200, 2000))
        care.append(CareStatus(young_person=person, status=first_status, start_date=start))
        if rng.random() < 0.5:
            care[-1].end_date = switch - timedelta(days=1)
            care.append(CareStatus(young_person=person, status="care_leaver", start_date=switch))
    CareStatus.objects.bulk_create(care, batch_size=BATCH)
    sessions = Session.objects.bulk_create(
        (
            Session(
                contract=contract,
                ref=f"S{i:06d}",
                date=some_day(rng),
                session_type=rng.choice(list(SESSION_TYPES)),
                title=f"Session {i}",
                locality="East",
                duration_hours=Decimal(rng.choice(["1.00", "1.50", "2.25", "3.00"])),
                coproduction=rng.random() < 0.1,
            )
            for i in range(SESSIONS)
        ),
        batch_size=BATCH,
    )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < ATTENDANCE:
        pairs.add((rng.randrange(SESSIONS), rng.randrange(YOUNG_PEOPLE)))
    Attendance.objects.bulk_create(
        (Attendance(session=sessions[s], young_person=people[p]) for s, p in pairs),
        batch_size=BATCH,
    )
    informed = rng.sample(people, YOUNG_PEOPLE // 2)
    InformationProvided.objects.bulk_create(
        (
            InformationProvided(young_person=p, date=some_day(rng), method="leaflet")
            for p in informed
        ),
        batch_size=BATCH,
    )
    assessments = []
    for person in rng.sample(people, YOUNG_PEOPLE * 6 // 10):
        for day in sorted({some_day(rng) for _ in range(3)}):
            assessments.append(
                OutcomeAssessment(
                    young_person=person,
                    date=day,
                    **{
                        s: rng.randint(1, 10)
                        for s in (
                            "confidence",
                            "resilience",
                            "aspirations",
                            "physical_health",
                            "mental_health",
                            "identity",
                            "relationships",
                        )
                    },
                )
            )
    OutcomeAssessment.objects.bulk_create(assessments, batch_size=BATCH)
    feedback = {(rng.choice(people).pk, some_day(rng)) for _ in range(YOUNG_PEOPLE // 2)}
    Feedback.objects.bulk_create(
        (Feedback(young_person_id=p, date=d, kind="feedback") for p, d in feedback),
        batch_size=BATCH,
    )
    Initiative.objects.bulk_create(
        Initiative(contract=contract, ref=f"I{i}", date=some_day(rng), title=f"Review {i}")
        for i in range(200)
    )
    accreditations = {(rng.choice(people).pk, some_day(rng)) for _ in range(2_000)}
    Accreditation.objects.bulk_create(
        (
            Accreditation(
                young_person_id=p,
                award="ASDAN",
                route=rng.choice(["participation", "role"]),
                date=d,
            )
            for p, d in accreditations
        ),
        batch_size=BATCH,
    )
    add_mentoring_and_grants(contract, people, rng, scale=1, grant_day=some_day)
    return contract


def make_wolverhampton(rng: random.Random):
    from contracts.codes import PLACEMENT_CODES
    from contracts.models import (
        Assessment,
        CareStatus,
        Case,
        Contact,
        Contract,
        KeyWorker,
        KeyWorkerActivity,
        Organisation,
        PerformanceReview,
        Placement,
        YoungPerson,
    )

    council = Organisation.objects.create(name="Bench City Council", kind="commissioner")
    provider = Organisation.objects.create(name="Bench Trust", kind="provider")
    contract = Contract.objects.create(
        ref="BENCH-YPT",
        title="Benchmark YPT",
        framework="wolverhampton_ypt",
        commissioner=council,
        provider=provider,
        start_date=FIRST_DAY,
        end_date=LAST_DAY,
        annual_value=Decimal("420000.00"),
    )
    people = YoungPerson.objects.bulk_create(
        (
            YoungPerson(
                contract=contract,
                ref=f"W{i:06d}",
                first_name="Young",
                last_name=f"Person {i}",
                date_of_birth=some_day(rng, date(2008, 1, 1), date(2014, 12, 31)),
                gender=rng.choice(["female", "male"]),
                ethnicity="WBRI",
                disability="no",
                locality="Central",
            )
            for i in range(YOUNG_PEOPLE)
        ),
        batch_size=BATCH,
    )
    workers = KeyWorker.objects.bulk_create(
        KeyWorker(contract=contract, ref=f"K{i}", name=f"Key worker {i}") for i in range(60)
    )
    cases = []
    for i in range(15_000):
        start = some_day(rng)
        cases.append(
            Case(
                contract=contract,
                ref=f"C{i:06d}",
                young_person=people[i % YOUNG_PEOPLE],
                key_worker=rng.choice(workers),
                referral_date=start - timedelta(days=rng.randrange(0, 20)),
                start_date=start,
                end_date=start + timedelta(days=rng.randrange(30, 400))
                if rng.random() < 0.7
                else None,
            )
        )
    cases = Case.objects.bulk_create(cases, batch_size=BATCH)
    contacts = []
    for i in range(100_000):
        case = rng.choice(cases)
        day = some_day(rng, case.start_date, case.end_date or LAST_DAY)
        contacts.append(
            Contact(
                contract=contract,
                ref=f"CT{i:06d}",
                case=case,
                contact_date=day,
                recorded_date=day + timedelta(days=rng.randrange(0, 12)),
            )
        )
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    Assessment.objects.bulk_create(
        (
            Assessment(
                contract=contract,
                ref=f"AS{i:06d}",
                case=rng.choice(cases),
                date=some_day(rng),
                role=rng.choice(["lead", "support"]),
            )
            for i in range(10_000)
        ),
        batch_size=BATCH,
    )
    KeyWorkerActivity.objects.bulk_create(
        (
            KeyWorkerActivity(
                contract=contract,
                ref=f"KA{i:06d}",
                key_worker=rng.choice(workers),
                date=some_day(rng),
                role=rng.choice(["lead", "support"]),
                title="Group work",
            )
            for i in range(5_000)
        ),
        batch_size=BATCH,
    )
    reviews = {(rng.choice(workers).pk, some_day(rng)) for _ in range(600)}
    PerformanceReview.objects.bulk_create(
        PerformanceReview(key_worker_id=k, date=d, satisfactory=rng.random() < 0.8)
        for k, d in reviews
    )
    care, placements = [], []
    codes = [code for code in PLACEMENT_CODES if not code.startswith("T")]
    for person in people:
        start = some_day(rng, date(2023, 1, 1), LAST_DAY)
        if rng.random() < 0.3:
            end = start + timedelta(days=rng.randrange(20, 300))
            care.append(
                CareStatus(young_person=person, status="in_care", start_date=start, end_date=end)
            )
            if rng.random() < 0.3:
                care.append(
                    CareStatus(
                        young_person=person,
                        status="in_care",
                        start_date=end + timedelta(days=rng.choice([1, 40])),
                    )
                )
            placements.append(
                Placement(young_person=person, placement_code=rng.choice(codes), start_date=start)
            )
        else:
            care.append(CareStatus(young_person=person, status="child_in_need", start_date=start))
    CareStatus.objects.bulk_create(care, batch_size=BATCH)
    Placement.objects.bulk_create(placements, batch_size=BATCH)
    return contract


def median_of_3(measure) -> float:
    return statistics.median(measure() for _ in range(3))


def time_scan(ref: str) -> float:
    """One scan of the contract's attendance joined to its sessions: the least a return that
    reads every attendance row could take."""
    from contracts.models import Attendance

    started = time.perf_counter()
    Attendance.objects.filter(session__contract__ref=ref).count()
    return time.perf_counter() - started


def load() -> str:
    return "load average " + " ".join(f"{n:.2f}" for n in os.getloadavg())


def time_return(ref: str) -> float:
    started = time.perf_counter()
    out = StringIO()
    call_command("kpi_return", contract=ref, year=2025, json=True, stdout=out)
    return time.perf_counter() - started


def profile(ref: str) -> None:
    """Seconds per indicator over the return's seven periods, slowest first (scopes shared as
    a return shares them, so a figure taken from another indicator's costs nothing)."""
    from contracts.models import Contract
    from kpis.engine.periods import FinancialYear
    from kpis.engine.rules import Scope
    from kpis.frameworks import framework_for

    contract = Contract.objects.get(ref=ref)
    scopes = Scope.for_periods(contract, list(FinancialYear(2025).periods()))
    timings = []
    slowest = []
    for indicator in framework_for(contract.framework).indicators:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            for scope in scopes:
                indicator.compute(contract, scope.period, scope)
        timings.append((time.perf_counter() - started, indicator.code, len(captured)))
        slowest += [(float(q["time"]), indicator.code, q["sql"]) for q in captured]
    for seconds, code, queries in sorted(timings, reverse=True):
        print(f"    {code:<6} {seconds:.3f} s in {queries} queries")
    print("    slowest queries:")
    for seconds, code, sql in sorted(slowest, reverse=True)[:5]:
        print(f"    {code:<6} {seconds:.3f} s  {sql[:150]}")


def analysed_tables() -> int:
    """How many of the database's tables have planner statistics (autovacuum may have run)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_user_tables"
            " WHERE last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL"
        )
        return cursor.fetchone()[0]


def main() -> None:
    # The connection's own copy of the settings (defaults filled in) is the one to change.
    database = connection.settings_dict
    vendor = connection.vendor
    if vendor == "sqlite":
        database["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "kpi_benchmark.sqlite3")
    else:
        database["TEST"]["NAME"] = f"{database['NAME']}_kpi_benchmark"
    keep = "--keep" in sys.argv
    gentle = "--scale" in sys.argv and sys.argv[sys.argv.index("--scale") + 1] == "gentle"
    if keep and vendor == "sqlite":
        database["TEST"]["NAME"] = str(Path(tempfile.gettempdir()) / "kpi_benchmark.sqlite3")
    created = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    try:
        from contracts.models import Contract

        if not Contract.objects.filter(ref="BENCH-EP").exists():
            rng = random.Random(2025)  # noqa: S311 - benchmark data, not secrets
            started = time.perf_counter()
            if gentle:
                make_cornwall(rng)
            else:
                make_county_cornwall(rng)
            make_wolverhampton(rng)
            print(f"{vendor}: data made in {time.perf_counter() - started:.1f} s ({created})")
        if vendor == "postgresql" and "--no-analyze" in sys.argv:
            print(f"{vendor}: not analysed; {analysed_tables()} table(s) analysed by autovacuum")
        elif vendor == "postgresql":
            # What autovacuum does on a live site: planner statistics, and the visibility map
            # that lets index-only scans skip the table.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        for ref, label in (("BENCH-EP", "Cornwall"), ("BENCH-YPT", "Wolverhampton")):
            time_return(ref)  # a first run warms the caches, as a running site would be
            seconds = median_of_3(lambda ref=ref: time_return(ref))
            scan = median_of_3(lambda: time_scan("BENCH-EP"))
            print(
                f"{vendor}: {label} FY 2025 kpi_return: {seconds:.3f} s (median of 3); one scan"
                f" of Cornwall's attendance joined to sessions {scan:.3f} s; ratio"
                f" {seconds / scan:.1f}; {load()}"
            )
            if "--profile" in sys.argv:
                profile(ref)
    finally:
        if not keep:
            connection.creation.destroy_test_db(created, verbosity=0)


if __name__ == "__main__":
    main()
