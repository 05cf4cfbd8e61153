from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms

from .codes import PLACEMENT_CODES, TEMPORARY_PLACEMENT_CODES
from .models import Contract

RESIDENTIAL_CHOICES = [
    (code, f"{code}: {label}")
    for code, label in PLACEMENT_CODES.items()
    if code not in TEMPORARY_PLACEMENT_CODES
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        # The browser's date picker always speaks ISO, whatever it shows the person.
        super().__init__(format="%Y-%m-%d", **kwargs)


class ContractSettingsForm(forms.ModelForm):
    """What a commissioner may change: the details and the counting settings."""

    residential_placement_codes = forms.MultipleChoiceField(
        label="Residential placement codes",
        choices=RESIDENTIAL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="SSDA903 placement codes that count as residential for indicator A2.2. "
        "Temporary moves (T0-T4) never count.",
    )

    class Meta:
        model = Contract
        fields = [
            "title",
            "start_date",
            "end_date",
            "annual_value",
            "record_timeframe_days",
            "return_due_working_days",
            "residential_placement_codes",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["return_due_working_days"].required = False
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                "Details", "title", Row(Column("start_date"), Column("end_date")), "annual_value"
            ),
            Fieldset(
                "Counting settings",
                "record_timeframe_days",
                "return_due_working_days",
                "residential_placement_codes",
            ),
            Submit("save", "Save changes"),
        )

    def clean_return_due_working_days(self) -> int:
        # Left out (as by a form from before the setting existed): keep the one in force.
        value = self.cleaned_data.get("return_due_working_days")
        return self.instance.return_due_working_days if value is None else value

    def clean_residential_placement_codes(self) -> list[str]:
        # Keep the codes in the order of the code list, so history diffs read cleanly.
        chosen = set(self.cleaned_data["residential_placement_codes"])
        return [code for code in PLACEMENT_CODES if code in chosen]
