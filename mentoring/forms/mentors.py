"""Forms for mentors, their training and their supervision.

A mentor is one of the contract's young people (their name and locality come from their record
unless typed) or an adult volunteer; a DBS check is a date and a certificate number together,
renewed (unless said) three years on. Training is a checklist of the required modules: each
date filled in is a completion. A supervision names the mentors who were there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.db.models import Q
from django.utils import timezone

from contracts.codes import MENTOR_MODULES
from contracts.dates import add_months
from contracts.forms import DateInput
from contracts.models import Contract, YoungPerson
from contracts.models.constraints import LOCALITY_LENGTH
from contracts.records.record_form import LocalityMixin, RecordForm

from ..codes import INTERESTS, MAX_MATCHES
from ..models import Mentor, MentorTraining, Supervision, SupervisionMentor
from ..services import matches_active_on
from ..training import REQUIRED_MODULES

DBS_RENEWAL_MONTHS = 36
NONE_RAISED = "None raised"


def say(day: date) -> str:
    """A date as a person reads it in a sentence: 9 June 2025."""
    return f"{day:%-d %B %Y}"


class YoungPersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: YoungPerson) -> str:
        return f"{obj.full_name} ({obj.ref})"


class MentorForm(LocalityMixin, RecordForm):
    unique_fields = ("ref",)
    unique_message = "Another mentor on this contract has this reference."
    date_range = ("start_date", "left_date")

    interests = forms.MultipleChoiceField(
        label="Interests",
        choices=list(INTERESTS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Shared interests make a suggested match.",
    )

    class Meta:
        model = Mentor
        fields = [
            "young_person",
            "name",
            "ref",
            "gender",
            "locality",
            "travels_to",
            "interests",
            "max_matches",
            "dbs_date",
            "dbs_ref",
            "dbs_renewal_date",
            "start_date",
            "left_date",
        ]
        help_texts = {"left_date": "Leave empty while they mentor."}

    def adapt_fields(self) -> None:
        contract: Contract = self.owner
        self.fields["young_person"] = YoungPersonChoice(
            label="Young person",
            queryset=contract.young_people.order_by("last_name", "first_name", "ref"),
            required=False,
            empty_label="An adult volunteer",
            help_text="Choose them if the mentor is one of this contract's young people.",
        )
        name = self.fields["name"]
        name.required = False
        name.help_text = "Leave it empty for a young person: their full name is used."
        self.offer_localities(contract)
        locality = self.fields["locality"]
        locality.required = False
        locality.help_text = (
            f"{locality.help_text} For a young person, leave it empty to use their record's."
        ).strip()
        self.offer_travels_to(contract)
        if self.is_new and self.initial.get("start_date") is None:
            self.initial["start_date"] = timezone.localdate()
        self.fields[
            "max_matches"
        ].help_text = f"How many mentees they can support at the same time: 1 to {MAX_MATCHES}."
        self.fields[
            "dbs_date"
        ].help_text = "Adults only: a young person under 18 needs no DBS check."
        self.fields["dbs_ref"].help_text = "Give it with the check's date."
        self.fields[
            "dbs_renewal_date"
        ].help_text = "Leave it empty and it is 3 years after the check."

    def offer_travels_to(self, contract: Contract) -> None:
        listed = list(contract.localities)
        label = "Other localities they can reach"
        if listed:
            kept = [name for name in self.initial.get("travels_to") or [] if name not in listed]
            self.fields["travels_to"] = forms.MultipleChoiceField(
                label=label,
                choices=[(name, name) for name in listed + kept],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text="Where besides their own locality they can meet a mentee.",
            )
            return
        self.fields["travels_to"] = forms.CharField(
            label=label,
            required=False,
            help_text="Separate them with commas, for example: Truro, Camborne.",
        )
        self.initial["travels_to"] = ", ".join(self.initial.get("travels_to") or [])

    def layout(self) -> list:
        return [
            Fieldset(
                "Who they are",
                Row(Column("young_person"), Column("name")),
                Row(Column("ref"), Column("gender")),
            ),
            Fieldset("Where and what they are into", "locality", "travels_to", "interests"),
            Fieldset("Mentees at once", "max_matches"),
            Fieldset(
                "DBS check (adults)",
                Row(Column("dbs_date"), Column("dbs_ref"), Column("dbs_renewal_date")),
            ),
            Fieldset("Dates", Row(Column("start_date"), Column("left_date"))),
        ]

    def clean_travels_to(self) -> list[str]:
        value = self.cleaned_data.get("travels_to") or []
        names = value if isinstance(value, list) else value.split(",")
        places = list(dict.fromkeys(name.strip() for name in names if name.strip()))
        if any(len(name) > LOCALITY_LENGTH for name in places):
            raise forms.ValidationError(
                f"A locality can be up to {LOCALITY_LENGTH} characters: separate them with commas."
            )
        return places

    def clean_young_person(self) -> YoungPerson | None:
        person = self.cleaned_data.get("young_person")
        if person is None:
            return None
        already = self.owner.mentors.filter(young_person=person).exclude(pk=self.instance.pk)
        other = already.first()
        if other is not None:
            raise forms.ValidationError(
                f"{person.full_name} is already a mentor on this contract ({other.ref})."
            )
        return person

    def clean_max_matches(self) -> int | None:
        value = self.cleaned_data.get("max_matches")
        if value is not None and not 1 <= value <= MAX_MATCHES:
            raise forms.ValidationError(f"A mentor can have 1 to {MAX_MATCHES} mentees at once.")
        if value is not None and not self.is_new:
            today = timezone.localdate()
            running = self.instance.matches.filter(matches_active_on(today)).count()
            if value < running:
                raise forms.ValidationError(
                    f"They have {running} mentees now: end a match first, or keep this at "
                    f"{running} or more."
                )
        return value

    def clean_dbs_date(self) -> date | None:
        day = self.cleaned_data.get("dbs_date")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The DBS check date cannot be in the future.")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        person = cleaned.get("young_person")
        if not cleaned.get("name") and "name" not in self.errors:
            if person is not None:
                cleaned["name"] = person.full_name
            elif "young_person" not in self.errors:
                self.add_error(
                    "name", "Give the mentor's name, or choose the young person they are."
                )
        self.clean_dbs(cleaned)
        return cleaned

    def clean_dbs(self, cleaned: dict[str, Any]) -> None:
        if "dbs_date" in self.errors:
            return
        checked, number = cleaned.get("dbs_date"), cleaned.get("dbs_ref", "")
        renewal = cleaned.get("dbs_renewal_date")
        if checked and not number:
            self.add_error("dbs_ref", "Give the certificate number with the check's date.")
        elif number and not checked:
            self.add_error("dbs_date", "Give the date of the check with its certificate number.")
        if renewal and not checked:
            self.add_error("dbs_renewal_date", "A renewal date goes with the check it renews.")
        elif checked and renewal and renewal < checked:
            self.add_error("dbs_renewal_date", "The renewal cannot be before the check.")
        elif checked and renewal is None:
            cleaned["dbs_renewal_date"] = add_months(checked, DBS_RENEWAL_MONTHS)


class TrainingForm(forms.Form):
    """The modules not done yet, each with a "Completed on" date, and a refresher of one that
    is done. Every date filled in becomes a MentorTraining row."""

    def __init__(self, *args: Any, mentor: Mentor, first: dict[str, date], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mentor, self.first = mentor, first
        for module in REQUIRED_MODULES:
            if module not in first:
                self.fields[f"done_{module}"] = forms.DateField(
                    label=MENTOR_MODULES[module], required=False, widget=DateInput()
                )
        if first:
            self.fields["refresher_module"] = forms.ChoiceField(
                label="Refresher of",
                required=False,
                choices=[("", "No refresher")]
                + [(m, MENTOR_MODULES[m]) for m in REQUIRED_MODULES if m in first],
            )
            self.fields["refresher_date"] = forms.DateField(
                label="Refresher completed on", required=False, widget=DateInput()
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        if "refresher_module" in self.fields:
            self.fields["refresher_module"].widget.attrs["class"] = "form-select"

    @property
    def has_refresher(self) -> bool:
        return "refresher_module" in self.fields

    def module_fields(self) -> list[tuple[str, str, date | None, forms.BoundField | None]]:
        """Each required module: code, label, first completion (or None), its date box."""
        return [
            (
                module,
                MENTOR_MODULES[module],
                self.first.get(module),
                self[f"done_{module}"] if f"done_{module}" in self.fields else None,
            )
            for module in REQUIRED_MODULES
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        today = timezone.localdate()
        entries: list[tuple[str, date]] = []
        for module in REQUIRED_MODULES:
            name = f"done_{module}"
            day = cleaned.get(name)
            if day is None:
                continue
            if day > today:
                self.add_error(name, "This date is in the future: record a module once done.")
            else:
                entries.append((module, day))
        module, day = cleaned.get("refresher_module"), cleaned.get("refresher_date")
        if module and day:
            if day > today:
                self.add_error("refresher_date", "This date is in the future.")
            elif day <= self.first[module]:
                self.add_error(
                    "refresher_date",
                    f"A refresher comes after the first completion ({say(self.first[module])}).",
                )
            elif self.mentor.training.filter(module=module, completed_date=day).exists():
                self.add_error("refresher_date", "This refresher is already recorded.")
            else:
                entries.append((module, day))
        elif module and not day:
            self.add_error("refresher_date", "Give the date of the refresher.")
        elif day and not module:
            self.add_error("refresher_module", "Choose the module the refresher was of.")
        if not entries and not self.errors:
            raise forms.ValidationError("Enter the date of at least one module.")
        self.entries = entries
        return cleaned

    def save(self) -> list[MentorTraining]:
        return [
            MentorTraining.objects.create(mentor=self.mentor, module=module, completed_date=day)
            for module, day in self.entries
        ]

    def mark_invalid(self) -> None:
        """Each box with a problem says so to assistive technology and shows it."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"


class MentorChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Mentor) -> str:
        return f"{obj.name} ({obj.ref})"


class SupervisionForm(RecordForm):
    happened_on = "date"

    mentors = MentorChoice(
        label="Mentors there",
        queryset=Mentor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone who took part: at least one.",
        error_messages={"required": "Tick at least one mentor who was there."},
    )

    class Meta:
        model = Supervision
        fields = ["date", "kind", "led_by", "risk", "safeguarding", "wellbeing", "notes"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("risk", "safeguarding", "wellbeing", "notes")
        }

    def adapt_fields(self) -> None:
        today = timezone.localdate()
        self.fields["mentors"].queryset = self.owner.mentors.filter(
            Q(left_date__isnull=True) | Q(left_date__gt=today)
        ).order_by("name", "ref")
        said = f"If there were none, write \u201c{NONE_RAISED}\u201d."
        self.fields["risk"].help_text = f"Risks discussed. {said}"
        self.fields["safeguarding"].help_text = f"Safeguarding concerns discussed. {said}"
        self.fields["wellbeing"].help_text = (
            f"How the mentors are, and any support agreed. If nothing was raised, write "
            f"\u201c{NONE_RAISED}\u201d."
        )
        self.fields["date"].help_text = "The day it took place: today or earlier."

    def layout(self) -> list:
        return [
            Fieldset("The supervision", Row(Column("date"), Column("kind")), "led_by", "mentors"),
            Fieldset("Standing items", "risk", "safeguarding", "wellbeing"),
            "notes",
        ]

    def clean_date(self) -> date:
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("A supervision is recorded once it has happened.")
        return day

    def save(self, commit: bool = True) -> Supervision:
        """The supervision and who was there; the caller holds the transaction."""
        supervision = super().save(commit=True)
        for mentor in self.cleaned_data["mentors"]:
            SupervisionMentor.objects.create(supervision=supervision, mentor=mentor)
        return supervision
