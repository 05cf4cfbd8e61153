"""Uploaded files kept between the preview and the confirmation: a workbook, or a council's
SSDA903 CSV files.

A file is stored under MEDIA_ROOT/imports/ with a random name (never the uploader's), and
only that random token goes into the person's session: the confirmation re-reads and
re-checks the very file they saw previewed. Files are deleted once confirmed or cancelled,
and any left behind (a preview never confirmed) are swept after a day.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from contracts.safety import Limits, RefusedFile, check_file, check_name, check_size

TOKEN = re.compile(r"[0-9a-f]{32}")
KEEP_SECONDS = 24 * 60 * 60
XLSX, CSV = ".xlsx", ".csv"
# What a file of the wrong kind is told, by the kind expected.
WRONG_KIND = {
    XLSX: "{name} is not a .xlsx workbook: save it as an Excel workbook (.xlsx).",
    CSV: "{name} is not a .csv file: the council's SSDA903 files are taken as CSV.",
}


def folder() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(token: str, suffix: str = XLSX) -> Path | None:
    # The token comes back from the session; checked anyway, so no path can be smuggled in.
    if not TOKEN.fullmatch(token) or suffix not in WRONG_KIND:
        return None
    return folder() / f"{token}{suffix}"


def store(upload: UploadedFile, suffix: str = XLSX) -> str:
    """Check and keep an uploaded workbook (or CSV); its token, or RefusedFile."""
    name = upload.name or "upload"
    limits = Limits.from_settings()
    # Name and size first: a 2 GB file or a .exe is refused before it is written anywhere.
    if check_name(name) != suffix:
        raise RefusedFile(WRONG_KIND[suffix].format(name=name))
    check_size(name, upload.size or 0, limits)
    sweep()
    token = secrets.token_hex(16)
    path = folder() / f"{token}{suffix}"
    with path.open("wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    try:
        check_file(path, name, limits)
    except RefusedFile:
        path.unlink(missing_ok=True)
        raise
    return token


def discard(token: str | None, suffix: str = XLSX) -> None:
    path = path_for(token or "", suffix)
    if path is not None:
        path.unlink(missing_ok=True)


def sweep() -> None:
    """Delete uploads older than a day: previews nobody confirmed."""
    cutoff = time.time() - KEEP_SECONDS
    for path in [*folder().glob(f"*{XLSX}"), *folder().glob(f"*{CSV}")]:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            pass  # another request swept it first
