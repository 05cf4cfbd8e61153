"""Forms for mentees referred for a mentor: the referral itself, the day a match starts (on
the matching page) and withdrawing a referral. The mentee's young person is one of the
contract's; the rules for matching are mentoring.services'."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils import timezone

from contracts.forms import DateInput, say_text_limits
from contracts.models import YoungPerson
from contracts.records.record_form import LocalityMixin, RecordForm

from ..codes import INTERESTS, NEEDS
from ..models import Match, MenteeReferral
from ..services import matches_active_on


class YoungPersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person: YoungPerson) -> str:
        return f"{person.full_name} ({person.ref})"


class MenteeReferralForm(LocalityMixin, RecordForm):
    """A young person referred for a peer mentor: what they want help with, what they are
    into, where they would meet and who they would like."""

    happened_on = "referral_date"
    unique_fields = ("ref",)
    unique_message = "Another mentee referral on this contract has this reference."

    young_person = YoungPersonChoice(
        label="Young person",
        queryset=YoungPerson.objects.none(),
        help_text="One of this contract's young people.",
    )
    needs = forms.MultipleChoiceField(
        label="What they want help with",
        choices=list(NEEDS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one thing they want help with."},
        help_text="Tick at least one.",
    )
    interests = forms.MultipleChoiceField(
        label="What they are into",
        choices=list(INTERESTS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Shared interests help suggest a mentor.",
    )

    class Meta:
        model = MenteeReferral
        fields = [
            "young_person",
            "ref",
            "referral_date",
            "referrer",
            "needs",
            "needs_note",
            "interests",
            "locality",
            "prefers_gender",
            "preferences",
        ]
        widgets = {"needs_note": forms.Textarea(attrs={"rows": 3})}

    def adapt_fields(self) -> None:
        self.fields["young_person"].queryset = self.owner.young_people.order_by(
            "first_name", "last_name", "ref"
        )
        self.fields["referral_date"].help_text = "The day the referral came in."
        self.offer_localities(self.owner)
        locality = self.fields["locality"]
        locality.required = False
        if isinstance(locality, forms.ChoiceField):
            locality.choices = [("", "Their own locality"), *locality.choices[1:]]
        locality.help_text = (
            "Where they would meet a mentor. Leave it empty for the young person's own locality."
        )

    def layout(self) -> list:
        return [
            Fieldset(
                "Who is referred",
                Row(Column("young_person"), Column("ref")),
                Row(Column("referral_date"), Column("referrer")),
            ),
            Fieldset("What they want from a mentor", "needs", "needs_note", "interests"),
            Fieldset(
                "Who and where",
                Row(Column("locality"), Column("prefers_gender")),
                "preferences",
            ),
        ]

    def clean_referral_date(self) -> date:
        day = self.cleaned_data["referral_date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The referral date cannot be in the future.")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        person = cleaned.get("young_person")
        if person is None:
            return cleaned
        if not cleaned.get("locality"):
            cleaned["locality"] = person.locality
        waiting = (
            MenteeReferral.objects.filter(
                young_person=person, match__isnull=True, withdrawn_date__isnull=True
            )
            .exclude(pk=self.instance.pk)
            .first()
        )
        if waiting is not None:
            self.add_error(
                "young_person",
                f"{person.full_name} already has a referral waiting for a mentor: "
                f"{waiting.ref}, from {waiting.referral_date:%-d %B %Y}.",
            )
            return cleaned
        today = timezone.localdate()
        running = (
            Match.objects.filter(matches_active_on(today), mentee=person)
            .select_related("mentor")
            .order_by("-start_date")
            .first()
        )
        if running is not None:
            self.add_error(
                "young_person",
                f"{person.full_name} already has a mentor: {running.mentor.name} until "
                f"{running.runs_to:%-d %B %Y} (match {running.ref}).",
            )
        return cleaned


class StartForm(forms.Form):
    """The matching page's "Matches starting on": suggestions are for this day."""

    start = forms.DateField(label="Matches starting on", widget=DateInput())


class WithdrawForm(forms.Form):
    withdrawn_date = forms.DateField(label="Withdrawn on", widget=DateInput())
    withdrawn_reason = forms.CharField(
        label="Why",
        max_length=500,
        help_text="For example: no longer wants a mentor; moved away.",
        error_messages={"required": "Say why the referral is withdrawn."},
    )

    def __init__(self, *args: Any, referral: MenteeReferral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.initial.setdefault("withdrawn_date", timezone.localdate())
        say_text_limits(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("withdrawn_date"), Column("withdrawn_reason", css_class="col-md-8")),
            Submit("save", "Withdraw the referral"),
        )

    def clean_withdrawn_date(self) -> date:
        day = self.cleaned_data["withdrawn_date"]
        if day < self.referral.referral_date:
            raise forms.ValidationError(
                f"The referral came in on {self.referral.referral_date:%-d %B %Y}: it cannot be "
                "withdrawn before then."
            )
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day
