"""A person's own sessions, and Django's password pages with Tamar's limits and e-mails."""

from __future__ import annotations

import logging

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import sessions
from .clients import client_ip, describe_device
from .mail import send_password_changed
from .models import UserSession
from .throttle import may_send_reset

security_log = logging.getLogger("tamar.security")


@require_http_methods(["GET", "POST"])
def your_sessions(request: HttpRequest) -> HttpResponse:
    """Where the person is logged in; POST signs out every session but this one."""
    this_one = request.session.session_key
    if request.method == "POST":
        ended = sessions.end(request.user, keep=this_one)
        messages.success(
            request,
            f"Signed out everywhere else ({ended} other session{'' if ended == 1 else 's'})."
            if ended
            else "You were logged in nowhere else.",
        )
        return redirect("account_sessions")
    logins = [
        {
            "device": describe_device(login.user_agent),
            "ip_address": login.ip_address,
            "created": login.created,
            "last_seen": login.last_seen,
            "this_one": login.session_id == this_one,
        }
        for login in UserSession.objects.filter(user=request.user).live(timezone.now())
    ]
    return render(
        request,
        "accounts/usersession_list.html",
        {
            "logins": logins,
            "others": sum(not login["this_one"] for login in logins),
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
            "max_hours": settings.SESSION_MAX_HOURS,
        },
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, sending nothing past the hourly limits (accounts/throttle.py)."""

    def form_valid(self, form) -> HttpResponse:
        email, ip_address = form.cleaned_data["email"], client_ip(self.request)
        if may_send_reset(email=email, ip_address=ip_address, now=timezone.now()):
            security_log.info("Password reset asked for %r from %s", email, ip_address)
            return super().form_valid(form)
        security_log.warning(
            "Password reset refused (too many this hour) for %r from %s", email, ip_address
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's; then every other session ends and the person is told by e-mail."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        # Keeping this session gave it a new key, and its old row went with the old key.
        sessions.record(self.request, form.user)
        sessions.end(form.user, keep=self.request.session.session_key)
        security_log.info("Password changed: %r", form.user.get_username())
        send_password_changed(self.request, form.user, how="changed")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's; then every session of the person ends and they are told by e-mail. Whoever
    could open the link may log in at once: a lockout of the username ends."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        sessions.end(form.user)
        axes_reset(username=form.user.get_username())
        security_log.info("Password reset: %r", form.user.get_username())
        send_password_changed(self.request, form.user, how="reset")
        return response
