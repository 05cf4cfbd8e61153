"""python manage.py erase_young_person --contract REF --young-person YPREF --reason TEXT [--yes]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from privacy.erasure import ErasureRefused, erase_young_person

from ._people import young_person_named


class Command(BaseCommand):
    help = "Anonymise one young person in every table (history included); asks first."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--contract", required=True)
        parser.add_argument("--young-person", required=True, dest="young_person")
        parser.add_argument("--reason", required=True)
        parser.add_argument("--yes", action="store_true", help="Do not ask to confirm.")

    def handle(self, *args, contract, young_person, reason: str, yes: bool, **options) -> None:
        person = young_person_named(contract, young_person)
        if not yes:
            answer = input(
                f"Erase {person.ref} of {person.contract.ref} for good? Type its reference: "
            )
            if answer.strip() != person.ref:
                raise CommandError("Not confirmed: nothing was erased.")
        try:
            erasure = erase_young_person(
                person=person, by=None, reason=reason, via="manage.py erase_young_person"
            )
        except ErasureRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"Erased {erasure.young_person_ref}: {erasure.rows_changed} rows changed, "
            f"{erasure.rows_deleted} deleted."
        )
