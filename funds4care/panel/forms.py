"""The panel member's two forms (the conflict question, the scores) and the chair's three
decisions. The scoring form is drawn by hand in its template: each criterion is a fieldset of
large radio buttons, which a crispy layout would make harder to read, not easier."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator

from ..models import APPLICATION_TEXT_MAX, PANEL_COMMENT_MAX, Criterion
from .services import NOT_APPLICABLE

CONFLICT_QUESTION = (
    "Do you know this young person, or would you or someone close to you gain from this grant?"
)
SCORE_WORDS = {0: "Not at all", 5: "Very well"}
SCORE_CHOICES = [(str(n), str(n)) for n in range(6)] + [(NOT_APPLICABLE, "Does not apply")]


class DeclarationForm(forms.Form):
    conflicted = forms.TypedChoiceField(
        label=CONFLICT_QUESTION,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={"required": "Please answer yes or no."},
    )


class ScoreForm(forms.Form):
    """One 0-5 (or "does not apply") choice and one optional note per criterion of the rubric.
    Nothing is required to save; what submitting needs is the service's to say."""

    def __init__(self, *args, criteria: list[Criterion], disabled: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={"invalid_choice": "Choose a score from 0 to 5, or Does not apply."},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"Your note on {criterion.name} (you do not have to write one)",
                required=False,
                max_length=PANEL_COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if disabled:
            for form_field in self.fields.values():
                form_field.disabled = True

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            if data.get(f"comment_{criterion.pk}", "").strip() and not data.get(
                f"score_{criterion.pk}"
            ):
                self.add_error(
                    f"score_{criterion.pk}",
                    "Choose a score, or Does not apply, so that your note is kept.",
                )
        return data

    def values(self) -> dict[int, str | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") or None for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}

    def rows(self):
        """Each criterion with its two bound fields, for the template."""
        for criterion in self.criteria:
            yield criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"]


def initial_scores(scores) -> dict[str, str]:
    """A saved sheet's scores as the form's initial data."""
    initial = {}
    for score in scores:
        value = NOT_APPLICABLE if score.value is None else str(score.value)
        initial[f"score_{score.criterion_id}"] = value
        initial[f"comment_{score.criterion_id}"] = score.comment
    return initial


class ApproveForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount to award (£)",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why it is declined (the young person will be told)",
        max_length=APPLICATION_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Please say why, for the young person."},
    )
