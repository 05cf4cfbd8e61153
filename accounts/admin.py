"""Two-step verification in /admin/: which users have it, and an action that resets it for a
person who lost their phone (written to the audit, told to them by e-mail, and every session of
theirs ended). django-otp's own device pages are not registered: they would show secret keys and
unused recovery codes, and delete a device with no audit row."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from contracts.admin import UserAdmin as ContractsUserAdmin
from contracts.models import User

from . import twofactor
from .twofactor_views import changed

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.action(description="Reset two-step verification (lost phone)")
def reset_two_step(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    reset = 0
    for user in queryset:
        if twofactor.remove(user=user):
            changed(
                request,
                about=user,
                what="removed the authenticator app and recovery codes",
                keep_session=user.pk == request.user.pk,
            )
            reset += 1
    modeladmin.message_user(
        request,
        f"Two-step verification reset for {reset} user{'' if reset == 1 else 's'}: they add an "
        "app again when they next log in."
        if reset
        else "None of them had two-step verification.",
        messages.SUCCESS if reset else messages.WARNING,
    )


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(ContractsUserAdmin):
    list_display = [*ContractsUserAdmin.list_display, "two_step"]
    actions = [reset_two_step]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # One EXISTS in the list's query, not a query per row.
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_step=Exists(confirmed))

    @admin.display(boolean=True, description="Two-step", ordering="has_two_step")
    def two_step(self, user) -> bool:
        return user.has_two_step
