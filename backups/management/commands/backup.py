"""python manage.py backup --output FILE: the database and the uploaded files in one archive
(backups.services), with a manifest a restore checks first."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from backups.manifest import BackupError, vendor_name
from backups.services import make_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (MEDIA_ROOT) into one archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", required=True, help="The archive to write (a new file): FILE.tar.gz."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options) -> None:
        output = Path(options["output"])
        try:
            manifest = make_backup(output=output, using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up {vendor_name(manifest.vendor)} ({len(manifest.row_counts)} tables, "
            f"{sum(manifest.row_counts.values())} rows) and {len(manifest.files) - 1} uploaded "
            f"files to {output} at {manifest.created_at}."
        )
        self.stdout.write(
            "It holds children's personal data: keep it encrypted, where only the people who "
            "restore Tamar can read it."
        )
