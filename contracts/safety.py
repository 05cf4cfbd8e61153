"""Refuse hostile or unreadable files before any parser sees them.

A workbook is a zip of XML parts: a zip bomb (a few kilobytes that inflate to gigabytes),
a macro-enabled workbook renamed `.xlsx`, or XML with a DOCTYPE (entity expansion, external
entities) must be turned away with a plain reason, not handed to openpyxl. A CSV must be
UTF-8 text, not a workbook or a binary renamed `.csv`. Every limit is a setting.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import defusedxml
import defusedxml.ElementTree
import openpyxl
from django.conf import settings

MB = 1024 * 1024

ALLOWED_SUFFIXES = (".csv", ".xlsx")
MACRO_CONTENT_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
# The parts openpyxl parses as XML; a DOCTYPE in any of them is refused.
XML_SUFFIXES = (".xml", ".rels", ".vml")
FORBIDDEN_XML = (b"<!doctype", b"<!entity")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls and password-protected (encrypted) workbooks
ZIP_MAGIC = b"PK\x03\x04"


# The attribute config.middleware.RequestSizeLimitMiddleware reads on a view (request_limit).
LARGEST_REQUEST = "largest_request"


def request_limit(largest: Callable[[], int]):
    """Let a view take a request body of up to `largest()` bytes rather than the general
    TAMAR_MAX_REQUEST_BYTES (the importer's, whose files may be larger). Put it outermost."""

    def allow(view):
        setattr(view, LARGEST_REQUEST, largest)
        return view

    return allow


class RefusedFile(Exception):
    """The file is refused as a whole; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_uncompressed_bytes: int
    max_zip_entries: int
    max_compression_ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        # Read when called, so a test (or an administrator's settings) can change them.
        return cls(
            max_file_bytes=getattr(settings, "TAMAR_IMPORT_MAX_FILE_BYTES", 50 * MB),
            max_uncompressed_bytes=getattr(
                settings, "TAMAR_IMPORT_MAX_UNCOMPRESSED_BYTES", 400 * MB
            ),
            max_zip_entries=getattr(settings, "TAMAR_IMPORT_MAX_ZIP_ENTRIES", 1000),
            max_compression_ratio=getattr(settings, "TAMAR_IMPORT_MAX_COMPRESSION_RATIO", 200),
        )


def megabytes(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def check_name(name: str) -> str:
    """The file's kind from its name: only .csv and .xlsx are taken."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsm":
        raise RefusedFile(
            f"{name} is a macro-enabled workbook (.xlsm): save it as an Excel workbook (.xlsx)."
        )
    if suffix not in ALLOWED_SUFFIXES:
        raise RefusedFile(
            f"{name} is not a .xlsx workbook or a .csv file: only those two kinds are imported."
        )
    return suffix


def check_size(name: str, size: int, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise RefusedFile(
            f"{name} is {megabytes(size)}: files larger than "
            f"{megabytes(limits.max_file_bytes)} are not imported."
        )
    if size == 0:
        raise RefusedFile(f"{name} is empty.")


def check_file(path: Path, name: str | None = None, limits: Limits | None = None) -> str:
    """Check a .csv or .xlsx file before it is parsed; returns its suffix."""
    limits = limits or Limits.from_settings()
    name = name or path.name
    suffix = check_name(name)
    check_size(name, path.stat().st_size, limits)
    if suffix == ".xlsx":
        check_workbook(path, name, limits)
    else:
        check_csv(path, name)
    return suffix


def check_csv(path: Path, name: str) -> None:
    with path.open("rb") as file:
        start = file.read(8192)
        if start.startswith(ZIP_MAGIC) or start.startswith(OLE_MAGIC):
            raise RefusedFile(
                f"{name} is a workbook or other binary file renamed .csv: save the table as "
                "CSV UTF-8 (comma delimited)."
            )
        # Decode it all now, so a bad byte is refused here rather than half-way through a table.
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0
        chunk = start
        while chunk:
            # A NUL anywhere (not only in the first block) is binary, never a spreadsheet's CSV.
            if (nul := chunk.find(b"\x00")) >= 0:
                raise RefusedFile(
                    f"{name} is not a text file (byte {offset + nul + 1:,} is a NUL)."
                )
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                raise RefusedFile(
                    f"{name} is not UTF-8 text (byte {offset + error.start + 1:,}): save it as "
                    "CSV UTF-8 (comma delimited)."
                ) from None
            offset += len(chunk)
            chunk = file.read(MB)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise RefusedFile(
                f"{name} is not UTF-8 text: it ends in the middle of a character."
            ) from None


def check_workbook(path: Path, name: str, limits: Limits) -> None:
    with path.open("rb") as file:
        magic = file.read(4)
    if magic == OLE_MAGIC:
        raise RefusedFile(
            f"{name} is an old-style .xls or a password-protected workbook: remove the password "
            "and save it as an Excel workbook (.xlsx)."
        )
    if magic != ZIP_MAGIC or not zipfile.is_zipfile(path):
        raise RefusedFile(f"{name} is not a real .xlsx workbook (it is not a zip file).")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            check_zip_sizes(name, entries, limits)
            names = {entry.filename.lower(): entry for entry in entries}
            if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
                raise RefusedFile(f"{name} is a zip file but not an Excel workbook.")
            if any(entry.endswith("vbaproject.bin") for entry in names):
                raise RefusedFile(
                    f"{name} contains macros (a VBA project): save it as an Excel workbook "
                    "(.xlsx) without macros."
                )
            check_xml_parts(archive, entries, name)
            check_content_types(archive, names["[content_types].xml"], name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise RefusedFile(f"{name} is a damaged or unsupported zip file ({error}).") from None


def check_zip_sizes(name: str, entries: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Zip-bomb defence from the central directory, before inflating anything.

    The declared sizes can be trusted as a bound: Python's zipfile stops inflating an entry at
    its declared size (and fails its CRC check if the data was longer).
    """
    if len(entries) > limits.max_zip_entries:
        raise RefusedFile(
            f"{name} holds {len(entries):,} parts; a workbook with more than "
            f"{limits.max_zip_entries:,} is refused."
        )
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        raise RefusedFile(
            f"{name} would unpack to {megabytes(total)}; more than "
            f"{megabytes(limits.max_uncompressed_bytes)} is refused (is it a zip bomb?)."
        )
    for entry in entries:
        # Small parts may compress very well (a run of empty cells); only big ones are judged.
        if entry.file_size > MB:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise RefusedFile(
                    f"{name}: the part {entry.filename} is compressed {ratio:,.0f} to 1; more "
                    f"than {limits.max_compression_ratio} to 1 is refused (is it a zip bomb?)."
                )


def check_xml_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> None:
    """No DOCTYPE or ENTITY anywhere in a part: entity expansion ("billion laughs") and
    external entities need one, and Excel never writes one."""
    with archive.open(entry) as part:
        head = part.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"\x00<", b"<\x00")):
            # A UTF-16 part would hide a DOCTYPE from the byte scan below; Excel writes UTF-8.
            raise RefusedFile(f"{name}: the part {entry.filename} is not UTF-8 XML.")
        tail = b""
        chunk = head
        while chunk:
            window = (tail + chunk).lower()
            if any(marker in window for marker in FORBIDDEN_XML):
                raise RefusedFile(
                    f"{name}: the part {entry.filename} declares a DOCTYPE or an ENTITY, which a "
                    "workbook or document never needs; it is refused as unsafe."
                )
            tail = window[-16:]
            chunk = part.read(MB)


def check_xml_parts(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], name: str) -> None:
    """Every XML part of an Office file (a workbook, a Word document): no DOCTYPE or ENTITY."""
    for entry in entries:
        if entry.filename.lower().endswith(XML_SUFFIXES):
            check_xml_part(archive, entry, name)


def check_content_types(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> None:
    try:
        root = defusedxml.ElementTree.fromstring(archive.read(entry), forbid_dtd=True)
    except (defusedxml.DefusedXmlException, defusedxml.ElementTree.ParseError):
        raise RefusedFile(
            f"{name}: its list of parts ([Content_Types].xml) is unreadable."
        ) from None
    for element in root:
        if element.get("ContentType", "").lower() == MACRO_CONTENT_TYPE.lower():
            raise RefusedFile(
                f"{name} is a macro-enabled workbook (.xlsm) renamed .xlsx: save it as an "
                "Excel workbook (.xlsx)."
            )


def assert_openpyxl_is_defused() -> None:
    """openpyxl parses with defusedxml when it is installed (and OPENPYXL_DEFUSEDXML is not
    False); the checks above are the first defence, this is the second."""
    if not openpyxl.DEFUSEDXML:
        raise RefusedFile("Workbooks cannot be read safely on this server (defusedxml is off).")
