"""Download file names: one rule for every export (the return's workbook and PDF, the board
report's CSV)."""

from __future__ import annotations

import re

from django.utils.text import slugify


def download_filename(*words: str, extension: str, fallback: str = "download") -> str:
    """ASCII letters, digits and hyphens only, whatever the words hold (a contract reference
    with a slash, quotes, a line break or accents would break the header or the file system).

    Any run of punctuation is a word break ("A/2" is "a-2", never "a2"); slugify then drops
    accents and whatever is not ASCII. Empty words are left out."""
    spaced = re.sub(r"[\W_]+", " ", " ".join(word for word in words if word))
    stem = slugify(spaced) or slugify(fallback) or "download"
    return f"{stem}.{slugify(extension) or 'bin'}"
