"""python manage.py import_ssda903 --contract REF --header HEADER.csv --episodes EPISODES.csv

For councils' pipelines: a council's SSDA903 Header and Episodes files update the periods in
care and placements of the contract's young people, matched on their council child ID
(README, "SSDA903 import"). Prints the counts, the child IDs no young person has and any
warnings, and exits 0; or prints every problem (file, row, column, reason) and exits 1 having
changed nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from contracts.models import Contract
from importer.ssda903.check import Ssda903Result
from importer.ssda903.write import run_ssda903_import


class Command(BaseCommand):
    help = (
        "Update young people's periods in care and placements from a council's SSDA903 "
        "Header and Episodes files (CSV)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--contract", required=True, help="the contract's reference")
        parser.add_argument("--header", required=True, type=Path, help="the Header CSV")
        parser.add_argument("--episodes", required=True, type=Path, help="the Episodes CSV")

    def handle(
        self, *args: Any, contract: str, header: Path, episodes: Path, **options: Any
    ) -> None:
        try:
            found = Contract.objects.get(ref=contract)
        except Contract.DoesNotExist as error:
            raise CommandError(
                f"No contract with the reference {contract!r}: nothing was imported."
            ) from error
        result = run_ssda903_import(header, episodes, contract=found)
        if not result.ok:
            for problem in result.problems:
                self.stdout.write(str(problem))
            count = len(result.problems)
            plural = "s" if count != 1 else ""
            self.stderr.write(f"{count:,} problem{plural}: nothing was imported.")
            raise SystemExit(1)
        for line in summary(result, found):
            self.stdout.write(line)


def summary(result: Ssda903Result, contract: Contract) -> list[str]:
    lines = [
        f"young people: {result.people_updated:,} updated, {result.people_unchanged:,} unchanged",
        f"in_care intervals: {result.periods}",
        f"placements: {result.placements}",
    ]
    if result.not_matched:
        lines.append(
            f"not matched: {len(result.not_matched):,} child IDs that no young person of "
            f"{contract.ref} has: {', '.join(result.not_matched)}"
        )
    lines += [f"warning: {warning}" for warning in result.warnings]
    return lines
