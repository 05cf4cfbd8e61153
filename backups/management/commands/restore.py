"""python manage.py restore FILE [--yes]: replace the database and the uploaded files with a
backup's, after checking it (backups.services) and asking."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from backups.manifest import BackupError, vendor_name
from backups.services import open_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup's. Stop Tamar (its web "
        "server and scheduled commands) first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="A backup written by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Replace the data without asking (for scripts)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options) -> None:
        using = options["database"]
        try:
            with open_backup(archive=Path(options["archive"]), using=using) as backup:
                manifest = backup.manifest
                name = connections[using].settings_dict["NAME"]
                self.stdout.write(
                    f"The backup of {manifest.created_at} ({vendor_name(manifest.vendor)}, "
                    f"{sum(manifest.row_counts.values())} rows, {len(manifest.files) - 1} "
                    "uploaded files) is complete and matches this Tamar."
                )
                if not options["yes"] and not self._confirmed(name):
                    self.stdout.write("Nothing was changed.")
                    return
                restored = restore_backup(backup=backup, using=using)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the backup of {manifest.created_at} into {name}.")
        self.stdout.write(
            "The audit now ends where the backup does: what was viewed after "
            f"{manifest.created_at} is no longer in it."
        )
        if restored.rebuilt_triggers:
            self.stdout.write(f"Rebuilt missing triggers: {', '.join(restored.rebuilt_triggers)}.")
        if restored.earlier_media:
            self.stdout.write(
                f"The files that were in MEDIA_ROOT are in {restored.earlier_media}: delete "
                "them once you have checked the restore."
            )
        if restored.missing_migrations:
            self.stdout.write(
                f"The backup is from an older version of Tamar ({len(restored.missing_migrations)}"
                " migrations behind): run `python manage.py migrate` now."
            )

    def _confirmed(self, name: str) -> bool:
        if not self.stdin_is_interactive():
            raise CommandError(
                "A restore replaces every record, return, audit row and uploaded file: add "
                "--yes to confirm. Nothing was changed."
            )
        answer = input(
            f"This replaces every record, return, audit row and uploaded file in {name} and "
            "MEDIA_ROOT with the backup's.\nType 'yes' to continue: "
        )
        return answer.strip() == "yes"

    def stdin_is_interactive(self) -> bool:
        import sys

        return sys.stdin.isatty()
