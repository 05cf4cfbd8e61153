"""The QR code an authenticator app scans, drawn on the server as an SVG element for the page
itself: no script, no image from elsewhere, no `data:` address, no style attribute (the
Content-Security-Policy allows none of those to be needed)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, label: str) -> SafeString:
    """An `<svg>` of `data`, sized by the page's CSS (class `qr-code`), named by `label` for a
    screen reader. Safe to put in a page: qrcode writes only numbers into the path, and the
    label is escaped by ElementTree."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    root = image.get_image()
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("class", "qr-code")
    root.set("role", "img")
    root.set("aria-label", label)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - see the docstring
