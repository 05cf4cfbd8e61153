"""The forms of a return's pages; each carries its crispy layout."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.template.defaultfilters import pluralize
from django.utils.html import format_html

from contracts.templatetags.tamar import pounds

from ..engine.figures import Funds4CareAwards, ReturnFigures
from ..models import Return
from .workflow import FINANCIAL_FIELDS, NARRATIVE_FIELDS


class ReturnDraftForm(forms.ModelForm):
    """The provider's part of a return: a comment per indicator (an explanation for each red or
    amber one, required before submitting), the narrative report, the financial return."""

    class Meta:
        model = Return
        fields = [*NARRATIVE_FIELDS, *FINANCIAL_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in NARRATIVE_FIELDS} | {
            "financial_notes": forms.Textarea(attrs={"rows": 2})
        }

    def __init__(self, *args: Any, figures: ReturnFigures, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        notes = self.instance.indicator_notes or {}
        indicator_fields = []
        for row in figures.rows:
            code = row.code
            note = notes.get(code, {})
            self.fields[f"comment_{code}"] = forms.CharField(
                label=f"{code} {row.title}: comment",
                required=False,
                initial=note.get("comment", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            indicator_fields.append(f"comment_{code}")
            if row.status in ("red", "amber"):
                self.fields[f"explanation_{code}"] = forms.CharField(
                    label=f"{code}: why it is {row.status} (required before submitting)",
                    required=False,
                    initial=note.get("explanation", ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                indicator_fields.append(f"explanation_{code}")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("Indicators", *indicator_fields),
            Fieldset("Narrative report", *NARRATIVE_FIELDS),
            Fieldset(
                "Financial monitoring return",
                HTML(
                    '<p class="text-muted small">Expenditure, staffing and additional income '
                    "brought into the service this period.</p>"
                ),
                *FINANCIAL_FIELDS,
                HTML(funds4care_text(figures.funds4care)),
            ),
            Submit("save", "Save draft"),
        )

    def values(self) -> dict[str, Any]:
        """What `save_draft` takes: the model's fields, and the notes gathered by indicator."""
        values = {name: self.cleaned_data[name] for name in self._meta.fields}
        notes: dict[str, dict[str, str]] = {}
        for name, value in self.cleaned_data.items():
            kind, _, code = name.partition("_")
            if kind in ("comment", "explanation") and code and value.strip():
                notes.setdefault(code, {})[kind] = value.strip()
        values["indicator_notes"] = notes
        return values


def funds4care_text(funds: Funds4CareAwards | None) -> str:
    """The Funds4 Care allocations, which come from the records rather than the form."""
    if funds is None:
        return ""
    awards = funds.awards
    return format_html(
        '<p class="small" data-testid="funds4care-live">Funds4 Care allocated this period, '
        "from the records (applications approved with a decision dated in the period): "
        "<strong>{}</strong> in {} award{}. It is frozen with the figures on submission.</p>",
        pounds(funds.allocated),
        awards,
        pluralize(awards),
    )


class MoveForm(forms.Form):
    """A move of the workflow with an optional comment (a reason where `comment_required`)."""

    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, label: str, button: str, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = label
        self.fields["comment"].required = required
        self.button_text = button


class IndicatorCommentForm(forms.Form):
    text = forms.CharField(label="Add to the thread", widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Attach a file", help_text="PDF, Word or Excel, at most 10 MB.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
