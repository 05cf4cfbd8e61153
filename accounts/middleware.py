"""Ends a session that has been idle or open too long, before any view sees the request; and
keeps a session that has not passed its second factor on the pages that lead to it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from . import sessions, twofactor

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


# What a person who has given their password, but not yet their code, may open.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "logout",
        "two_step_verify",
        "two_step_enrol",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


class SecondFactorMiddleware:
    """After LoginRequiredMiddleware (a view hook too): a signed-in person with an
    authenticator app who has not entered its code in this session is sent to enter it; one
    who must have an app (TAMAR_REQUIRE_2FA) and has none is sent to add one. Every other page,
    the admin and downloads included, waits; static files are served before this.

    Costs no query: whether the person has an app is kept in the session (accounts.signals at
    login, and the pages that add or remove one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.resolver_match is None:
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        has_device = request.session.get(twofactor.HAS_DEVICE)
        if has_device is None:
            # A session from before two-step verification existed: ask once.
            has_device = request.session[twofactor.HAS_DEVICE] = twofactor.has_device(user)
        if has_device:
            if user.is_verified():
                return None
            step = "two_step_verify"
        elif twofactor.must_enrol(user):
            step = "two_step_enrol"
        else:
            return None
        return redirect_to_login(request.get_full_path(), reverse(step))
