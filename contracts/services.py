"""Writes about a contract itself, free of HTTP: each takes the person acting (`by`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import ModelForm

from .forms import settings_form_for
from .models import Contract, User
from .signals import contract_settings_changed


def save_contract_settings(*, contract: Contract, data: Mapping[str, Any], by: User) -> ModelForm:
    """Check the settings in `data` against the contract as it is now and, when they are
    valid, save them and send `contract_settings_changed` with the fields that changed.

    Which settings depend on who is saving (contracts.forms.settings_form_for): the
    commissioner's are the details and counting settings, the provider's managers' the
    localities, an administrator's all of them; anything else in `data` is ignored.

    The row is locked first, so two commissioners saving at once take turns and neither
    overwrites the other silently; the signal is sent inside the same transaction, so what its
    receivers write is saved with the settings or not at all. Returns the bound form: valid if
    the settings were saved, with its errors otherwise.
    """
    form_class = settings_form_for(by, contract)
    if form_class is None:
        raise PermissionDenied(
            "Only the commissioner can change a contract's settings, and the provider's "
            "managers its localities."
        )
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        before = {field.name: getattr(locked, field.name) for field in Contract._meta.fields}
        form = form_class(data, instance=locked)
        if form.is_valid():
            # The history row says who, in a request or not (a shell, a command).
            locked._history_user = by
            form.save()
            # What the form says changed and the row did: a setting left out of `data` (the
            # retention, kept as it was) is not a change.
            changed = [
                name
                for name in form.changed_data
                if name not in before or before[name] != getattr(locked, name)
            ]
            if changed:
                contract_settings_changed.send(sender=Contract, contract=locked, changed=changed)
    return form
