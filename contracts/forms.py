from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator

from .access import may_change_contract, may_change_localities
from .codes import PLACEMENT_CODES, TEMPORARY_PLACEMENT_CODES
from .models import Contract, User
from .models.constraints import LOCALITY_LENGTH
from .models.organisations import MAX_LOCALITIES

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


class AtMostCharacters(MaxLengthValidator):
    """Django's length check, saying both numbers as a person reads them (2,000, not 2000)."""

    message = "This is %(show_value)s characters long: it can be up to %(limit_value)s."

    def __call__(self, value: str) -> None:
        length = self.clean(value)
        if length > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit_value": f"{self.limit_value:,}",
                    "show_value": f"{length:,}",
                    "value": value,
                },
            )


def say_text_limits(form: forms.BaseForm) -> None:
    """Every free-text field says its limit beside it ("Up to 2,000 characters.") and, past
    it, is a field error giving both lengths.

    A text box (a textarea) gets no `maxlength`: the browser would cut a pasted comment short
    without a word, where the person should see what is too long and shorten it themselves.
    A one-line box keeps Django's `maxlength` (typing stops at the limit, which shows)."""
    for field in form.fields.values():
        if type(field) is not forms.CharField or not field.max_length:
            continue
        limit = field.max_length
        field.validators = [
            *(v for v in field.validators if not isinstance(v, MaxLengthValidator)),
            AtMostCharacters(limit),
        ]
        said = f"Up to {limit:,} characters."
        field.help_text = f"{field.help_text} {said}" if field.help_text else said
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs.pop("maxlength", None)


def number_limits(form: forms.ModelForm) -> None:
    """A number box's `min` and `max` are the model field's own limits, so the browser refuses
    what the server would, and nothing else.

    Its `step` stays Django's: 0.01 for two decimal places, counted from `min`, so 1, 1.5, 2,
    2.50 and any other value to the penny or the hundredth of an hour is valid (a step of
    0.25 from a minimum of 0.01 made 2 "invalid: the nearest are 1.76 and 2.01")."""
    model = form._meta.model
    for name, field in form.fields.items():
        if not isinstance(field.widget, forms.NumberInput):
            continue
        try:
            validators = model._meta.get_field(name).validators
        except FieldDoesNotExist:
            continue
        # The tightest of the model's limits and the form field's own (Django gives a
        # positive integer a minimum of 0, where a score's is 1).
        lowest = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
        highest = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
        lowest += [field.min_value] if getattr(field, "min_value", None) is not None else []
        highest += [field.max_value] if getattr(field, "max_value", None) is not None else []
        if lowest:
            field.widget.attrs["min"] = str(max(lowest))
        if highest:
            field.widget.attrs["max"] = str(min(highest))


class LocalitiesField(forms.CharField):
    """A list of locality names, typed one a line."""

    widget = forms.Textarea(attrs={"rows": 8})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:
        text = value if isinstance(value, list) else (super().to_python(value) or "")
        lines = text if isinstance(text, list) else text.splitlines()
        names: list[str] = []
        seen: set[str] = set()
        for line in lines:
            # One space between words, so "St  Ives" and "St Ives" are one place.
            name = " ".join(str(line).split())
            if not name:
                continue
            if len(name) > LOCALITY_LENGTH:
                raise ValidationError(
                    f"“{name[:40]}…” is {len(name):,} characters long: a locality can be up to "
                    f"{LOCALITY_LENGTH} characters."
                )
            # Typed twice (or once in capitals): kept once, as first written.
            if name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
        if len(names) > MAX_LOCALITIES:
            raise ValidationError(f"{len(names)} localities: at most {MAX_LOCALITIES}.")
        return names

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != (initial or [])
        except ValidationError:
            return True


LOCALITIES_HELP = (
    "One a line, as you want them written: the young person and session forms offer these, "
    "and the lists filter by them. Records keep their own locality if you take one off."
)


def localities_field() -> LocalitiesField:
    return LocalitiesField(
        label="Localities (districts or areas)", required=False, help_text=LOCALITIES_HELP
    )


# A casework contract's settings (section 3.5.2), on its form only.
CASEWORK_SETTINGS = ("caseload", "involvement_min_months", "involvement_max_months")
# A mentoring contract's (when its matches are reviewed).
MENTORING_SETTINGS = ("mentoring_first_review_weeks", "mentoring_review_months")


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
            *CASEWORK_SETTINGS,
            *MENTORING_SETTINGS,
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.uses("casework"):
            for name in CASEWORK_SETTINGS:
                del self.fields[name]
        if not self.instance.uses("mentoring"):
            for name in MENTORING_SETTINGS:
                del self.fields[name]
        self.fields["return_due_working_days"].required = False
        say_text_limits(self)
        number_limits(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.fieldsets(), Submit("save", "Save changes"))

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(
                "Details", "title", Row(Column("start_date"), Column("end_date")), "annual_value"
            ),
            Fieldset(
                "Counting settings",
                "record_timeframe_days",
                "return_due_working_days",
                "residential_placement_codes",
            ),
            *(
                [Fieldset("Casework", "caseload", Row(*map(Column, CASEWORK_SETTINGS[1:])))]
                if "caseload" in self.fields
                else []
            ),
            *(
                [Fieldset("Peer mentoring", Row(*map(Column, MENTORING_SETTINGS)))]
                if "mentoring_review_months" in self.fields
                else []
            ),
        ]

    def clean_return_due_working_days(self) -> int:
        # Left out (as by a form from before the setting existed): keep the one in force.
        value = self.cleaned_data.get("return_due_working_days")
        return self.instance.return_due_working_days if value is None else value

    def clean_residential_placement_codes(self) -> list[str]:
        # Keep the codes in the order of the code list, so history diffs read cleanly.
        chosen = set(self.cleaned_data["residential_placement_codes"])
        return [code for code in PLACEMENT_CODES if code in chosen]


# How long a young person's records are kept (privacy's retention): the provider's managers
# and administrators set it.
RETENTION = Fieldset("Keeping records", "retention_years")


class RetentionMixin:
    """Left out (as by a form from before the setting existed): the one in force stays."""

    def clean_retention_years(self) -> int:
        value = self.cleaned_data.get("retention_years")
        return self.instance.retention_years if value is None else value


def retention_optional(form: forms.ModelForm) -> None:
    form.fields["retention_years"].required = False


class ContractLocalitiesForm(RetentionMixin, forms.ModelForm):
    """What a provider's manager may change: the localities their staff choose from, and how
    long young people's records are kept."""

    localities = localities_field()

    class Meta:
        model = Contract
        fields = ["localities", "retention_years"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        retention_optional(self)
        number_limits(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("Localities", "localities"), RETENTION, Submit("save", "Save")
        )


class AllContractSettingsForm(RetentionMixin, ContractSettingsForm):
    """An administrator's: the commissioner's settings and the provider's localities."""

    localities = localities_field()

    class Meta(ContractSettingsForm.Meta):
        fields = [*ContractSettingsForm.Meta.fields, "localities", "retention_years"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        retention_optional(self)

    def fieldsets(self) -> list[Fieldset]:
        return [*super().fieldsets(), Fieldset("Localities", "localities"), RETENTION]


def settings_form_for(user: User, contract: Contract) -> type[forms.ModelForm] | None:
    """The settings this person may change on this contract (one they can see), as a form;
    None if they may change none."""
    details, localities = may_change_contract(user, contract), may_change_localities(user, contract)
    if details and localities:
        return AllContractSettingsForm
    if details:
        return ContractSettingsForm
    if localities:
        return ContractLocalitiesForm
    return None
