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
from reports.document import NoReturn, return_for_period
from reports.exports import export_return, return_filename


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
        # Before the build (a PDF takes a second or two): where it goes must be a file.
        if output.is_dir():
            name = return_filename(found.ref, ret.financial_year_label, ret.period, kind)
            raise CommandError(
                f"{output} is a directory: give the file to write, e.g. --output {output / name}"
            )
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent} is not a directory.")
        exported = export_return(ret, kind)
        try:
            output.write_bytes(exported.content)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror or error}.") from error
        self.stdout.write(
            f"Wrote {exported.title} ({kind}, {len(exported.content):,} bytes) to {output}."
        )
