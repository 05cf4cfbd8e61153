from __future__ import annotations

from decimal import Decimal

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms

from ..engine.figures import TargetSetting
from ..engine.indicators import Framework, Unit
from ..engine.periods import RETURN_PERIODS, YEAR_TO_DATE, FinancialYear
from ..engine.rules import Part


class YearForm(forms.Form):
    """The financial year a KPI page shows (GET)."""

    year = forms.TypedChoiceField(label="Financial year", coerce=int)

    def __init__(self, *args, years: list[FinancialYear], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y.year, y.label) for y in years]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        # A plain button: the query string then holds the year alone.
        self.helper.layout = Layout(
            Div(
                Field("year", wrapper_class="mb-0"),
                StrictButton("Show", type="submit", css_class="btn-outline-primary"),
                css_class="d-flex gap-2 align-items-end mb-3",
            )
        )


class RecordsForm(forms.Form):
    """Which records of a figure to list (GET): the part, and a breakdown's category."""

    part = forms.ChoiceField(choices=[(p.value, p.value) for p in Part], required=False)
    breakdown = forms.CharField(required=False, max_length=50)
    category = forms.CharField(required=False, max_length=200)
    page = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("breakdown")) != bool(data.get("category")):
            raise forms.ValidationError(
                "A breakdown needs a category, and a category its breakdown."
            )
        return data


PERIOD_NAMES = (*RETURN_PERIODS, YEAR_TO_DATE)


def plain(value: Decimal | None) -> Decimal | None:
    """150.00 as 150 and 82.50 as 82.5, as a person would type them."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def field_name(code: str) -> str:
    return "target_" + code.replace(".", "_")


class TargetsForm(forms.Form):
    """One optional number per indicator; empty means no target for the year."""

    def __init__(
        self, *args, framework: Framework, targets: dict[str, TargetSetting], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        for indicator in framework.indicators:
            default = indicator.default_target
            if default is not None:
                help_text = f"The specification's target: {default.normalize():f}"
            else:
                help_text = f"The specification: {indicator.target_note or 'no target'}"
            percent = indicator.unit == Unit.PERCENT
            self.fields[field_name(indicator.code)] = forms.DecimalField(
                label=f"{indicator.code} {indicator.title} ({_unit_label(indicator.unit)})",
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100) if percent else None,
                max_digits=12,
                decimal_places=2,
                help_text=f"{help_text}. Leave empty for no target.",
                initial=plain(targets[indicator.code].value),
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save targets"))

    def sent(self, code: str) -> bool:
        """Whether the request carried the indicator's field at all (empty counts: it means
        "no target")."""
        return self.add_prefix(field_name(code)) in self.data

    @property
    def arrived_empty(self) -> bool:
        """A POST without one of the form's fields (a lost body, a script, a proxy): not a
        request to clear every target."""
        return not any(self.sent(indicator.code) for indicator in self.framework.indicators)

    def targets(self) -> dict[str, Decimal | None]:
        """The targets sent, by code; a field not sent at all leaves its target as it is."""
        return {
            indicator.code: self.cleaned_data[field_name(indicator.code)]
            for indicator in self.framework.indicators
            if self.sent(indicator.code)
        }


def _unit_label(unit: Unit) -> str:
    return {Unit.COUNT: "a number for the year", Unit.HOURS: "hours for the year"}.get(
        unit, "per cent"
    )
