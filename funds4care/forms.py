"""Funds4 Care's forms (the crispy layout lives on the form), in plain English: each says what
it asks for, its limits, and what happens next."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from contracts.codes import CARE_STATUSES
from contracts.forms import DateInput, number_limits, say_text_limits
from contracts.models import Contract, Role, User

from .models import APPLICATION_TEXT_MAX, PAYMENT_METHODS, Application, Fund, Funds4CareRole, Round
from .services.files import ACCEPT

MONEY_HELP = "In pounds and pence, such as 120 or 84.99."


def helper(*layout: Any, button: str) -> FormHelper:
    made = FormHelper()
    made.layout = Layout(*layout, Submit("save", button))
    return made


class FundForm(forms.ModelForm):
    care_statuses = forms.MultipleChoiceField(
        label="Care statuses that may apply",
        choices=[(code, label) for code, label in CARE_STATUSES.items() if code != "none"],
        widget=forms.CheckboxSelectMultiple,
        help_text="As recorded on the young person's page, on the day they apply.",
    )

    class Meta:
        model = Fund
        fields = ["pot", "grant_cap", "min_age", "max_age", "care_statuses", "grants_per_year"]
        help_texts = {
            "pot": "What the fund has to give this year.",
            "grant_cap": "A young person may ask for more; the award is at most this.",
            "min_age": "On the day they apply.",
            "max_age": "On the day they apply.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number_limits(self)
        self.helper = helper(
            Fieldset("Money", Row(Column("pot"), Column("grant_cap"))),
            Fieldset(
                "Who may apply (agreed with the council)",
                Row(Column("min_age"), Column("max_age")),
                "care_statuses",
                "grants_per_year",
            ),
            button="Save the fund's settings",
        )


class RoundForm(forms.ModelForm):
    panel = forms.ModelMultipleChoiceField(
        label="Panel members",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The provider's grant panel members who score this round.",
    )

    class Meta:
        model = Round
        fields = ["name", "opens_on", "closes_on", "panel"]
        labels = {"opens_on": "Opens on", "closes_on": "Closes on"}
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}
        help_texts = {
            "name": "Such as Spring 2026.",
            "closes_on": "Applications are taken until the end of this day.",
        }

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = User.objects.filter(
            role=Role.PANEL_MEMBER, organisation_id=contract.provider_id, is_active=True
        ).order_by("first_name", "last_name", "username")
        self.fields["panel"].label_from_instance = lambda u: u.get_full_name() or u.username
        say_text_limits(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("The round", "name", Row(Column("opens_on"), Column("closes_on"))),
            Fieldset("The panel", "panel"),
        )


class CriterionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label="Criterion", max_length=100)
    guidance = forms.CharField(
        label="What a 5 looks like", max_length=300, required=False,
        help_text="In the panel's own words.",
    )  # fmt: skip
    weight = forms.IntegerField(
        label="Weight", initial=1, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="1 to 10: how much it counts in the average.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_text_limits(self)
        self.fields["weight"].widget.attrs.update(min="1", max="10")


CriterionFormSet = forms.formset_factory(
    CriterionForm, extra=2, can_delete=True, can_order=True, max_num=20, validate_max=True
)


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["young_person", "round", "purpose", "amount_requested", "reason", "quote"]
        labels = {
            "young_person": "Who it is for",
            "round": "Round",
            "purpose": "What it is for",
            "amount_requested": "How much (£)",
            "reason": "Why it would help",
            "quote": "Any quote",
        }
        help_texts = {
            "amount_requested": f"{MONEY_HELP} Grants are up to the fund's largest grant; you "
            "may ask for more, and the panel decides what to give.",
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 5}),
            "quote": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, contract: Contract, rounds: list[Round], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = self.fields["young_person"]
        people.queryset = contract.young_people.order_by("last_name", "first_name", "ref")
        people.label_from_instance = lambda p: f"{p.last_name}, {p.first_name} ({p.ref})"
        people.empty_label = "Choose a young person"
        chosen = self.fields["round"]
        chosen.queryset = Round.objects.filter(pk__in=[r.pk for r in rounds]).order_by("-opens_on")
        chosen.label_from_instance = lambda r: (
            f"{r.name} ({r.opens_on:%d/%m/%Y} to {r.closes_on:%d/%m/%Y})"
        )
        chosen.empty_label = "Choose a round"
        chosen.required = False
        amount = self.fields["amount_requested"]
        amount.required = False
        amount.widget.attrs["min"] = "0"
        for name in ("purpose", "reason", "quote"):
            self.fields[name].max_length = APPLICATION_TEXT_MAX
        say_text_limits(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("Who and when", "young_person", "round"),
            Fieldset("The application", "purpose", "amount_requested", "reason", "quote"),
        )

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class FileForm(forms.Form):
    file = forms.FileField(
        label="Attach a file",
        help_text="A PDF or a photo (JPEG or PNG) of a quote, a letter or the item; up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class ApproveForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount awarded (£)", min_value=Decimal("0.01"), max_digits=10, decimal_places=2,
        help_text="At most what was asked for and the fund's largest grant.",
    )  # fmt: skip
    on = forms.DateField(label="Decided on", widget=DateInput())


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why it is declined", widget=forms.Textarea(attrs={"rows": 3}),
        max_length=APPLICATION_TEXT_MAX, help_text="The young person will be told this.",
    )  # fmt: skip
    on = forms.DateField(label="Decided on", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_text_limits(self)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="Paid on", widget=DateInput())
    amount = forms.DecimalField(
        label="Amount paid (£)", min_value=Decimal("0.01"), max_digits=10, decimal_places=2,
        help_text="Usually the award; less if the item cost less.",
    )  # fmt: skip
    method = forms.ChoiceField(label="How it was paid", choices=list(PAYMENT_METHODS.items()))
    reference = forms.CharField(
        label="Payment reference", max_length=100,
        help_text="The bank's or the supplier's reference, to find it again.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_text_limits(self)
        self.helper = helper(
            Row(Column("paid_on"), Column("amount")), Row(Column("method"), Column("reference")),
            button="Record the payment",
        )  # fmt: skip


class RoleForm(forms.ModelForm):
    class Meta:
        model = Funds4CareRole
        fields = ["role", "start_date", "training"]
        labels = {"role": "Role", "start_date": "From", "training": "Training"}
        help_texts = {"role": "Such as panel member, chair, or evaluator."}
        widgets = {"start_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_text_limits(self)
        self.helper = helper("role", "start_date", "training", button="Add the role")


class EndRoleForm(forms.Form):
    end_date = forms.DateField(label="Ended on", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper("end_date", button="End the role")
