"""Time the PDF of a full financial year's Cornwall return on the KPI benchmark's large data.

    .venv/bin/python benchmarks/pdf_benchmark.py                  # a fresh SQLite file
    DATABASE_URL=postgres://u:p@host:port/name .venv/bin/python benchmarks/pdf_benchmark.py
    ... pdf_benchmark.py --keep    # keep the database (and reuse it on the next run)
    ... pdf_benchmark.py --out x.pdf                                # and keep the PDF

It makes the data of benchmarks/kpi_benchmark.py (10,000 young people, 20,000 sessions, 200,000
attendance rows for contract BENCH-EP), opens the contract's 2025/26 returns, freezes Q1 to Q3
as submission does (figures and snapshot, benchmarks/report_benchmark.py's `freeze`), writes a
narrative and finances into the Q4 draft, and times:

- the cold start: the process's first PDF end to end (document_for, the trend charts, and
  the render with WeasyPrint's import and fonts);
- `render_return_pdf` alone, best of 3 (the builder: the figures are the KPI benchmark's
  business);
- the same once Q4 is frozen too: its document and charts then read nothing but the return.
"""

from __future__ import annotations

import logging
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import connection
from kpi_benchmark import make_cornwall  # also sets Django up
from report_benchmark import freeze


def page_count(pdf: bytes) -> str:
    """The PDF's pages, from poppler's pdfinfo where it is installed ("?" otherwise)."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return "?"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(  # noqa: S603 - fixed arguments, our own file
            [pdfinfo, file.name], capture_output=True, text=True, check=False
        ).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return found.group(1) if found else "?"


def prepare_return():
    from contracts.models import Contract
    from kpis.models import Return, ReturnStatus
    from kpis.returns.due import open_returns

    contract = Contract.objects.get(ref="BENCH-EP")
    open_returns(contract=contract, on=date(2026, 4, 2))
    returns = {
        ret.period: ret
        for ret in Return.objects.filter(contract=contract, financial_year=2025).select_related(
            "contract"
        )
    }
    for period in ("Q1", "Q2", "Q3"):
        ret = returns[period]
        if ret.status == ReturnStatus.DRAFT:
            freeze(ret)
    if returns["Q4"].status != ReturnStatus.DRAFT:  # --keep: a previous run froze it
        Return.objects.filter(pk=returns["Q4"].pk).update(
            status=ReturnStatus.DRAFT, frozen_figures=None, frozen_at=None
        )
    paragraph = (
        "Weekly groups ran in Truro, Bodmin, Camborne and Penzance, with holiday programmes "
        "in August and a residential in October. "
    )
    Return.objects.filter(pk=returns["Q4"].pk).update(
        service_activity=paragraph * 6,
        inputs_observations=paragraph * 3,
        outputs_observations=paragraph * 3,
        outcomes_observations=paragraph * 3,
        social_value=paragraph * 2,
        case_studies=(paragraph * 4 + "\n\n") * 3,
        expenditure=Decimal("301234.56"),
        staffing_cost=Decimal("212345.67"),
        staff_fte=Decimal("7.50"),
        additional_income=Decimal("12500.00"),
        financial_notes="An underspend on venues, spent on the residential.",
        indicator_notes={
            code: {"comment": "Checked against the registers.", "explanation": paragraph}
            for code in ("1.1", "1.2", "1.3", "1.4", "1.6", "1.8", "1.9")
        },
    )
    return Return.objects.select_related("contract__commissioner", "contract__provider").get(
        pk=returns["Q4"].pk
    )


def main() -> None:
    from reports.document import document_for
    from reports.pdf import render_return_pdf

    database = connection.settings_dict
    vendor = connection.vendor
    keep = "--keep" in sys.argv
    if vendor == "sqlite":
        folder = tempfile.gettempdir() if keep else tempfile.mkdtemp()
        database["TEST"]["NAME"] = str(Path(folder) / "pdf_benchmark.sqlite3")
    else:
        database["TEST"]["NAME"] = f"{database['NAME']}_pdf_benchmark"
    created = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    try:
        from contracts.models import Contract

        if not Contract.objects.filter(ref="BENCH-EP").exists():
            started = time.perf_counter()
            make_cornwall(random.Random(2025))  # noqa: S311 - benchmark data, not secrets
            print(f"{vendor}: data made in {time.perf_counter() - started:.1f} s")
        ret = prepare_return()
        # WeasyPrint reports each layout step on its progress logger: not wanted here.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        started = time.perf_counter()
        doc = document_for(ret, trend=True)
        fetched = time.perf_counter() - started
        pdf = render_return_pdf(doc)  # the first: imports WeasyPrint, loads fonts
        print(
            f"{vendor}: cold start, Q4 draft PDF end to end: {time.perf_counter() - started:.2f} s "
            f"(document and trend charts {fetched:.2f} s)"
        )
        for label in ("Q4 draft", "Q4 submitted"):
            if label == "Q4 submitted":
                freeze(ret)
                started = time.perf_counter()
                doc = document_for(ret, trend=True)
                print(
                    f"{vendor}: {label}: document and charts {time.perf_counter() - started:.3f} s"
                )
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                pdf = render_return_pdf(doc)
                runs.append(time.perf_counter() - started)
            pages = page_count(pdf)
            print(
                f"{vendor}: {label}: Cornwall FY 2025 return PDF ({len(pdf):,} bytes, {pages} "
                f"pages): {min(runs):.2f} s (best of 3)"
            )
        if "--out" in sys.argv:
            Path(sys.argv[sys.argv.index("--out") + 1]).write_bytes(pdf)
    finally:
        if not keep:
            connection.creation.destroy_test_db(created, verbosity=0)


if __name__ == "__main__":
    main()
