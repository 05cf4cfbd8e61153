"""The forms of a return's pages; each carries its crispy layout."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.template.defaultfilters import pluralize
from django.utils.html import format_html

from contracts.forms import say_text_limits
from contracts.templatetags.tamar import pounds

from ..engine.figures import Funds4CareAwards, IndicatorFigures, ReturnFigures
from ..engine.periods import YEAR_TO_DATE
from ..engine.text import figure_text, row_target_text
from ..models import COMMENT_MAX, Return
from .workflow import FINANCIAL_FIELDS, NARRATIVE_FIELDS


def explanation_id(code: str) -> str:
    """The id of an indicator's explanation box, for links from the list of those missing."""
    return f"explain-{code.replace('.', '-')}"


def status_text(row: IndicatorFigures, period: str | None) -> str:
    """What an explanation explains: "Red: 45.0% (9 of 20) in the year to date at the end of Q2,
    against a target of 60%; 40.0% (4 of 10) in Q2 itself."
    """
    year = row.figures.get(YEAR_TO_DATE)
    own = row.figures.get(period or "")
    text = (
        f"{row.status.value.capitalize() if row.status else 'No status'}: "
        f"{figure_text(row, year)} in the year to date at the end of {period}, against a "
        f"target of {row_target_text(row)}"
    )
    if own is not None:
        text += f"; {figure_text(row, own)} in {period} itself"
    return text + "."


class ReturnDraftForm(forms.ModelForm):
    """The provider's part of a return: a comment per indicator (an explanation for each red or
    amber one, required before submitting), the narrative report, the financial return."""

    class Meta:
        model = Return
        fields = [*NARRATIVE_FIELDS, *FINANCIAL_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in NARRATIVE_FIELDS} | {
            "financial_notes": forms.Textarea(attrs={"rows": 2}),
            # Money to the penny, a number of staff to the hundredth: the browser accepts any.
            **{
                name: forms.NumberInput(attrs={"step": "0.01", "min": "0"})
                for name in ("expenditure", "staffing_cost", "additional_income", "staff_fte")
            },
        }

    def __init__(self, *args: Any, figures: ReturnFigures, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        notes = self.instance.indicator_notes or {}
        indicator_fields = []
        # The boxes for red and amber figures first, each with the figure and target it
        # explains: they are what submission waits for.
        explained = [row for row in figures.rows if row.status in ("red", "amber")]
        for row in explained:
            code = row.code
            self.fields[f"explanation_{code}"] = forms.CharField(
                label=f"{code} {row.title}: why it is {row.status.value}",
                required=False,
                max_length=COMMENT_MAX,
                initial=notes.get(code, {}).get("explanation", ""),
                help_text=f"{status_text(row, figures.period)} Required before submitting.",
                widget=forms.Textarea(attrs={"rows": 2, "id": explanation_id(code)}),
            )
            indicator_fields.append(f"explanation_{code}")
        for row in figures.rows:
            code = row.code
            self.fields[f"comment_{code}"] = forms.CharField(
                label=f"{code} {row.title}: comment",
                required=False,
                max_length=COMMENT_MAX,
                initial=notes.get(code, {}).get("comment", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            indicator_fields.append(f"comment_{code}")
        say_text_limits(self)
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

    comment = forms.CharField(
        required=False, max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, label: str, button: str, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        say_text_limits(self)
        self.fields["comment"].label = label
        self.fields["comment"].required = required
        self.button_text = button


class IndicatorCommentForm(forms.Form):
    text = forms.CharField(
        label="Add to the thread",
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_text_limits(self)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Attach a file", help_text="PDF, Word or Excel, at most 10 MB.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
