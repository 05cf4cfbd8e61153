"""What may be attached to an application: a PDF (a quote, a letter) or a photo (JPEG or PNG),
at most 10 MB, checked by how the file starts, not by its name alone (a renamed program is
refused), and then opened: a PDF must have a page and nothing active in it, a photo must
decode (contracts.documents). Old Word and Excel files, which can hide macros, are not taken:
a photo or a PDF of a quote serves."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from contracts.documents import check_image, check_pdf
from contracts.safety import MB, OLE_MAGIC, ZIP_MAGIC, RefusedFile, megabytes

from .common import Funds4CareError

FILE_MAX_BYTES = 10 * MB
KINDS: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
ACCEPT = ",".join(KINDS)


def check_upload(upload: UploadedFile) -> None:
    name = Path(upload.name or "").name
    extension = Path(name).suffix.lower()
    if extension not in KINDS:
        raise Funds4CareError(
            "Attach a PDF or a photo (JPEG or PNG): a photo or a PDF of a quote will do."
        )
    if not upload.size:
        raise Funds4CareError(f"{name} is empty.")
    if upload.size > FILE_MAX_BYTES:
        raise Funds4CareError(
            f"{name} is {megabytes(upload.size)}; the most is {megabytes(FILE_MAX_BYTES)}."
        )
    upload.seek(0)
    start = upload.read(8)
    upload.seek(0)
    if start.startswith((OLE_MAGIC, ZIP_MAGIC)) or not start.startswith(KINDS[extension]):
        raise Funds4CareError(f"{name} is not the {extension} file its name says it is.")
    try:
        if extension == ".pdf":
            check_pdf(upload, name)
        else:
            check_image(upload, name, extension)
    except RefusedFile as refused:
        raise Funds4CareError(str(refused)) from None
