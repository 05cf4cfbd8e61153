"""Files a provider attaches to a return: what may be attached (checked as real documents, not
by their names alone), attaching and removing them while the return is the provider's."""

from __future__ import annotations

import zipfile
from functools import partial
from pathlib import Path

import defusedxml
import defusedxml.ElementTree
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction

from contracts.documents import check_pdf
from contracts.models import User
from contracts.safety import (
    OLE_MAGIC,
    ZIP_MAGIC,
    Limits,
    RefusedFile,
    check_content_types,
    check_xml_parts,
    check_zip_sizes,
)

from ..models import ATTACHMENT_MAX_BYTES, Return, ReturnAttachment, ReturnStatus
from .workflow import NotPermitted, ReturnError, may_edit

# What an attachment may be: its extension, and how such a file starts (so a renamed
# executable is refused). DOCX and XLSX are zip files, checked further (check_attachment).
ZIP, OLE = ZIP_MAGIC, OLE_MAGIC
ATTACHMENT_KINDS: dict[str, bytes] = {
    ".pdf": b"%PDF-",
    ".docx": ZIP,
    ".xlsx": ZIP,
}
# The main part a real document or workbook declares in its [Content_Types].xml, and the
# folder it lives in; a macro-enabled one (.docm, .xlsm) declares another type.
MAIN_PARTS: dict[str, tuple[str, str]] = {
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "/word/",
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "/xl/",
    ),
}
MACRO_ENABLED = (".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm")
# Old-style Word and Excel files (an OLE container) can carry macros that nothing here can
# look for without an OLE parser, so they are refused: every Word and Excel since 2007 saves
# .docx and .xlsx, and PDF suits a document that is only to be read.
OLD_STYLE = {".doc": ".docx", ".xls": ".xlsx"}


ATTACHMENTS_CLOSED = (
    "This return is approved: its attachments cannot change. An administrator may reopen it."
)


def check_attachment(upload: UploadedFile) -> None:
    """A PDF, or a real Word document or Excel workbook, at most 10 MB: refused with a reason
    otherwise. A PDF must open, with a page and nothing active in it (contracts.documents). A
    .docx or .xlsx must be a zip within the import's limits (contracts.safety: parts, unpacked
    size, compression ratio), with no DOCTYPE or ENTITY in any XML part, hold no macros, and
    declare the main part of its kind; old-style .doc and .xls are refused (see OLD_STYLE)."""
    name = Path(upload.name or "").name
    extension = Path(name).suffix.lower()
    if extension in OLD_STYLE:
        raise ReturnError(
            f"{name} is an old-style {extension} file, which can hide macros: save it as "
            f"{OLD_STYLE[extension]} or PDF and attach that."
        )
    if extension in MACRO_ENABLED:
        raise ReturnError(
            f"{name} is a macro-enabled file ({extension}): save it without macros, as .docx, "
            ".xlsx or PDF."
        )
    if extension not in ATTACHMENT_KINDS:
        raise ReturnError("Attach a PDF, Word (.docx) or Excel (.xlsx) file.")
    if not upload.size:
        raise ReturnError("The file is empty.")
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ReturnError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the most is "
            f"{ATTACHMENT_MAX_BYTES // 1024 // 1024} MB."
        )
    upload.seek(0)
    start = upload.read(8)
    upload.seek(0)
    if extension in MAIN_PARTS and start.startswith(OLE):
        raise ReturnError(
            f"{name} is password-protected (or an old-style file renamed): remove the password "
            f"and save it as {extension}."
        )
    if not start.startswith(ATTACHMENT_KINDS[extension]):
        raise ReturnError(f"{name} is not the {extension} file its name says it is.")
    if extension == ".pdf":
        try:
            check_pdf(upload, name)
        except RefusedFile as refused:
            raise ReturnError(str(refused)) from None
    if extension in MAIN_PARTS:
        try:
            _check_office_file(upload, name, extension)
        finally:
            upload.seek(0)


def _check_office_file(upload: UploadedFile, name: str, extension: str) -> None:
    main_type, folder = MAIN_PARTS[extension]
    # The import's zip limits (settings): far above any real 10 MB document, far below a bomb.
    limits = Limits.from_settings()
    not_real = f"{name} is not a real {extension} file: Word or Excel cannot have saved it."
    try:
        if not zipfile.is_zipfile(upload):
            raise ReturnError(not_real)
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            check_zip_sizes(name, entries, limits)
            parts = {entry.filename.lower(): entry for entry in entries}
            if any(part.endswith("vbaproject.bin") for part in parts):
                raise ReturnError(
                    f"{name} contains macros (a VBA project): save it without macros, as "
                    f"{extension}."
                )
            types = parts.get("[content_types].xml")
            if types is None:
                raise ReturnError(not_real)
            check_xml_parts(archive, entries, name)
            if extension == ".xlsx":
                check_content_types(archive, types, name)  # an .xlsm renamed
            declared = _main_parts(archive, types, name)
    except RefusedFile as refused:
        raise ReturnError(str(refused)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        raise ReturnError(f"{name} is a damaged or unsupported zip file.") from None
    if any("macroenabled" in content_type for content_type in declared.values()):
        raise ReturnError(
            f"{name} is a macro-enabled file renamed {extension}: save it without macros, as "
            f"{extension}."
        )
    main = [part for part, content_type in declared.items() if content_type == main_type]
    if not main or not all(part.startswith(folder) and part[1:] in parts for part in main):
        raise ReturnError(not_real)


def _main_parts(archive: zipfile.ZipFile, types: zipfile.ZipInfo, name: str) -> dict[str, str]:
    """Each part named in [Content_Types].xml (lowercase, with its leading slash) with its
    declared content type (lowercase)."""
    try:
        root = defusedxml.ElementTree.fromstring(archive.read(types), forbid_dtd=True)
    except (defusedxml.DefusedXmlException, defusedxml.ElementTree.ParseError):
        raise ReturnError(
            f"{name}: its list of parts ([Content_Types].xml) is unreadable."
        ) from None
    return {
        element.get("PartName", "").lower(): element.get("ContentType", "").lower()
        for element in root
        if element.tag.endswith("Override")
    }


def _locked_for_attachments(ret_id: int, by: User, refusal: str) -> Return:
    locked = Return.objects.select_for_update().select_related("contract").get(pk=ret_id)
    if locked.status == ReturnStatus.APPROVED:
        raise ReturnError(ATTACHMENTS_CLOSED)
    if not may_edit(by, locked):
        raise NotPermitted(refusal)
    return locked


def attach_file(*, ret: Return, by: User, upload: UploadedFile) -> ReturnAttachment:
    check_attachment(upload)
    with transaction.atomic():
        locked = _locked_for_attachments(
            ret.pk, by, "Only the provider's managers attach files, while it is a draft."
        )
        attachment = ReturnAttachment(
            ret=locked, name=Path(upload.name).name[:200], size=upload.size, uploaded_by=by
        )
        try:
            attachment.file = upload
            attachment.save()
        except DatabaseError:
            # The file was stored before the row was refused: take it away again.
            if attachment.file.name:
                attachment.file.storage.delete(attachment.file.name)
            raise
        return attachment


def remove_attachment(*, attachment: ReturnAttachment, by: User) -> None:
    with transaction.atomic():
        _locked_for_attachments(
            attachment.ret_id,
            by,
            "Attachments can be removed only from a draft, by its provider.",
        )
        stored = attachment.file
        attachment.delete()
        # The file goes once the row's removal is committed: were it rolled back, the row
        # would still name the file.
        transaction.on_commit(partial(stored.storage.delete, stored.name))
