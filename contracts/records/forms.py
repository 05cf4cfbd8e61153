"""Forms for a contract's records: young people, their care history and what is recorded about
them, sessions and their register, initiatives and additional funding. What they share (the
owner from the URL, given references, today's date, localities from the contract's list,
limits said beside each field) is RecordForm's (record_form.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms.layout import Column, Field, Fieldset, Row
from django import forms
from django.utils import timezone

from ..codes import ETHNICITIES, OUTCOME_SCORES, PLACEMENT_CODES
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
from .record_form import LOCALITY_LIST_ID, LocalityMixin, RecordForm

__all__ = [
    "LOCALITY_LIST_ID",
    "AccreditationForm",
    "AdditionalFundingForm",
    "CareStatusForm",
    "FeedbackForm",
    "InformationProvidedForm",
    "InitiativeForm",
    "OutcomeAssessmentForm",
    "PlacementForm",
    "RecordForm",
    "RegisterForm",
    "SessionForm",
    "YoungPersonForm",
]


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

    def adapt_fields(self) -> None:
        self.fields["ethnicity"].choices = [
            ("", "---------"),
            *((code, f"{label} ({code})") for code, label in ETHNICITIES.items()),
        ]
        self.offer_localities(self.owner)

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
    happened_on = "date"

    class Meta:
        model = OutcomeAssessment
        fields = ["date", *OUTCOME_SCORES]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in OUTCOME_SCORES:
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
    happened_on = "date"

    class Meta:
        model = Feedback
        fields = ["date", "kind", "rating", "comment"]
        labels = {"rating": "Rating (1 to 5)"}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def layout(self) -> list:
        return [Row(Column("date"), Column("kind"), Column("rating")), "comment"]


class InformationProvidedForm(RecordForm):
    owner_field = "young_person"
    unique_fields = ("date",)
    unique_message = "Information given on this day is already recorded."
    happened_on = "date"

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
    happened_on = "date"

    class Meta:
        model = Accreditation
        fields = ["award", "route", "date"]

    def layout(self) -> list:
        return ["award", Row(Column("route"), Column("date"))]


class SessionForm(LocalityMixin, RecordForm):
    unique_fields = ("ref",)
    unique_message = "Another session on this contract has this reference."
    happened_on = "date"

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
        help_texts = {
            "duration_hours": "In hours, to the hundredth at most: 2, 1.5 (an hour and a half), "
            "0.25 (a quarter of an hour). More than 0, at most 24.",
        }

    def adapt_fields(self) -> None:
        self.offer_localities(self.owner)

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
    happened_on = "date"

    class Meta:
        model = Initiative
        fields = ["title", "ref", "date", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def layout(self) -> list:
        return ["title", Row(Column("ref"), Column("date")), "description"]


class AdditionalFundingForm(RecordForm):
    unique_fields = ("ref",)
    unique_message = "Other funding on this contract has this reference."
    happened_on = "date"

    class Meta:
        model = AdditionalFunding
        fields = ["source", "ref", "date", "amount", "status"]
        help_texts = {
            "amount": "In pounds, to the penny: 1500 or 1499.99.",
            "status": "Planned money is shown in the return but not counted.",
        }

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
