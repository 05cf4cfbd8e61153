"""python manage.py export_return --contract REF --year 2025 --period Q2 --format xlsx|pdf
--output FILE

Writes a return as the council's spreadsheet or as a PDF: the same document the return page's
downloads give (frozen figures once submitted, live ones for a draft). A period that has ended
has its return opened first if the daily `open_returns` has not yet run (a council's pipeline
exports straight after an import); a period not yet over has none, and the command says why.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from contracts.models import Contract
from kpis.engine.periods import FinancialYear, today
from kpis.frameworks import framework_for
from kpis.models import ALL_RETURN_PERIODS
from kpis.returns.due import open_all_returns
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
        open_all_returns(contracts=[found])
        try:
            ret = return_for_period(found, year, period)
        except NoReturn as error:
            raise CommandError(why_no_return(found, year, period) or str(error)) from error
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


def why_no_return(contract: Contract, year: int, period: str) -> str | None:
    """Why a period has no return, in the words of the contract's framework."""
    framework = framework_for(contract.framework)
    if period not in framework.return_periods:
        return (
            f"{contract.ref} reports by {framework.return_period_noun}: its periods are "
            f"{', '.join(framework.return_periods)}, not {period}."
        )
    span = FinancialYear(year).period(period)
    if span.end >= today():
        return (
            f"{FinancialYear(year).label} {period} has not ended yet (it ends on "
            f"{span.end:%d/%m/%Y}): its return is opened the day after."
        )
    if span.end < contract.start_date or span.start > contract.end_date:
        return (
            f"{FinancialYear(year).label} {period} is outside {contract.ref}'s term "
            f"({contract.start_date:%d/%m/%Y} to {contract.end_date:%d/%m/%Y})."
        )
    return None
