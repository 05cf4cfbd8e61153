"""python manage.py apply_retention [--contract REF] [--yes]: who is due to be anonymised under
their contract's retention setting (references only, never names), and, with --yes, anonymise
them. Meant to run daily from cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from contracts.models import Contract
from privacy.erasure import ErasureRefused, erase_young_person
from privacy.retention import due_for_erasure

from ._people import contract_named


class Command(BaseCommand):
    help = "List the young people due to be anonymised; anonymise them with --yes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--contract", help="One contract's reference (default: all).")
        parser.add_argument("--yes", action="store_true", help="Anonymise those due.")

    def handle(self, *args, contract: str | None, yes: bool, **options) -> None:
        contracts = [contract_named(contract)] if contract else Contract.objects.order_by("ref")
        total = erased = 0
        for each in contracts:
            due, held = due_for_erasure(each)
            if held:
                self.stdout.write(f"{each.ref}: {held} due but under a legal hold (kept).")
            for item in due:
                total += 1
                self.stdout.write(
                    f"{each.ref} {item.person.ref}: "
                    f"last involved {item.last_involvement:%d/%m/%Y}, "
                    f"due {item.due_on:%d/%m/%Y}"
                )
                if not yes:
                    continue
                reason = (
                    f"Retention: {each.retention_years} years after the last involvement "
                    f"({item.last_involvement:%d/%m/%Y})"
                )
                try:
                    erase_young_person(
                        person=item.person, by=None, reason=reason, via="manage.py apply_retention"
                    )
                    erased += 1
                except ErasureRefused as refused:  # a hold placed since the list was read
                    self.stdout.write(f"{each.ref} {item.person.ref}: not erased: {refused}")
        if yes:
            self.stdout.write(f"Anonymised {erased} of {total} young people due.")
        elif total:
            self.stdout.write(
                f"Dry run: {total} young people due; nothing changed. Re-run with --yes to "
                "anonymise them."
            )
        else:
            self.stdout.write("Nobody is due.")
