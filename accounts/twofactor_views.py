"""Two-step verification's pages: the code after the password, adding an authenticator app,
the recovery codes (shown once), and "Two-step verification" in the account pages."""

from __future__ import annotations

import logging

import django_otp
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from . import sessions, twofactor
from .forms import CodeForm, PasswordAgainForm
from .mail import send_second_factor_changed
from .qr import qr_svg
from .signals import second_factor_changed, second_factor_failed

security_log = logging.getLogger("tamar.security")

TOO_MANY_REQUESTS = 429
# The recovery codes just made, kept in the session until the page showing them is opened.
NEW_CODES = "tamar_new_recovery_codes"

APP_HELP = "Enter the 6-digit code from your authenticator app."
SIGN_IN_HELP = (
    "Enter the 6-digit code your authenticator app shows for Tamar. No phone with you? "
    "Enter one of your recovery codes instead."
)


def _next(request: HttpRequest) -> str:
    """Where to go afterwards: the page first asked for, if it is one of Tamar's."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


def changed(request: HttpRequest, *, about, what: str, keep_session: bool = True) -> None:
    """After someone's second factor changed (by them, or by an administrator): the log, the
    audit, an e-mail to them, and every other session of theirs ended (every one, when it was
    not them)."""
    by = request.user
    security_log.info(
        "Two-step verification of %r: %s (by %r)", about.get_username(), what, by.get_username()
    )
    second_factor_changed.send(__name__, request=request, user=by, about=about, what=what)
    send_second_factor_changed(request, about, what=what, by_someone_else=by.pk != about.pk)
    own = keep_session and by.pk == about.pk
    sessions.end(about, keep=request.session.session_key if own else None)
    if own:
        request.session[twofactor.HAS_DEVICE] = twofactor.has_device(about)


def _locked_message(until) -> str:
    return (
        "Too many wrong codes. For your safety the code step is locked until "
        f"{timezone.localtime(until):%H:%M}. Try again then, or ask your Tamar administrator "
        "to reset your two-step verification."
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the person's app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not twofactor.has_device(user):
        # Removed meanwhile (by an administrator): nothing to verify with.
        request.session[twofactor.HAS_DEVICE] = False
        if twofactor.must_enrol(user):
            return redirect(_with_next("two_step_enrol", _next(request)))
        return redirect(_next(request))
    form = CodeForm(request.POST or None, label="Your code", help_text=SIGN_IN_HELP)
    status, locked = 200, twofactor.locked_until(user)
    if request.method == "POST" and locked is None and form.is_valid():
        outcome = twofactor.check_code(user=user, code=form.cleaned_data["code"])
        if outcome.device is not None:
            django_otp.login(request, outcome.device)
            # A new session key once the person is fully signed in.
            request.session.cycle_key()
            sessions.record(request, user)
            security_log.info("Two-step code accepted for %r", user.get_username())
            if isinstance(outcome.device, twofactor.StaticDevice):
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code: it will not work again. {left} left. If your "
                    "phone is lost, replace your authenticator app on the “Two-step "
                    "verification” page.",
                )
            return redirect(_next(request))
        if outcome.wait:
            form.add_error("code", "Wait a few seconds, then enter the code now showing.")
        else:
            security_log.warning("Wrong two-step code for %r", user.get_username())
            second_factor_failed.send(__name__, request=request, user=user)
            locked = outcome.locked_until
            if locked is not None:
                security_log.warning("Two-step code step locked for %r", user.get_username())
            else:
                tries = outcome.tries_left
                form.add_error(
                    "code",
                    "That code is not right. Check the app shows Tamar and your username, and "
                    f"enter the code it shows now. {tries} {'try' if tries == 1 else 'tries'} "
                    "left before the code step is locked for 15 minutes.",
                )
    if locked is not None:
        status = TOO_MANY_REQUESTS
    return render(
        request,
        "accounts/two_step_verify.html",
        {
            "form": form,
            "next": _next(request),
            "locked": locked and _locked_message(locked),
            "two_step_pending": True,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Adding an authenticator app: scan the code (or type the secret), then enter a code."""
    user = request.user
    if twofactor.has_device(user):
        # Open before the code step, so never a way round it: a person with an app enters its
        # code, and replaces it from "Two-step verification" (with their password).
        if not user.is_verified():
            return redirect(_with_next("two_step_verify", _next(request)))
        messages.info(request, "You already have an authenticator app. Remove it to replace it.")
        return redirect("two_step")
    device = twofactor.unconfirmed_app(user=user)
    form = CodeForm(
        request.POST or None, label="6-digit code from the app", help_text=APP_HELP, numeric=True
    )
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            # django-otp's throttle after a wrong code: 1, 2, 4... seconds.
            form.add_error("code", "Wait a few seconds, then enter the code the app shows now.")
            codes = None
        else:
            codes = twofactor.confirm_app(user=user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            device.confirmed = True
            django_otp.login(request, device)
            request.session.cycle_key()
            sessions.record(request, user)
            changed(request, about=user, what="added an authenticator app")
            request.session[NEW_CODES] = codes
            return redirect(_with_next("two_step_recovery_codes", _next(request)))
        if not form.errors:
            form.add_error(
                "code",
                "That code is not right. Check the time on your phone is set automatically, and "
                "enter the code the app shows now (it changes every 30 seconds).",
            )
    secret = twofactor.secret_of(device)
    return render(
        request,
        "accounts/two_step_enrol.html",
        {
            "form": form,
            "next": _next(request),
            "qr": twofactor_qr(device),
            "secret": twofactor.spaced(secret),
            "required": twofactor.must_enrol(user),
            # Until the app is added, a person who must have one opens nothing else.
            "two_step_pending": twofactor.must_enrol(user),
        },
    )


def twofactor_qr(device) -> str:
    return qr_svg(
        device.config_url,
        label="QR code for your authenticator app to scan (the key is also written out)",
    )


def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown once."""
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        messages.info(request, "Recovery codes are shown only once. You can get new ones here.")
        return redirect("two_step")
    return render(
        request,
        "accounts/two_step_recovery_codes.html",
        {"codes": [twofactor.spaced(code) for code in codes], "next": _next(request)},
    )


@require_http_methods(["GET", "POST"])
def overview(request: HttpRequest) -> HttpResponse:
    """The person's two-step verification: on or off, and recovery codes (POST: new ones)."""
    user = request.user
    app = twofactor.TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if request.method == "POST" and app is not None:
        request.session[NEW_CODES] = twofactor.new_recovery_codes(user=user)
        changed(request, about=user, what="made new recovery codes")
        return redirect(_with_next("two_step_recovery_codes", reverse("two_step")))
    return render(
        request,
        "accounts/two_step.html",
        {
            "app": app,
            "codes_left": twofactor.recovery_codes_left(user) if app else 0,
            "required": twofactor.must_enrol(user),
        },
    )


@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest) -> HttpResponse:
    """Removing (or, to replace it, removing first) the person's app, with their password."""
    user = request.user
    form = PasswordAgainForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        if twofactor.remove(user=user):
            changed(request, about=user, what="removed the authenticator app and recovery codes")
        if twofactor.must_enrol(user) or request.POST.get("then") == "replace":
            messages.success(request, "Your old app was removed. Now add the new one.")
            return redirect("two_step_enrol")
        messages.success(request, "Two-step verification is off.")
        return redirect("two_step")
    return render(
        request,
        "accounts/two_step_remove.html",
        {"form": form, "required": twofactor.must_enrol(user)},
    )
