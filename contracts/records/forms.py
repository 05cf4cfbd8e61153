"""Forms for a contract's records: young people, their care history and what is recorded about
them, sessions and their register, initiatives and additional funding.

Every record belongs to an owner (the contract, or one of its young people) that comes from
the URL, never from the form: RecordForm sets it on the instance, so a record cannot be moved
to another contract by posting a different id.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.db import models
from django.utils import timezone

from ..codes import ETHNICITIES, OUTCOME_SCORES, PLACEMENT_CODES
from ..forms import DateInput
from ..models import (
    Accreditation,
    AdditionalFunding,
    CareStatus,
    Contract,
    Feedback,
    InformationProvided,
    Initiative,
    OutcomeAssessment,
    Placement,
    Session,
    YoungPerson,
)

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

    def __init__(self, *args: Any, owner: models.Model, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        setattr(self.instance, self.owner_field, owner)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                # The browser's date picker; it posts ISO dates, which the en-GB formats accept.
                field.widget = DateInput(attrs=field.widget.attrs)
                field.widget.is_required = field.required
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.layout(), Submit("save", "Save"))

    def layout(self) -> list:
        return list(self.fields)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.date_range:
            start, end = self.date_range
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, "The end date cannot be before the start date.")
        if self.unique_fields and all(cleaned.get(name) is not None for name in self.unique_fields):
            others = self._meta.model._default_manager.filter(
                **{self.owner_field: self.owner},
                **{name: cleaned[name] for name in self.unique_fields},
            )
            if self.instance.pk is not None:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(self.unique_fields[-1], self.unique_message)
        return cleaned


class LocalityMixin:
    """Locality is free text (as the provider records it), but the list filters on exact
    values: suggest the ones already used so the same place is spelt the same way."""

    def offer_known_localities(self, contract: Contract) -> None:
        self.localities = sorted(
            set(contract.young_people.values_list("locality", flat=True))
            | set(contract.sessions.values_list("locality", flat=True))
        )
        self.fields["locality"].widget.attrs["list"] = LOCALITY_LIST_ID


class YoungPersonForm(LocalityMixin, RecordForm):
    unique_fields = ("ref",)
    unique_message = "Another young person on this contract has this reference."

    class Meta:
        model = YoungPerson
        fields = [
            "first_name",
            "last_name",
            "ref",
            "date_of_birth",
            "gender",
            "ethnicity",
            "disability",
            "locality",
            "la_child_id",
        ]

    def __init__(self, *args: Any, owner: Contract, **kwargs: Any) -> None:
        super().__init__(*args, owner=owner, **kwargs)
        self.fields["ethnicity"].choices = [
            ("", "---------"),
            *((code, f"{label} ({code})") for code, label in ETHNICITIES.items()),
        ]
        self.offer_known_localities(owner)

    def layout(self) -> list:
        return [
            Fieldset(
                "Who they are",
                Row(Column("first_name"), Column("last_name")),
                Row(Column("ref"), Column("date_of_birth")),
            ),
            Fieldset(
                "About them",
                Row(Column("gender"), Column("ethnicity"), Column("disability")),
                Row(Column("locality"), Column("la_child_id")),
            ),
        ]

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError("The date of birth cannot be in the future.")
        return born


class CareStatusForm(RecordForm):
    owner_field = "young_person"
    unique_fields = ("start_date",)
    unique_message = "They already have a care status starting on this day."
    date_range = ("start_date", "end_date")

    class Meta:
        model = CareStatus
        fields = ["status", "start_date", "end_date"]
        help_texts = {"end_date": "Leave empty while it lasts."}

    def layout(self) -> list:
        return ["status", Row(Column("start_date"), Column("end_date"))]


class PlacementForm(RecordForm):
    owner_field = "young_person"
    unique_fields = ("start_date",)
    unique_message = "They already have a placement starting on this day."
    date_range = ("start_date", "end_date")

    class Meta:
        model = Placement
        fields = ["placement_code", "start_date", "end_date"]
        labels = {"placement_code": "Placement (SSDA903 code)"}
        help_texts = {"end_date": "Leave empty while it lasts."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement_code"].choices = [
            ("", "---------"),
            *((code, f"{code}: {label}") for code, label in PLACEMENT_CODES.items()),
        ]

    def layout(self) -> list:
        return ["placement_code", Row(Column("start_date"), Column("end_date"))]


class OutcomeAssessmentForm(RecordForm):
    owner_field = "young_person"
    unique_fields = ("date",)
    unique_message = "They already have an outcome assessment on this day."

    class Meta:
        model = OutcomeAssessment
        fields = ["date", *OUTCOME_SCORES]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in OUTCOME_SCORES:
            # The model's validators give the error message; these let the browser help too.
            self.fields[name].widget.attrs.update({"min": 1, "max": 10})
            self.fields[name].help_text = "1 to 10"

    def layout(self) -> list:
        return [
            Field("date", wrapper_class="col-md-4"),
            Fieldset(
                "Scores",
                Row(*(Column(name, css_class="col-6 col-md-3") for name in OUTCOME_SCORES)),
            ),
        ]


class FeedbackForm(RecordForm):
    owner_field = "young_person"
    unique_fields = ("date", "kind")
    unique_message = "They already have a record of this kind on this day."

    class Meta:
        model = Feedback
        fields = ["date", "kind", "rating", "comment"]
        labels = {"rating": "Rating (1 to 5)"}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].widget.attrs.update({"min": 1, "max": 5})

    def layout(self) -> list:
        return [Row(Column("date"), Column("kind"), Column("rating")), "comment"]


class InformationProvidedForm(RecordForm):
    owner_field = "young_person"
    unique_fields = ("date",)
    unique_message = "Information given on this day is already recorded."

    class Meta:
        model = InformationProvided
        fields = ["date", "method"]
        help_texts = {"method": "How: leaflet, conversation, website, app..."}

    def layout(self) -> list:
        return [Row(Column("date"), Column("method"))]


class AccreditationForm(RecordForm):
    owner_field = "young_person"
    unique_fields = ("date", "award")
    unique_message = "This award on this day is already recorded."

    class Meta:
        model = Accreditation
        fields = ["award", "route", "date"]

    def layout(self) -> list:
        return ["award", Row(Column("route"), Column("date"))]


class SessionForm(LocalityMixin, RecordForm):
    unique_fields = ("ref",)
    unique_message = "Another session on this contract has this reference."

    class Meta:
        model = Session
        fields = [
            "title",
            "ref",
            "date",
            "session_type",
            "locality",
            "duration_hours",
            "coproduction",
        ]

    def __init__(self, *args: Any, owner: Contract, **kwargs: Any) -> None:
        super().__init__(*args, owner=owner, **kwargs)
        self.fields["duration_hours"].widget.attrs.update({"step": "0.25", "min": "0.01"})
        self.offer_known_localities(owner)

    def layout(self) -> list:
        return [
            "title",
            Row(Column("ref"), Column("date")),
            Row(Column("session_type"), Column("locality")),
            Row(Column("duration_hours"), Column("coproduction", css_class="pt-md-4")),
        ]


class InitiativeForm(RecordForm):
    unique_fields = ("ref",)
    unique_message = "Another initiative on this contract has this reference."

    class Meta:
        model = Initiative
        fields = ["title", "ref", "date", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def layout(self) -> list:
        return ["title", Row(Column("ref"), Column("date")), "description"]


class AdditionalFundingForm(RecordForm):
    unique_fields = ("ref",)
    unique_message = "Other funding on this contract has this reference."

    class Meta:
        model = AdditionalFunding
        fields = ["source", "ref", "date", "amount", "status"]
        help_texts = {"status": "Planned money is shown in the return but not counted."}

    def layout(self) -> list:
        return [
            "source",
            Row(Column("ref"), Column("date")),
            Row(Column("amount"), Column("status")),
        ]


class RegisterForm(forms.Form):
    """Who attended a session: exactly the ticked young people, all of this contract's.

    The page lists the young people itself (with what the search needs), so this form only
    checks what comes back: a young person of another contract is not a valid choice.
    """

    attended = forms.ModelMultipleChoiceField(queryset=YoungPerson.objects.none(), required=False)

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = contract.young_people.all()
