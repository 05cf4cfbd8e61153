"""Documents for the attachment tests, built in memory: real PDFs and photos, and hostile ones
(a web page named .pdf, a PDF that runs JavaScript or holds another file)."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

HTML_AS_PDF = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def pdf(
    *, pages: int = 1, javascript: str = "", attachment: bytes = b"", launch: str = ""
) -> bytes:
    """A PDF of `pages` blank pages; with `javascript` run when opened, an embedded file, or an
    action that opens with `launch` (a program)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if javascript:
        writer.add_open_action(JavaScript(javascript))
    if attachment:
        writer.add_attachment("payload.txt", attachment)
    if launch:
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject(launch)}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def photo(kind: str = "JPEG", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 108)).save(buffer, kind)
    return buffer.getvalue()
