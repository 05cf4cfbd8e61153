"""python manage.py import_records PATH: a .xlsx workbook or a folder of CSVs (import-format.md).

Prints one line per table (created / updated / unchanged) and exits 0, or prints every problem
(sheet, row, column, reason) and exits 1 having changed nothing. Progress goes to standard
error, and only for big tables or when a person is watching, so standard output stays clean.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from importer.services import run_import

# Tables with fewer rows than this are quick enough to need no progress line.
PROGRESS_ROWS = 10_000


class Command(BaseCommand):
    help = "Import a contract's records from a .xlsx workbook or a folder of CSV files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a .xlsx workbook or a folder of CSV files")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        started = time.monotonic()
        watching = self.stderr.isatty()

        def progress(table: str, stage: str, rows: int) -> None:
            if watching or rows >= PROGRESS_ROWS:
                elapsed = time.monotonic() - started
                self.stderr.write(f"  {table}: {rows:,} rows {stage} ({elapsed:.1f} s)")

        result = run_import(path, file_name=path.name, progress=progress)
        if not result.ok:
            for problem in result.problems:
                self.stdout.write(str(problem))
            self.stderr.write(
                f"{len(result.problems):,} problem{'s' if len(result.problems) != 1 else ''}: "
                "nothing was imported."
            )
            raise SystemExit(1)
        for table, counts in result.counts.items():
            self.stdout.write(f"{table}: {counts}")
