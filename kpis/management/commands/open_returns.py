"""python manage.py open_returns [--date 2026-07-01] [--contract REF]

Run daily (cron), before send_return_reminders: opens, as drafts with their due dates, the
returns of every reporting period that has ended, for every contract (or one). Safe to run more
than once: a period's return is opened once. The returns list and `export_return` open a
missing return on demand too; no page creates one by being looked at.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from contracts.models import Contract
from kpis.returns.due import open_all_returns, unopened_returns


class Command(BaseCommand):
    help = "Open the returns of every reporting period that has ended (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", dest="day", type=date.fromisoformat, help="the day to act as (default: today)"
        )
        parser.add_argument("--contract", help="only this contract (its reference)")

    def handle(self, *args, day: date | None, contract: str | None, **options) -> None:
        contracts = Contract.objects.order_by("ref")
        if contract is not None:
            contracts = contracts.filter(ref=contract)
            if not contracts.exists():
                raise CommandError(f"No contract with the reference {contract!r}.")
        contracts = list(contracts)
        owed = unopened_returns(contracts=contracts, on=day)
        open_all_returns(contracts=contracts, on=day)
        for each in owed:
            self.stdout.write(f"Opened {each}, due {each.due_date:%d/%m/%Y}.")
        self.stdout.write(f"{len(owed)} return{'' if len(owed) == 1 else 's'} opened.")
