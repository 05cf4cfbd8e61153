"""python manage.py export_return --contract REF --year 2025 --period Q2 --format xlsx|pdf
--output FILE

Writes a return as the council's spreadsheet or as a PDF: the same document the return page's
downloads give (frozen figures once submitted, live ones for a draft). The return must exist;
nothing is created.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from contracts.models import Contract
from kpis.models import ALL_RETURN_PERIODS
from reports.document import NoReturn, document_for, filename_for, return_for_period
from reports.excel import build_kpi_workbook
from reports.pdf import render_return_pdf
from reports.pdf_data import trend_charts_for


class Command(BaseCommand):
    help = "Write a contract's return for a period as .xlsx or .pdf (2025 = 2025/26)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--contract", required=True, help="the contract's reference")
        parser.add_argument(
            "--year", required=True, type=int, help="the year the financial year starts in"
        )
        parser.add_argument("--period", required=True, choices=ALL_RETURN_PERIODS)
        parser.add_argument("--format", required=True, choices=("xlsx", "pdf"), dest="kind")
        parser.add_argument("--output", required=True, type=Path, help="the file to write")

    def handle(
        self,
        *args,
        contract: str,
        year: int,
        period: str,
        kind: str,
        output: Path,
        **options,
    ) -> None:
        try:
            found = Contract.objects.select_related("commissioner", "provider").get(ref=contract)
        except Contract.DoesNotExist as error:
            raise CommandError(f"No contract with the reference {contract!r}.") from error
        try:
            ret = return_for_period(found, year, period)
        except NoReturn as error:
            raise CommandError(str(error)) from error
        doc = document_for(ret)
        # Before the build (a PDF takes a second or two): where it goes must be a file.
        if output.is_dir():
            raise CommandError(
                f"{output} is a directory: give the file to write, e.g. "
                f"--output {output / filename_for(doc, kind)}"
            )
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent} is not a directory.")
        if kind == "xlsx":
            content = build_kpi_workbook(doc)
        else:
            content = render_return_pdf(doc, charts=trend_charts_for(ret, doc))
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror or error}.") from error
        self.stdout.write(f"Wrote {doc.title} ({kind}, {len(content):,} bytes) to {output}.")
