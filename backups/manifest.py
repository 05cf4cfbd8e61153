"""What a backup says about itself, checked before anything is replaced: pure, but for reading
the code's own migrations.

A backup is one archive (backups.archive) holding the database, the uploaded files and
`manifest.json`: when it was made, from which database vendor, the migrations its database
had, each table's row count (checked again after a restore) and a SHA-256 checksum of every
file in it. A restore refuses a backup of another vendor, one whose database has migrations
this code does not know (made by a newer Tamar), and one whose files do not match their
checksums.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

FORMAT = "tamar-backup"
VERSION = 1
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup that cannot be made or restored, with what to do about it."""


@dataclass(frozen=True)
class Manifest:
    created_at: str  # ISO 8601, UTC
    vendor: str  # Django's connection.vendor: "sqlite" or "postgresql"
    server_version: str
    django_version: str
    migrations: tuple[str, ...]  # "app.name", as django_migrations records them
    row_counts: dict[str, int]  # table -> rows, when the backup was made
    files: dict[str, str]  # path in the archive -> SHA-256
    database_file: str  # the path in the archive of the database's dump
    format: str = FORMAT
    version: int = VERSION
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise BackupError(f"The backup's manifest is not readable: {error}.") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError("This file is not a Tamar backup (its manifest says otherwise).")
        if data.get("version") != VERSION:
            raise BackupError(
                f"This backup is in format {data.get('version')}; this Tamar reads format "
                f"{VERSION}. Restore it with the version of Tamar that made it."
            )
        try:
            data["migrations"] = tuple(data["migrations"])
            return cls(**data)
        except (KeyError, TypeError) as error:
            raise BackupError(f"The backup's manifest is incomplete: {error}.") from None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def vendor_name(vendor: str) -> str:
    return VENDOR_NAMES.get(vendor, vendor)


def check_vendor(manifest: Manifest, vendor: str) -> None:
    if manifest.vendor != vendor:
        raise BackupError(
            f"This backup was made from {vendor_name(manifest.vendor)} and this Tamar uses "
            f"{vendor_name(vendor)}: a backup is restored into the kind of database it was "
            "made from. Nothing was changed."
        )


def code_migrations() -> set[str]:
    """Every migration this code has, as "app.name"."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def unknown_migrations(manifest: Manifest, known: set[str]) -> list[str]:
    """The backup's migrations this code does not have: it was made by a newer Tamar."""
    return sorted(set(manifest.migrations) - known)


def check_migrations(manifest: Manifest, known: set[str]) -> list[str]:
    """Refuse a backup made by a newer Tamar; return this code's migrations the backup lacks
    (an older backup: `migrate` brings it up to date after the restore)."""
    newer = unknown_migrations(manifest, known)
    if newer:
        shown = ", ".join(newer[:5]) + (f" and {len(newer) - 5} more" if len(newer) > 5 else "")
        raise BackupError(
            f"This backup was made by a newer version of Tamar: its database has migrations "
            f"this version does not know ({shown}). Install the version it was made with, or "
            "a later one, and restore again. Nothing was changed."
        )
    return sorted(known - set(manifest.migrations))
