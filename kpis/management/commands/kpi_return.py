"""python manage.py kpi_return --contract REF --year 2025 [--json]

Prints a contract's KPI return for a financial year, computed from its records: as the JSON
document of import-format.md with --json, else as a plain table.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from contracts.models import Contract
from kpis.engine.compute import compute_return, kpi_return_document
from kpis.engine.periods import RETURN_PERIODS, FinancialYear
from kpis.engine.text import number_text, target_text


class Command(BaseCommand):
    help = "Print a contract's KPI return for a financial year (2025 = 2025/26)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--contract", required=True, help="the contract's reference")
        parser.add_argument(
            "--year", required=True, type=int, help="the year the financial year starts in"
        )
        parser.add_argument("--json", action="store_true", help="print the JSON document")

    def handle(self, *args, contract: str, year: int, json: bool, **options) -> None:
        try:
            found = Contract.objects.get(ref=contract)
        except Contract.DoesNotExist as error:
            raise CommandError(f"No contract with the reference {contract!r}.") from error
        if not 2000 <= year <= 2100:
            raise CommandError(f"{year} is not a financial year Tamar can report on.")
        kpi_return = compute_return(found, FinancialYear(year))
        if json:
            self.stdout.write(_dumps(kpi_return_document(found, kpi_return)))
            return
        self.stdout.write(f"{found.ref} {kpi_return.framework.title} {kpi_return.year.label}")
        self.stdout.write(
            f"{'Indicator':<44} {'Target':>14} " + " ".join(f"{p:>10}" for p in RETURN_PERIODS)
        )
        for row in kpi_return.rows:
            indicator = row.indicator
            target = target_text(indicator, row.target.value, row.target.label)
            figures = " ".join(
                f"{number_text(indicator.unit, row.figures[p].value):>10}" for p in RETURN_PERIODS
            )
            title = f"{indicator.code} {indicator.title}"
            self.stdout.write(f"{title[:44]:<44} {target[:14]:>14} {figures}")


def _dumps(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False)
