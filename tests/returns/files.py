"""Files for the attachment tests, built in memory: real Word and Excel files, macro-enabled
ones, and zips that only pretend."""

from __future__ import annotations

import io
import zipfile

OLE_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

MAIN = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml", "officedocument"),
    "docm": ("word/document.xml", "document.macroEnabled.main+xml", "ms-word"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml", "officedocument"),
    "xlsm": ("xl/workbook.xml", "sheet.macroEnabled.main+xml", "ms-excel"),
}


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def office_file(kind: str, *, vba: bool = True, padding: int = 0, doctype: str = "") -> bytes:
    """A minimal file of `kind` as Word or Excel lays it out: [Content_Types].xml naming the
    main part; a macro-enabled kind with its VBA project (unless `vba` is false); `padding`
    bytes of one repeated letter in an extra part (a zip bomb when large); a DOCTYPE declaring
    an entity in the part named `doctype`."""
    part, content_type, vendor = MAIN[kind]
    prefix = (
        "application/vnd.openxmlformats-officedocument."
        if vendor == "officedocument"
        else f"application/vnd.{vendor}."
    )
    folder = part.split("/")[0]
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{prefix}{content_type}"/>'
        "</Types>"
    )
    parts = {
        "[Content_Types].xml": types.encode(),
        "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
        part: b'<?xml version="1.0"?><document/>',
    }
    if kind.endswith("m") and vba:
        parts[f"{folder}/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macros"
    if doctype:
        parts[doctype] = parts[doctype].replace(
            b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1
        )
    if padding:
        parts[f"{folder}/padding.xml"] = b"a" * padding
    return zip_of(parts)


def real_workbook() -> bytes:
    """A workbook as openpyxl writes it (the way Excel lays one out)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Quarter", "Spent"])
    workbook.active.append(["Q1", 12000.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
