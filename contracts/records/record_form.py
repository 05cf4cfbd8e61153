"""What every form for a contract's records shares (contracts/records/forms.py has the forms).

Every record belongs to an owner (the contract, or one of its young people) that comes from
the URL, never from the form: RecordForm sets it on the instance, so a record cannot be moved
to another contract by posting a different id.

The forms guess what they can, so a person types only what they know: a new record's
reference is given when it is saved unless they type one, the day something happened is
today unless they change it, and a locality is chosen from the contract's list. Every number
box takes what the server takes, and every text box says how long it may be.
"""

from __future__ import annotations

from typing import Any, ClassVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.db import models
from django.utils import timezone

from ..forms import DateInput, number_limits, say_text_limits
from ..models import Contract
from .refs import REF_SCHEMES
from .services import save_with_next_ref

LOCALITY_LIST_ID = "known-localities"


class RecordForm(forms.ModelForm):
    """A record of one owner. Subclasses say which model constraints to check here, so that a
    clash or a reversed date is a message beside the field, not a database error."""

    owner_field: ClassVar[str] = "contract"
    # With the owner, these fields are unique (the model's UniqueConstraint); the message goes
    # on the last of them.
    unique_fields: ClassVar[tuple[str, ...]] = ()
    unique_message: ClassVar[str] = ""
    # (start, end): the end may be empty, and is never before the start.
    date_range: ClassVar[tuple[str, str] | None] = None
    # The day something happened: a new record's is today until the person says otherwise.
    # (Never a start or end of an interval, nor a birthday: those are rarely today.)
    happened_on: ClassVar[str | None] = None

    def __init__(self, *args: Any, owner: models.Model, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        setattr(self.instance, self.owner_field, owner)
        self.adapt_fields()
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                # The browser's date picker; it posts ISO dates, which the en-GB formats accept.
                field.widget = DateInput(attrs=field.widget.attrs)
                field.widget.is_required = field.required
        if self.happened_on and self.is_new and self.initial.get(self.happened_on) is None:
            # Read now, not when the module loaded: the form may live past midnight.
            self.initial[self.happened_on] = timezone.localdate()
        if self.gives_ref:
            self.offer_a_given_ref()
        say_text_limits(self)
        number_limits(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.layout(), Submit("save", "Save"))

    @property
    def is_new(self) -> bool:
        return self.instance._state.adding

    @property
    def gives_ref(self) -> bool:
        """A new record of a kind with a reference scheme: its reference may be left empty."""
        return self.is_new and "ref" in self.fields and self._meta.model in REF_SCHEMES

    def offer_a_given_ref(self) -> None:
        scheme = REF_SCHEMES[self._meta.model]
        field = self.fields["ref"]
        field.required = False
        field.label = "Reference (optional)"
        field.help_text = (
            f"Leave it empty and Tamar gives the next free one on this contract when you save "
            f"({scheme.example}), or type your own."
        )
        field.widget.attrs["placeholder"] = "Given when you save"

    def adapt_fields(self) -> None:
        """Change a field before the common touches (date pickers, limits): a hook."""

    def layout(self) -> list:
        return list(self.fields)

    def save(self, commit: bool = True) -> models.Model:
        if self.gives_ref and not self.instance.ref:
            if not commit:
                raise ValueError("A record whose reference Tamar gives is saved at once.")
            save_with_next_ref(self.instance)
            self._save_m2m()
            return self.instance
        return super().save(commit)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.date_range:
            start, end = self.date_range
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, "The end date cannot be before the start date.")
        if self.unique_fields and all(
            cleaned.get(name) not in (None, "") for name in self.unique_fields
        ):
            others = self._meta.model._default_manager.filter(
                **{self.owner_field: self.owner},
                **{name: cleaned[name] for name in self.unique_fields},
            )
            if self.instance.pk is not None:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                message = self.unique_message
                if self.gives_ref and self.unique_fields == ("ref",):
                    message += " Leave it empty and Tamar gives the next free one."
                self.add_error(self.unique_fields[-1], message)
        return cleaned


class LocalityMixin:
    """A locality chosen from the contract's list (its provider's managers keep it on the
    contract's page), so the same place is always written the same way and the lists filter
    on it. A record keeps the locality it has even if the list does not: it is offered too,
    so saving a change to something else loses nothing.

    A contract with no list yet keeps free text, suggesting the localities already recorded.
    (The import takes any locality, as import-format.md says.)"""

    localities: list[str] = []

    def offer_localities(self, contract: Contract) -> None:
        listed = list(contract.localities)
        if not listed:
            self.localities = sorted(
                set(contract.young_people.values_list("locality", flat=True))
                | set(contract.sessions.values_list("locality", flat=True))
            )
            self.fields["locality"].widget.attrs["list"] = LOCALITY_LIST_ID
            self.fields["locality"].help_text = (
                "Written as the others are. The provider's managers can list this contract's "
                "localities to choose from, on the contract's page."
            )
            return
        choices = [(name, name) for name in listed]
        current = "" if self.is_new else self.instance.locality
        if current and current not in listed:
            choices.append((current, f"{current} (not on the contract's list)"))
        self.fields["locality"] = forms.ChoiceField(
            label="Locality",
            choices=[("", "Choose a locality"), *choices],
            help_text="From this contract's list, which the provider's managers keep.",
        )
