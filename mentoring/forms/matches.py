"""Forms for what happens in a match: goals agreed, reviews with each goal's progress, the
appointments the mentor supported (KPI 1.11) and closing it. A goal and an appointment are
records of the match (RecordForm, owner the match); a review and closing go through
mentoring.services, which hold the rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.utils import timezone

from contracts.forms import DateInput, say_text_limits
from contracts.models import Contract
from contracts.records.record_form import RecordForm

from ..codes import CLOSURE_REASONS, GOAL_PROGRESS
from ..models import Match, MatchGoal, SupportedAppointment
from ..services import default_next_review


def within_match(match: Match, day: date, what: str) -> str | None:
    """Why `day` cannot be a day of the match (None: it can): not before it started, not
    after it ran to, not in the future."""
    if day < match.start_date:
        return f"The match started on {match.start_date:%-d %B %Y}: {what} cannot be before it."
    if day > match.runs_to:
        return f"The match ran to {match.runs_to:%-d %B %Y}: {what} cannot be after it."
    if day > timezone.localdate():
        return f"{what.capitalize()} cannot be in the future."
    return None


class GoalForm(RecordForm):
    owner_field = "match"
    happened_on = "agreed_date"

    class Meta:
        model = MatchGoal
        fields = ["text", "agreed_date"]
        labels = {"text": "The goal", "agreed_date": "Agreed on"}
        help_texts = {
            "text": "In the mentee's words, for example: \u201cGet the bus to college on my "
            "own\u201d."
        }

    def layout(self) -> list:
        return ["text", Field("agreed_date", wrapper_class="col-md-4")]

    def clean_agreed_date(self) -> date:
        day = self.cleaned_data["agreed_date"]
        problem = within_match(self.owner, day, "a goal's agreed date")
        if problem:
            raise forms.ValidationError(problem)
        return day


class AppointmentForm(RecordForm):
    """An appointment the mentor went to with the mentee: these count in KPI 1.11."""

    owner_field = "match"
    happened_on = "date"
    unique_fields = ("date", "appointment_type")
    unique_message = "An appointment of this type on this day is already recorded for the match."

    class Meta:
        model = SupportedAppointment
        fields = ["date", "appointment_type", "notes"]
        labels = {"date": "Date of the appointment", "appointment_type": "Type"}

    def layout(self) -> list:
        return [Row(Column("date"), Column("appointment_type")), "notes"]

    def clean_date(self) -> date:
        day = self.cleaned_data["date"]
        problem = within_match(self.owner, day, "an appointment")
        if problem:
            raise forms.ValidationError(problem)
        return day


PROGRESS_CHOICES = [("", "Choose how it is going"), *GOAL_PROGRESS.items()]


class ReviewForm(forms.Form):
    """A review: how the match is going, each goal not yet achieved with its progress, and
    when the next review is due (the contract's schedule unless changed)."""

    date = forms.DateField(label="Reviewed on", widget=DateInput())
    notes = forms.CharField(
        label="How it is going",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the mentee and mentor said; anything to change.",
        error_messages={"required": "Say how the match is going."},
    )
    next_review_date = forms.DateField(label="Next review", required=False, widget=DateInput())

    def __init__(
        self, *args: Any, contract: Contract, match: Match, goals: list, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.contract, self.match, self.goals = contract, match, goals
        today = timezone.localdate()
        self.initial.setdefault("date", today)
        due = default_next_review(contract, match, today)
        self.initial.setdefault("next_review_date", due if due <= match.runs_to else None)
        self.fields["next_review_date"].help_text = (
            f"The contract's schedule: {contract.mentoring_review_months} "
            f"month{'s' if contract.mentoring_review_months != 1 else ''} after this review. "
            f"Leave it empty only if the match ends first (it runs to "
            f"{match.runs_to:%-d %B %Y})."
        )
        goal_sets = []
        for goal in goals:
            progress, note = f"progress_{goal.pk}", f"note_{goal.pk}"
            self.fields[progress] = forms.ChoiceField(
                label="Progress",
                choices=PROGRESS_CHOICES,
                error_messages={"required": "Say how this goal is going."},
            )
            self.fields[note] = forms.CharField(
                label="Note (optional)", max_length=300, required=False
            )
            goal_sets.append(
                Fieldset(
                    f"Goal: {goal.text}",
                    Row(Column(progress, css_class="col-md-4"), Column(note)),
                )
            )
        say_text_limits(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("date", wrapper_class="col-md-4"),
            "notes",
            *goal_sets,
            Field("next_review_date", wrapper_class="col-md-4"),
            Submit("save", "Save the review"),
        )

    def clean_date(self) -> date:
        day = self.cleaned_data["date"]
        if day < self.match.start_date:
            raise forms.ValidationError(
                f"The match started on {self.match.start_date:%-d %B %Y}: a review cannot be "
                "before it."
            )
        if day > timezone.localdate():
            raise forms.ValidationError("A review cannot be dated in the future.")
        if day > self.match.runs_to:
            raise forms.ValidationError(
                f"The match ran to {self.match.runs_to:%-d %B %Y}: a review cannot be after it."
            )
        if self.match.reviews.filter(date=day).exists():
            raise forms.ValidationError(
                f"This match already has a review on {day:%-d %B %Y}: one a day."
            )
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day, upcoming = cleaned.get("date"), cleaned.get("next_review_date")
        if day is None:
            return cleaned
        runs_to = self.match.runs_to
        if upcoming is None:
            due = default_next_review(self.contract, self.match, day)
            if due <= runs_to:
                self.add_error(
                    "next_review_date",
                    f"The match runs to {runs_to:%-d %B %Y}, so it needs a next review: the "
                    f"schedule says {due:%-d %B %Y}.",
                )
        elif upcoming <= day:
            self.add_error("next_review_date", "The next review must come after this one.")
        elif upcoming > runs_to:
            self.add_error(
                "next_review_date",
                f"The match runs to {runs_to:%-d %B %Y}: a review after that would never "
                "happen. Choose an earlier date, or leave it empty.",
            )
        return cleaned

    def progress(self) -> list[tuple[Any, str, str]]:
        """(goal, progress, note) for each goal, for services.record_review."""
        return [
            (
                goal,
                self.cleaned_data[f"progress_{goal.pk}"],
                self.cleaned_data[f"note_{goal.pk}"].strip(),
            )
            for goal in self.goals
        ]


class CloseForm(forms.Form):
    end_date = forms.DateField(label="It ended on", widget=DateInput())
    reason = forms.ChoiceField(
        label="Why it ended",
        choices=list(CLOSURE_REASONS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Say why the match ended."},
    )
    note = forms.CharField(
        label="How it ended",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for another reason; useful for any.",
    )

    def __init__(self, *args: Any, match: Match, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.match = match
        self.initial.setdefault("end_date", min(timezone.localdate(), match.limit_date))
        self.fields["end_date"].help_text = (
            f"Between its start ({match.start_date:%-d %B %Y}) and its 12 months' limit "
            f"({match.limit_date:%-d %B %Y}), today at the latest."
        )
        say_text_limits(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("end_date", wrapper_class="col-md-4"),
            "reason",
            "note",
            Submit("save", "Close the match"),
        )
