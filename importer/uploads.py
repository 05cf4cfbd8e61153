"""Uploaded workbooks kept between the preview and the confirmation.

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


def folder() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(token: str) -> Path | None:
    # The token comes back from the session; checked anyway, so no path can be smuggled in.
    if not TOKEN.fullmatch(token):
        return None
    return folder() / f"{token}.xlsx"


def store(upload: UploadedFile) -> str:
    """Check and keep an uploaded workbook; its token, or RefusedFile."""
    name = upload.name or "upload"
    limits = Limits.from_settings()
    # Name and size first: a 2 GB file or a .exe is refused before it is written anywhere.
    if check_name(name) != ".xlsx":
        raise RefusedFile(f"{name} is not a .xlsx workbook: save it as an Excel workbook (.xlsx).")
    check_size(name, upload.size or 0, limits)
    sweep()
    token = secrets.token_hex(16)
    path = folder() / f"{token}.xlsx"
    with path.open("wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    try:
        check_file(path, name, limits)
    except RefusedFile:
        path.unlink(missing_ok=True)
        raise
    return token


def discard(token: str | None) -> None:
    path = path_for(token or "")
    if path is not None:
        path.unlink(missing_ok=True)


def sweep() -> None:
    """Delete uploads older than a day: previews nobody confirmed."""
    cutoff = time.time() - KEEP_SECONDS
    for path in folder().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            pass  # another request swept it first
