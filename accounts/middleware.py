"""Ends a session that has been idle or open too long, before any view sees the request."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from . import sessions

security_log = logging.getLogger("tamar.security")


class SessionLimitsMiddleware:
    """After the messages middleware (it leaves a message) and before the views: the login
    requirement (LoginRequiredMiddleware, a view hook) then sends the request to the login
    page, which says why, with `next` to come back to."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = sessions.ended_because(request)
            if reason:
                security_log.info("Signed out %r: %s", request.user.get_username(), reason)
                logout(request)
                messages.info(request, reason)
            else:
                sessions.touch(request)
        return self.get_response(request)
