"""Forms of the casework screens. Record forms share RecordForm's ways (owner from the URL,
references given on save, today's date where something happened today, limits said beside
each field); the team manager's decisions are plain forms, saved by the services."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.utils import timezone

from ..dates import add_months
from ..forms import DateInput, say_text_limits
from ..models import (
    Assessment,
    Case,
    Contact,
    KeyWorker,
    PlannedContact,
    PlanReview,
    Referral,
    SupportPlan,
)
from ..records.record_form import RecordForm
from .codes import (
    ACCEPTED,
    CLOSURE_OUTCOMES,
    CLOSURE_REASONS,
    DECLINED,
    PLAN_REVIEW_MONTHS,
    REFERRAL_CONCERNS,
    REFERRAL_DECISIONS,
    SIGNPOSTED,
)


def _radios(form: forms.Form, *names: str) -> None:
    """Short lists read better as radio buttons than as a drop-down, and take one click."""
    for name in names:
        field = form.fields[name]
        field.widget = forms.RadioSelect(choices=[c for c in field.choices if c[0] != ""])


class ReferralForm(RecordForm):
    happened_on = "referral_date"
    unique_fields = ("ref",)
    unique_message = "Another referral on this contract has this reference."

    concerns = forms.MultipleChoiceField(
        label="Concerns (section 3.2.1)",
        choices=list(REFERRAL_CONCERNS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every concern the referrer raised: at least one.",
    )

    class Meta:
        model = Referral
        fields = ["referral_date", "source", "concerns", "referrer", "ref"]

    def adapt_fields(self) -> None:
        _radios(self, "source")
        self.fields[
            "referral_date"
        ].help_text = "The day the referral came in: the young person must be 11 to 16 on this day."

    def layout(self) -> list:
        return [
            Fieldset(
                "The referral",
                Row(Column("referral_date"), Column("ref")),
                "referrer",
                "source",
                "concerns",
            )
        ]


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(code, label) for code, label in REFERRAL_DECISIONS.items() if code != "pending"],
        widget=forms.RadioSelect,
    )
    decision_date = forms.DateField(label="Date of the decision", widget=DateInput())
    decision_note = forms.CharField(
        label="Reason, or where to",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to decline (why) or to signpost (to whom or where).",
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.fields["decision"].choices = [
            (ACCEPTED, "Accept: allocate to a key worker"),
            (DECLINED, "Decline"),
            (SIGNPOSTED, "Signpost elsewhere"),
        ]
        self.initial.setdefault("decision_date", timezone.localdate())
        say_text_limits(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "decision", "decision_date", "decision_note", Submit("save", "Save the decision")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        decision, note = cleaned.get("decision"), (cleaned.get("decision_note") or "").strip()
        if decision == DECLINED and not note:
            self.add_error("decision_note", "Say why the referral is declined.")
        if decision == SIGNPOSTED and not note:
            self.add_error("decision_note", "Say where the young person is signposted to.")
        day = cleaned.get("decision_date")
        if day and day < self.referral.referral_date:
            self.add_error(
                "decision_date",
                f"The referral came in on {self.referral.referral_date:%-d %B %Y}: a decision "
                "cannot be dated before it.",
            )
        if day and day > timezone.localdate():
            self.add_error("decision_date", "A decision cannot be dated in the future.")
        return cleaned


class KeyWorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, worker: KeyWorker) -> str:
        return (
            f"{worker.name}: {worker.open_count} open case{'s' if worker.open_count != 1 else ''}"
        )


class AllocationForm(forms.Form):
    key_worker = KeyWorkerChoice(
        queryset=KeyWorker.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Key worker",
    )
    start_date = forms.DateField(label="Case starts on", widget=DateInput())
    over_caseload = forms.BooleanField(
        label="Allocate anyway, over the caseload",
        required=False,
    )

    def __init__(
        self, *args: Any, referral: Referral, key_workers, caseload: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.caseload = caseload
        self.fields["key_worker"].queryset = key_workers
        self.fields[
            "key_worker"
        ].help_text = f"Open cases today; the contract's caseload is {caseload} a key worker."
        self.initial.setdefault("start_date", timezone.localdate())
        # Asked only when the chosen key worker would go over the caseload (clean() shows it).
        self.fields["over_caseload"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "key_worker", "start_date", "over_caseload", Submit("save", "Allocate")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start = cleaned.get("start_date")
        if start and start < self.referral.referral_date:
            self.add_error(
                "start_date",
                f"The referral came in on {self.referral.referral_date:%-d %B %Y}: the case "
                "cannot start before it.",
            )
        worker = cleaned.get("key_worker")
        over = worker is not None and worker.open_count + 1 > self.caseload
        if over and not cleaned.get("over_caseload"):
            self.fields["over_caseload"].widget = forms.CheckboxInput()
            self.add_error(
                "over_caseload",
                f"{worker.name} already has {worker.open_count} open case"
                f"{'s' if worker.open_count != 1 else ''}: this one takes them to "
                f"{worker.open_count + 1}, over the caseload of {self.caseload}. Tick to "
                "allocate anyway, or choose another key worker.",
            )
        return cleaned


class CaseRecordForm(RecordForm):
    """A record of a case: the case comes from the URL (set on the instance by the view); the
    contract is the owner, as its references are unique in the contract."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)
        self.instance.case = case

    def not_outside_the_case(self, name: str) -> None:
        day = self.cleaned_data.get(name)
        if day is None:
            return
        if day < self.case.start_date:
            self.add_error(
                name, f"The case started on {self.case.start_date:%-d %B %Y}: not before then."
            )
        elif self.case.end_date and day > self.case.end_date:
            self.add_error(
                name, f"The case closed on {self.case.end_date:%-d %B %Y}: not after then."
            )

    def not_in_the_future(self, name: str) -> None:
        day = self.cleaned_data.get(name)
        if day and day > timezone.localdate():
            self.add_error(name, "This cannot be in the future.")


class ContactForm(CaseRecordForm):
    happened_on = "contact_date"
    unique_fields = ("ref",)
    unique_message = "Another contact on this contract has this reference."

    class Meta:
        model = Contact
        fields = ["contact_date", "contact_time", "kind", "with_whom", "notes", "ref"]
        widgets = {
            "contact_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }

    def adapt_fields(self) -> None:
        _radios(self, "kind")
        self.fields["kind"].required = True
        self.fields[
            "contact_date"
        ].help_text = "The day it happened. Tamar notes today as the day it was recorded."

    def layout(self) -> list:
        return [
            Row(Column("contact_date"), Column("contact_time")),
            "kind",
            "with_whom",
            "notes",
            "ref",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.not_in_the_future("contact_date")
        self.not_outside_the_case("contact_date")
        return cleaned


class PlannedContactForm(CaseRecordForm):
    owner_field = "case"

    class Meta:
        model = PlannedContact
        fields = ["date", "time", "kind", "with_whom"]
        widgets = {"time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def adapt_fields(self) -> None:
        _radios(self, "kind")
        self.fields["date"].help_text = "Today or later: a contact that has happened is recorded."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day = cleaned.get("date")
        if day and day < timezone.localdate():
            self.add_error("date", "That day has passed: record the contact instead.")
        if day and self.case.end_date and day > self.case.end_date:
            self.add_error("date", f"The case closed on {self.case.end_date:%-d %B %Y}.")
        return cleaned


class AssessmentForm(CaseRecordForm):
    happened_on = "date"
    unique_fields = ("ref",)
    unique_message = "Another assessment on this contract has this reference."

    class Meta:
        model = Assessment
        fields = ["date", "title", "role", "notes", "ref"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def adapt_fields(self) -> None:
        _radios(self, "role")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.not_in_the_future("date")
        self.not_outside_the_case("date")
        return cleaned


class SupportPlanForm(CaseRecordForm):
    owner_field = "case"
    happened_on = "agreed_date"

    class Meta:
        model = SupportPlan
        fields = ["agreed_date", "goals", "young_persons_words", "review_date"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 5}),
            "young_persons_words": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_new and self.initial.get("review_date") is None:
            self.initial["review_date"] = add_months(timezone.localdate(), PLAN_REVIEW_MONTHS)
        self.fields["goals"].help_text = "What the work is for, one goal to a line."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.not_in_the_future("agreed_date")
        self.not_outside_the_case("agreed_date")
        agreed, review = cleaned.get("agreed_date"), cleaned.get("review_date")
        if agreed and review and review < agreed:
            self.add_error("review_date", "The review cannot be before the plan was agreed.")
        return cleaned


class PlanReviewForm(RecordForm):
    owner_field = "plan"
    happened_on = "date"

    class Meta:
        model = PlanReview
        fields = ["date", "progress", "young_persons_words", "next_review_date"]
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 5}),
            "young_persons_words": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_new and self.initial.get("next_review_date") is None:
            self.initial["next_review_date"] = add_months(timezone.localdate(), PLAN_REVIEW_MONTHS)
        self.fields["next_review_date"].help_text = "Leave it empty if the work is ending."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day, following = cleaned.get("date"), cleaned.get("next_review_date")
        if day and day > timezone.localdate():
            self.add_error("date", "This cannot be in the future.")
        if day and day < self.owner.agreed_date:
            self.add_error(
                "date", f"The plan was agreed on {self.owner.agreed_date:%-d %B %Y}: not before."
            )
        if day and following and following < day:
            self.add_error("next_review_date", "The next review cannot be before this one.")
        return cleaned


class CloseCaseForm(forms.Form):
    end_date = forms.DateField(label="Closed on", widget=DateInput())
    closure_outcome = forms.ChoiceField(
        label="Outcome", choices=list(CLOSURE_OUTCOMES.items()), widget=forms.RadioSelect
    )
    closure_reason = forms.ChoiceField(
        label="Reason for closing", choices=[("", "Choose a reason"), *CLOSURE_REASONS.items()]
    )
    closure_note = forms.CharField(
        label="Closing note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What happens next for them, in a sentence or two.",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.initial.setdefault("end_date", timezone.localdate())
        say_text_limits(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "end_date",
            "closure_outcome",
            "closure_reason",
            Field("closure_note"),
            Submit("save", "Close the case", css_class="btn-danger"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day = cleaned.get("end_date")
        if day and day < self.case.start_date:
            self.add_error(
                "end_date", f"The case started on {self.case.start_date:%-d %B %Y}: not before."
            )
        if day and day > timezone.localdate():
            self.add_error("end_date", "A case is closed on the day it closes, not ahead.")
        if cleaned.get("closure_reason") == "other" and not cleaned.get("closure_note"):
            self.add_error("closure_note", "Say the reason for closing here.")
        return cleaned
