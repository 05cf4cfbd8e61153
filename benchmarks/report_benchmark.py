"""Time the exports of a full financial year's Cornwall return on the large dataset.

    .venv/bin/python benchmarks/report_benchmark.py              # a fresh SQLite file
    DATABASE_URL=postgres://u:p@host:port/name .venv/bin/python benchmarks/report_benchmark.py
    ... report_benchmark.py --keep    # keep the database (and reuse it on the next run)

The data is benchmarks/kpi_benchmark.py's (10,000 young people, 20,000 sessions, 200,000
attendance rows for a Cornwall contract, and the rest), made by importing its generator into a
fresh database beside the one named (never the named database itself). The Q1-Q3 returns of
2025/26 are frozen as submission freezes them (their figures, and the snapshot of what their
exports show beyond them), so that the Q4 return's table has every column. Then, for the Q4
return as a draft and again once frozen the same way:

- cold: the first export of the process, end to end (document_for, the trend charts and the
  PDF: imports, fonts and WeasyPrint's first layout included), then the first workbook;
- best of five: `document_for(ret)` (the database work), with `trend=True` (a draft computes
  its charts' earlier quarters from the records; a submitted return reads them from itself),
  `build_kpi_workbook(doc)` (goal: < 1 s), `render_return_pdf(doc)` (goal: < 5 s), and each
  download end to end.
"""

from __future__ import annotations

import logging
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kpi_benchmark  # noqa: E402 - sets up Django, as this script needs it to
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 5
EXCEL_GOAL_SECONDS = 1.0
PDF_GOAL_SECONDS = 5.0


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    timings = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def freeze(ret) -> None:
    """As submission does (kpis.returns.workflow): the figures with the table's earlier columns
    and the charts' quarters, then "submitted" (no workflow, no users: only what is frozen
    matters here)."""
    from kpis.models import ReturnStatus
    from kpis.returns.figures import figures_of

    figures = figures_of(ret, earlier=True, trend=True).to_json()
    ret.frozen_figures = figures
    ret.frozen_at = timezone.now()
    ret.status = ReturnStatus.SUBMITTED
    ret.save(update_fields=["frozen_figures", "frozen_at", "status"])


def full_year_return():
    """The BENCH-EP return for Q4 2025/26 (a draft), with Q1-Q3 frozen as on submission."""
    from contracts.models import Contract
    from kpis.models import Return, ReturnStatus
    from kpis.returns.due import open_returns

    contract = Contract.objects.select_related("commissioner", "provider").get(ref="BENCH-EP")
    open_returns(contract=contract, on=date(2026, 5, 1))
    returns = {
        ret.period: ret for ret in Return.objects.filter(contract=contract, financial_year=2025)
    }
    for period in ("Q1", "Q2", "Q3"):
        ret = returns[period]
        ret.contract = contract
        if ret.frozen_figures is None:
            freeze(ret)
    q4 = returns["Q4"]
    q4.contract = contract
    if q4.status != ReturnStatus.DRAFT:  # --keep: a previous run froze it
        Return.objects.filter(pk=q4.pk).update(
            status=ReturnStatus.DRAFT, frozen_figures=None, frozen_at=None
        )
        q4.refresh_from_db()
        q4.contract = contract
    return q4


def time_exports(vendor: str, ret, label: str) -> None:
    from reports.document import document_for
    from reports.excel import build_kpi_workbook
    from reports.pdf import charts_for, render_return_pdf

    seconds, doc = best_of(RUNS, lambda: document_for(ret))
    rows = len(doc.indicators) + sum(len(line.breakdowns) for line in doc.indicators)
    print(f"{vendor}: {label}: document_for: {seconds:.3f} s")
    seconds, doc = best_of(RUNS, lambda: document_for(ret, trend=True))
    print(f"{vendor}: {label}: document_for with the trend charts' quarters: {seconds:.3f} s")
    seconds, charts = best_of(RUNS, lambda: charts_for(doc))
    print(f"{vendor}: {label}: charts_for: {seconds:.3f} s")
    seconds, workbook = best_of(RUNS, lambda: build_kpi_workbook(doc))
    verdict = "within" if seconds < EXCEL_GOAL_SECONDS else "OVER"
    print(
        f"{vendor}: {label}: build_kpi_workbook ({rows} indicator and breakdown rows, "
        f"{len(workbook):,} bytes): {seconds:.3f} s ({verdict} the {EXCEL_GOAL_SECONDS:.0f} s "
        "goal)"
    )
    seconds, pdf = best_of(RUNS, lambda: render_return_pdf(doc, charts=charts))
    verdict = "within" if seconds < PDF_GOAL_SECONDS else "OVER"
    print(
        f"{vendor}: {label}: render_return_pdf ({len(pdf):,} bytes): {seconds:.3f} s "
        f"({verdict} the {PDF_GOAL_SECONDS:.0f} s goal)"
    )
    seconds, _ = best_of(RUNS, lambda: build_kpi_workbook(document_for(ret)))
    print(f"{vendor}: {label}: Excel end to end (document + workbook): {seconds:.3f} s")

    def pdf_end_to_end() -> bytes:
        return render_return_pdf(document_for(ret, trend=True))

    seconds, _ = best_of(RUNS, pdf_end_to_end)
    print(f"{vendor}: {label}: PDF end to end (document + charts + render): {seconds:.3f} s")


def main() -> None:
    database = connection.settings_dict
    vendor = connection.vendor
    keep = "--keep" in sys.argv
    if vendor == "sqlite":
        folder = Path(tempfile.gettempdir() if keep else tempfile.mkdtemp())
        database["TEST"]["NAME"] = str(folder / "report_benchmark.sqlite3")
    else:
        database["TEST"]["NAME"] = f"{database['NAME']}_report_benchmark"
    created = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    try:
        from contracts.models import Contract

        if not Contract.objects.filter(ref="BENCH-EP").exists():
            rng = random.Random(2025)  # noqa: S311 - benchmark data, not secrets
            started = time.perf_counter()
            kpi_benchmark.make_cornwall(rng)
            print(f"{vendor}: data made in {time.perf_counter() - started:.1f} s ({created})")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        started = time.perf_counter()
        ret = full_year_return()
        print(
            f"{vendor}: Q1-Q3 frozen with their snapshots in {time.perf_counter() - started:.1f} s"
        )
        # WeasyPrint reports each layout step on its progress logger: not wanted here.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

        # Cold: the first PDF and the first workbook of this process, end to end.
        started = time.perf_counter()
        from reports.document import document_for
        from reports.excel import build_kpi_workbook
        from reports.pdf import render_return_pdf

        render_return_pdf(document_for(ret, trend=True))
        print(
            f"{vendor}: cold start, Q4 draft PDF end to end (imports, document, charts, "
            f"render): {time.perf_counter() - started:.2f} s"
        )
        started = time.perf_counter()
        build_kpi_workbook(document_for(ret))
        print(
            f"{vendor}: first Q4 draft workbook end to end: {time.perf_counter() - started:.2f} s"
        )

        time_exports(vendor, ret, "Q4 draft (live figures)")
        started = time.perf_counter()
        freeze(ret)
        print(f"{vendor}: Q4 frozen with its snapshot in {time.perf_counter() - started:.1f} s")
        time_exports(vendor, ret, "Q4 submitted (frozen)")
    finally:
        if not keep:
            connection.creation.destroy_test_db(created, verbosity=0)


if __name__ == "__main__":
    main()
