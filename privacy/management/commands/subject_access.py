"""python manage.py subject_access --contract REF --young-person YPREF --output FILE.zip"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from privacy.export import subject_access_zip
from privacy.services import record_export

from ._people import young_person_named


class Command(BaseCommand):
    help = "Write everything held about one young person to a zip (CSV files and a PDF)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--contract", required=True)
        parser.add_argument("--young-person", required=True, dest="young_person")
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, contract, young_person, output: Path, **options) -> None:
        person = young_person_named(contract, young_person)
        output.write_bytes(subject_access_zip(person=person))
        record_export(person=person, by=None, via="manage.py subject_access")
        self.stdout.write(f"Wrote everything held about {person.ref} to {output}.")
