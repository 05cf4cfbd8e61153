"""Backing up and restoring Tamar: the database and the uploaded files (MEDIA_ROOT: return
attachments, import workbooks) in one archive, with a manifest checked before anything is
replaced. Free of HTTP; the management commands `backup` and `restore` call these.

The archive is a gzipped tar: `manifest.json`, the database (`database.sqlite3`, or
`database.pgdump` from pg_dump), and the files under `media/`. It holds children's personal
data, so it is written readable by its owner only (0600), and in one step (a half-written
archive never has the final name).
"""

from __future__ import annotations

import getpass
import logging
import os
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from contracts.triggers import CONNECTED

from . import postgresql, sqlite
from .manifest import (
    BackupError,
    Manifest,
    check_migrations,
    check_vendor,
    code_migrations,
    sha256_of,
    vendor_name,
)

logger = logging.getLogger("tamar.backups")

MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def _vendor(connection) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            f"Backups are written for SQLite and PostgreSQL, not {connection.vendor}."
        )
    return connection.vendor


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def make_backup(*, output: Path, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Write a backup of the database and MEDIA_ROOT to `output` (which must not exist)."""
    connection = connections[using]
    vendor = _vendor(connection)
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} already exists: give a new file name.")
    if not output.parent.is_dir():
        raise BackupError(f"There is no folder {output.parent}.")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".tamar-backup-") as work:
        database = Path(work) / DATABASE_FILES[vendor]
        created_at = datetime.now(UTC).isoformat(timespec="seconds")
        if vendor == "sqlite":
            sqlite.copy_database(connection, database)
            version, migrations, counts = sqlite.state_of(database)
        else:
            version, migrations, counts = postgresql.dump_database(connection, database)
        media = _media_files(media_root)
        files = {database.name: sha256_of(database)}
        for path in media:
            files[str(PurePosixPath(MEDIA, *path.relative_to(media_root).parts))] = sha256_of(path)
        manifest = Manifest(
            created_at=created_at,
            vendor=vendor,
            server_version=version,
            django_version=django.get_version(),
            migrations=tuple(sorted(migrations)),
            row_counts=dict(sorted(counts.items())),
            files=files,
            database_file=database.name,
        )
        (Path(work) / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        partial = Path(work) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            archive.add(database, arcname=database.name)
            for path in media:
                archive.add(
                    path, arcname=str(PurePosixPath(MEDIA, *path.relative_to(media_root).parts))
                )
        os.chmod(partial, 0o600)
        os.replace(partial, output)
    logger.info(
        "Backup written to %s: %s rows, %s files.", output, sum(counts.values()), len(media)
    )
    return manifest


@dataclass(frozen=True)
class OpenedBackup:
    """A backup unpacked into a working folder, its manifest read and every file checked."""

    manifest: Manifest
    folder: Path
    archive: Path
    missing_migrations: tuple[str, ...]  # this code's migrations the backup's database lacks

    @property
    def database(self) -> Path:
        return self.folder / self.manifest.database_file

    @property
    def media(self) -> Path:
        return self.folder / MEDIA


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


@contextmanager
def open_backup(*, archive: Path, using: str = DEFAULT_DB_ALIAS) -> Iterator[OpenedBackup]:
    """Unpack and check a backup against this Tamar and its database, changing nothing: the
    vendor, the migrations (none newer than the code's), every file's checksum, and the
    database copy itself. The working folder is beside MEDIA_ROOT, so the files can be moved
    into place, and removed afterwards."""
    archive = Path(archive)
    connection = connections[using]
    vendor = _vendor(connection)
    if not archive.is_file():
        raise BackupError(f"There is no file {archive}.")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".tamar-restore-") as work:
        folder = Path(work)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                manifest = Manifest.from_json(tar.extractfile(MANIFEST).read().decode("utf-8"))
                check_vendor(manifest, vendor)
                missing = check_migrations(manifest, code_migrations())
                members = tar.getmembers()
                expected = {MANIFEST, *manifest.files}
                for member in members:
                    if not member.isfile() or member.name not in expected:
                        raise BackupError(
                            f"The backup holds {member.name}, which its manifest does not list."
                        )
                    if not _safe_name(member.name):
                        raise BackupError(
                            f"The backup holds a file outside its folder: {member.name}."
                        )
                tar.extractall(folder, filter="data")
        except (tarfile.TarError, KeyError, OSError, EOFError) as error:
            raise BackupError(f"{archive} is not a readable Tamar backup: {error}.") from None
        for name, checksum in manifest.files.items():
            path = folder / name
            if not path.is_file():
                raise BackupError(f"The backup has lost {name}. Nothing was changed.")
            if sha256_of(path) != checksum:
                raise BackupError(
                    f"{name} in the backup does not match its checksum: the backup is damaged. "
                    "Nothing was changed."
                )
        opened = OpenedBackup(manifest, folder, archive, tuple(missing))
        if vendor == "sqlite":
            sqlite.check_copy(opened.database)
        else:
            postgresql.check_dump(connection, opened.database)
        yield opened


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Each table's rows in the live database."""
    connection = connections[using]
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    missing_migrations: tuple[str, ...]
    rebuilt_triggers: tuple[str, ...]  # trigger sets found missing and rebuilt
    earlier_media: Path | None  # where the files that were in MEDIA_ROOT were moved


def restore_backup(*, backup: OpenedBackup, using: str = DEFAULT_DB_ALIAS) -> Restored:
    """Replace the database and MEDIA_ROOT with the backup's (checked by `open_backup`)."""
    connection = connections[using]
    manifest = backup.manifest
    logger.warning(
        "Restoring %s (%s backup of %s) into %s, as %s.",
        backup.archive,
        vendor_name(manifest.vendor),
        manifest.created_at,
        connection.settings_dict["NAME"],
        _operator(),
    )
    if connection.vendor == "sqlite":
        sqlite.restore_database(connection, backup.database)
    else:
        postgresql.restore_database(connection, backup.database, backup.folder)
    counts = row_counts(using)
    differ = sorted(t for t, n in manifest.row_counts.items() if counts.get(t) != n)
    if differ:
        raise BackupError(
            f"The database was restored, but these tables do not hold the rows the backup "
            f"counted: {', '.join(differ)}. Restore again, or from another backup."
        )
    rebuilt = []
    if not backup.missing_migrations:
        # With the code's schema, every trigger set must be there as the models call for.
        from django.apps import apps

        for trigger_set in CONNECTED:
            if trigger_set.installed(connection) != trigger_set.expected(apps, connection.vendor):
                trigger_set.install(apps, connection)
                rebuilt.append(trigger_set.prefix)
    earlier = _replace_media(backup.media, Path(settings.MEDIA_ROOT))
    return Restored(manifest, backup.missing_migrations, tuple(rebuilt), earlier)


def _replace_media(restored: Path, media_root: Path) -> Path | None:
    """Put the backup's files in MEDIA_ROOT; the files there before are moved aside, not
    deleted (the operator deletes them once the restore is checked)."""
    earlier = None
    if media_root.exists() and any(media_root.iterdir()):
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        earlier = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        os.replace(media_root, earlier)
    elif media_root.exists():
        media_root.rmdir()
    if restored.is_dir():
        os.replace(restored, media_root)
    else:
        media_root.mkdir()
    return earlier


def _operator() -> str:
    """The account running the command, for the log."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "an unknown user"
