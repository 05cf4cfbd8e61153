"""Checks of the documents people attach (a return's attachments, a Funds4 Care application's
files), beyond how the file starts: a PDF must open as one, with a page and nothing in it that
acts by itself (JavaScript, a program to launch, an embedded file); a photo must open as one.

A file that starts `%PDF-` and holds a web page, or a PDF that runs a script when opened, is
refused with a plain reason (`RefusedFile`). Word and Excel files are checked by
`contracts.safety` (a zip within limits, no DOCTYPE or ENTITY in any XML part).
"""

from __future__ import annotations

import warnings
from typing import IO

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .safety import RefusedFile

# What no document attached here needs, and what it is called in a refusal. A PDF name is
# read decoded (`/Java#53cript` is `/JavaScript`), as a key or as a value (`/S /Launch`).
ACTIVE_PARTS = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/Launch": "an action that starts a program",
    "/EmbeddedFile": "an embedded file",
    "/EmbeddedFiles": "an embedded file",
    "/RichMedia": "embedded media",
    "/XFA": "a dynamic (XFA) form",
    "/SubmitForm": "a form that sends itself somewhere",
    "/ImportData": "a form that reads another file",
    "/GoToE": "a link into an embedded file",
}
# A 10 MB document of a few hundred pages holds some thousands of objects.
MOST_OBJECTS = 100_000
# How much a photo may have (the pixels of a 16,000 by 12,000 picture); a decompression bomb
# declares far more.
MOST_PIXELS = 200_000_000


def check_pdf(file: IO[bytes], name: str) -> None:
    """Refuse a file that is not a readable PDF of at least one page, is password-protected, or
    holds an active part (ACTIVE_PARTS, or an action run on opening other than going to a
    page). Reads from the start and leaves the file at its start."""
    again = "print it to PDF again (Save as PDF) and attach that"
    try:
        file.seek(0)
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # an encryption this server cannot read
                opened = False
            if not opened:
                raise RefusedFile(f"{name} is password-protected: remove the password, or {again}.")
        if not len(reader.pages):
            raise RefusedFile(f"{name} is a PDF without a page.")
        found = active_part(reader)
    except RefusedFile:
        raise
    except Exception:  # pypdf fails in many ways on a file that is not a PDF
        raise RefusedFile(f"{name} is not a PDF that can be read: {again}.") from None
    finally:
        file.seek(0)
    if found:
        raise RefusedFile(f"{name} contains {found}, which is refused as unsafe: {again}.")


def active_part(reader: PdfReader) -> str | None:
    """What the first active part found is (ACTIVE_PARTS), or None: every object reachable from
    the trailer, once each; streams' dictionaries are read, their contents are not."""
    stack: list[object] = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    while stack:
        item = stack.pop()
        while isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                break
            seen.add(reference)
            if len(seen) > MOST_OBJECTS:
                return f"more than {MOST_OBJECTS:,} objects"
            item = item.get_object()
        if isinstance(item, IndirectObject):
            continue
        if isinstance(item, NameObject) and item in ACTIVE_PARTS:
            return ACTIVE_PARTS[item]
        if isinstance(item, DictionaryObject):
            for key, value in dict.items(item):
                if key in ACTIVE_PARTS:
                    return ACTIVE_PARTS[key]
                if key == "/OpenAction" and (action := open_action(value)):
                    return action
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return None


def open_action(value: object) -> str | None:
    """What an /OpenAction runs, or None when it only shows a page (an array, or a go-to)."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    if not isinstance(value, DictionaryObject) or value.get("/S") == "/GoTo":
        return None
    return ACTIVE_PARTS.get(value.get("/S"), "an action run when it is opened")


# The formats Pillow may find for each kind of photo (an iPhone's JPEG may be a multi-picture one).
IMAGE_FORMATS = {".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"), ".png": ("PNG",)}


def check_image(file: IO[bytes], name: str, extension: str) -> None:
    """Refuse a photo that does not open as the JPEG or PNG its name says, is damaged, or
    declares more than MOST_PIXELS. Reads from the start and leaves the file at its start."""
    formats = IMAGE_FORMATS[extension]
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=[formats[0]]) as image:
                if image.format not in formats:
                    raise RefusedFile(f"{name} is not the {extension} photo its name says it is.")
                if image.width * image.height > MOST_PIXELS:
                    raise RefusedFile(f"{name} is a picture too large to take.")
                if image.format == "PNG":
                    image.verify()  # every chunk's checksum
                else:
                    image.draft("RGB", (64, 64))  # decoded small: a JPEG's data must decode
                    image.load()
    except RefusedFile:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise RefusedFile(f"{name} is a picture too large to take.") from None
    except Exception:  # Pillow fails in many ways on a file that is not a photo
        raise RefusedFile(f"{name} is not a {extension} photo that can be opened.") from None
    finally:
        file.seek(0)
