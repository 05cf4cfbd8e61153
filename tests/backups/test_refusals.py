"""What a restore refuses, before it changes anything: a backup of another database vendor, one
made by a newer Tamar, a damaged or foreign file, and any restore not confirmed. And what a
backup refuses: writing over a file."""

import io
import json
import stat
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from backups.management.commands.restore import Command
from backups.manifest import BackupError
from backups.services import make_backup, open_backup
from contracts.models import Contract
from tests.factories import ContractFactory

pytestmark = pytest.mark.django_db(transaction=True)

OTHER_VENDOR = {"sqlite": "postgresql", "postgresql": "sqlite"}


@pytest.fixture
def backup(tmp_path, media_root):
    """A backup of one contract and one uploaded file."""
    ContractFactory(ref="KEPT")
    (media_root / "returns").mkdir(parents=True)
    (media_root / "returns" / "visits.pdf").write_bytes(b"%PDF-1.7 the visits")
    archive = tmp_path / "backup.tar.gz"
    make_backup(output=archive)
    return archive


def rewritten(archive, tmp_path, *, manifest=None, replace=None, extra=None):
    """A copy of `archive` with its manifest changed by `manifest(dict)`, a file's bytes
    replaced (`replace`: name -> bytes) or a file added that the manifest does not list."""
    copy = tmp_path / "changed.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                content = json.loads(data)
                manifest(content)
                data = json.dumps(content).encode()
            if replace and member.name in replace:
                data = replace[member.name]
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return copy


def restore(archive, *options) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), *options, stdout=out)
    return out.getvalue()


def unchanged(media_root) -> bool:
    """The database and the files as the fixture left them, but for the contract added after
    the backup (which a restore would remove)."""
    return (
        set(Contract.objects.values_list("ref", flat=True)) == {"KEPT", "AFTER"}
        and (media_root / "returns" / "visits.pdf").read_bytes() == b"%PDF-1.7 the visits"
    )


@pytest.fixture
def changed_since(backup):
    ContractFactory(ref="AFTER")
    return backup


def test_it_refuses_a_backup_of_another_database_vendor(changed_since, tmp_path, media_root):
    other = OTHER_VENDOR[connection.vendor]

    def vendor(manifest):
        manifest["vendor"] = other

    with pytest.raises(CommandError, match="backup is restored into the kind of database"):
        restore(rewritten(changed_since, tmp_path, manifest=vendor), "--yes")
    assert unchanged(media_root)


def test_it_refuses_a_backup_made_by_a_newer_tamar(changed_since, tmp_path, media_root):
    def newer(manifest):
        manifest["migrations"].append("kpis.9999_from_the_future")

    with pytest.raises(CommandError, match=r"newer version of Tamar.*kpis\.9999_from_the_future"):
        restore(rewritten(changed_since, tmp_path, manifest=newer), "--yes")
    assert unchanged(media_root)


@pytest.mark.parametrize("name", ["media/returns/visits.pdf", "database"])
def test_it_refuses_a_damaged_backup(changed_since, tmp_path, media_root, name):
    with tarfile.open(changed_since) as archive:
        names = archive.getnames()
    name = next(n for n in names if n.startswith(name))
    damaged = rewritten(changed_since, tmp_path, replace={name: b"not what was backed up"})
    with pytest.raises(CommandError, match="does not match its checksum"):
        restore(damaged, "--yes")
    assert unchanged(media_root)


@pytest.mark.parametrize("name", ["../outside.txt", "media/unlisted.txt"])
def test_it_refuses_a_file_its_manifest_does_not_list(changed_since, tmp_path, media_root, name):
    smuggled = rewritten(changed_since, tmp_path, extra={name: b"x"})
    with pytest.raises(CommandError, match="which its manifest does not list"):
        restore(smuggled, "--yes")
    assert unchanged(media_root)
    assert not (tmp_path / "outside.txt").exists()


def test_an_older_backup_is_restored_and_the_operator_told_to_migrate(changed_since, tmp_path):
    def older(manifest):
        manifest["migrations"] = [m for m in manifest["migrations"] if not m.startswith("audit.")]

    out = restore(rewritten(changed_since, tmp_path, manifest=older), "--yes")
    assert "run `python manage.py migrate` now" in out
    assert list(Contract.objects.values_list("ref", flat=True)) == ["KEPT"]


def test_it_refuses_a_file_that_is_not_a_backup(tmp_path, media_root, changed_since):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(CommandError, match="not a readable Tamar backup"):
        restore(tmp_path / "notes.txt", "--yes")
    assert unchanged(media_root)


def test_it_asks_before_replacing_anything(changed_since, media_root, monkeypatch):
    monkeypatch.setattr(Command, "stdin_is_interactive", lambda self: False)
    with pytest.raises(CommandError, match="add --yes to confirm"):
        restore(changed_since)
    monkeypatch.setattr(Command, "stdin_is_interactive", lambda self: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert "Nothing was changed." in restore(changed_since)
    assert unchanged(media_root)


def test_confirmed_it_puts_back_the_backups_data_and_moves_the_files_aside(
    changed_since, media_root, monkeypatch
):
    (media_root / "returns" / "later.pdf").write_bytes(b"%PDF-1.7 uploaded after")
    monkeypatch.setattr(Command, "stdin_is_interactive", lambda self: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    out = restore(changed_since)
    assert list(Contract.objects.values_list("ref", flat=True)) == ["KEPT"]
    assert sorted(p.name for p in (media_root / "returns").iterdir()) == ["visits.pdf"]
    aside = next(media_root.parent.glob("media.before-restore-*"))
    assert (aside / "returns" / "later.pdf").exists()
    assert str(aside) in out


def test_a_backup_is_readable_by_its_owner_only_and_never_written_over(backup, tmp_path):
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with pytest.raises(BackupError, match="already exists"):
        make_backup(output=backup)
    with open_backup(archive=backup) as opened:
        assert opened.manifest.vendor == connection.vendor
        assert opened.manifest.row_counts["contracts_contract"] == 1
        assert set(opened.manifest.files) == {
            opened.manifest.database_file,
            "media/returns/visits.pdf",
        }
