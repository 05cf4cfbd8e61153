"""A login's limits: idle for SESSION_IDLE_MINUTES, or SESSION_MAX_HOURS since logging in.

Both times live in the session itself, which every page loads anyway, so checking them costs
no query. Writing them back costs one, so the last activity is moved on at most once a minute
(a session can end up to a minute early, never late); the same write moves its UserSession's
`last_seen` for the "Your sessions" page.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from .clients import client_ip, user_agent
from .models import UserSession

security_log = logging.getLogger("tamar.security")

LOGGED_IN_AT = "tamar_logged_in_at"
LAST_SEEN = "tamar_last_seen"
TOUCH_EVERY_SECONDS = 60


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def start(request: HttpRequest, user, *, now: datetime | None = None) -> UserSession:
    """A login: the session's clock starts, and the login is listed."""
    now = now or timezone.now()
    request.session[LOGGED_IN_AT] = request.session[LAST_SEEN] = _seconds(now)
    return record(request, user, now=now)


def record(request: HttpRequest, user, *, now: datetime | None = None) -> UserSession:
    """The UserSession of this request's session, made anew (a login, a session given a new
    key when its password changed, or one older than this app)."""
    now = now or timezone.now()
    if request.session.session_key is None:
        # A login that replaced another person's session: save it to have a key to point at.
        request.session.save()
    logged_in = request.session.get(LOGGED_IN_AT, _seconds(now))
    login, _made = UserSession.objects.update_or_create(
        session_id=request.session.session_key,
        defaults={
            "user": user,
            "ip_address": client_ip(request),
            "user_agent": user_agent(request),
            "created": min(now, datetime.fromtimestamp(logged_in, tz=UTC)),
            "last_seen": now,
        },
    )
    return login


def ended_because(request: HttpRequest, *, now: datetime | None = None) -> str | None:
    """Why this request's session is over, in the words shown on the login page; None while
    it is not."""
    now_seconds = _seconds(now or timezone.now())
    idle = settings.SESSION_IDLE_MINUTES
    if now_seconds - request.session.get(LAST_SEEN, now_seconds) > idle * 60:
        return f"You were signed out after {idle} minutes without activity."
    longest = settings.SESSION_MAX_HOURS
    if now_seconds - request.session.get(LOGGED_IN_AT, now_seconds) > longest * 60 * 60:
        return f"You were signed out {longest} hours after logging in. Log in again to carry on."
    return None


def touch(request: HttpRequest, *, now: datetime | None = None) -> None:
    """A request in a live session: move its last activity on, if a minute has passed."""
    now = now or timezone.now()
    last = request.session.get(LAST_SEEN)
    if last is not None and _seconds(now) - last < TOUCH_EVERY_SECONDS:
        return
    request.session[LAST_SEEN] = _seconds(now)
    if last is None:
        # A session older than these limits: its clock starts now.
        request.session[LOGGED_IN_AT] = _seconds(now)
    moved = UserSession.objects.filter(session_id=request.session.session_key).update(last_seen=now)
    if not moved:
        record(request, request.user, now=now)


def end(user, *, keep: str | None = None) -> int:
    """End every session of `user` but the one keyed `keep`; how many ended."""
    keys = UserSession.objects.filter(user=user).exclude(session_id=keep)
    # Deleting the sessions deletes their UserSessions with them.
    _rows, by_model = Session.objects.filter(session_key__in=keys.values("session_id")).delete()
    ended = by_model.get(Session._meta.label, 0)
    if ended:
        security_log.info("Ended %d session(s) of %r", ended, user.get_username())
    return ended
