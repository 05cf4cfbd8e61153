"""The login page for a username locked out from an address (django-axes'
AXES_LOCKOUT_CALLABLE): status 429, the form again, and until when."""

from __future__ import annotations

from datetime import datetime

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

TOO_MANY_REQUESTS = 429


def locked_until(request: HttpRequest, username: str) -> datetime:
    """When this username may try again from this address: the cool-off after the latest
    counted failure (later failures, while locked, are not counted: settings)."""
    latest = (
        AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (latest or timezone.now()) + get_cool_off(request)


def lockout_message(until: datetime) -> str:
    return (
        "Too many wrong passwords for this account from here. Try again after "
        f"{timezone.localtime(until):%H:%M}, or ask an administrator to unlock it."
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    username = get_client_username(request, credentials) or ""
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "lockout": lockout_message(locked_until(request, username)),
        "next": request.POST.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=TOO_MANY_REQUESTS)
