"""One row of the audit per request that looked at personal data, written after the view has
answered (so its status is known) and before the answer leaves: if the row cannot be written,
the person gets an error, not the page.

Written for a signed-in user only: a successful GET (or HEAD) of an audited page (audit.pages),
and a 403 or 404 on one whatever the method ("refused"). Nothing for anyone else, a redirect, a
static file (WhiteNoise answers those before this middleware), or a page not audited.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .models import Kind
from .pages import kind_of
from .writer import write

REFUSED_STATUSES = frozenset({403, 404})


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        kind = self.kind_for(request, response.status_code)
        if kind is not None:
            write(kind, request, user=request.user, status_code=response.status_code)
        return response

    @staticmethod
    def kind_for(request: HttpRequest, status: int) -> str | None:
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if user is None or not user.is_authenticated or match is None:
            return None
        kind = kind_of(match.view_name, match.namespaces)
        if kind is None:
            return None
        if status in REFUSED_STATUSES:
            return Kind.REFUSED
        if 200 <= status < 300 and request.method in ("GET", "HEAD"):
            return kind
        return None
