"""Tamar's own middleware: what every response says about caching and browser features, and the
largest request body taken (answered before the body is read).

The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY); nosniff,
the referrer policy, HSTS and the cross-origin opener policy from Django's SecurityMiddleware;
X-Frame-Options from its clickjacking middleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve

from contracts.safety import LARGEST_REQUEST, megabytes

# Features no page of Tamar uses, turned off for it and anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",  # FLoC's interest-cohort, as Chrome now names it
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
PRIVATE = "private, no-store"


class PrivateResponseMiddleware:
    """Every response to a signed-in person may carry children's personal data: no browser or
    proxy cache keeps it (`private, no-store`), pages, exports and attachments alike, unless
    the view said otherwise. Static files are served by WhiteNoise before this middleware and
    keep their long cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.setdefault("Cache-Control", PRIVATE)
        return response


def declared_length(request: HttpRequest) -> int:
    """The body's size as the request declares it; Django reads no more than this (and nothing
    when it is missing or not a number), so it is the size to judge."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def largest_for(request: HttpRequest) -> int:
    """TAMAR_MAX_REQUEST_BYTES, or what the view's `contracts.safety.request_limit` allows."""
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return settings.TAMAR_MAX_REQUEST_BYTES
    allowed = getattr(view, LARGEST_REQUEST, None)
    return settings.TAMAR_MAX_REQUEST_BYTES if allowed is None else max(allowed(), 0)


class RequestSizeLimitMiddleware:
    """A request whose Content-Length is larger than anything Tamar takes is answered 413 with
    a plain message, before its body is read (so before a 60 MB upload is streamed to a
    temporary file by the CSRF check's reading of the form)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        size = declared_length(request)
        # The URL is resolved only for a request over the general limit: the importer's.
        if size > settings.TAMAR_MAX_REQUEST_BYTES and size > (largest := largest_for(request)):
            return HttpResponse(
                f"This is {megabytes(size)}, more than Tamar takes at once "
                f"({megabytes(largest)} at most here). Go back and choose a smaller file.\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
