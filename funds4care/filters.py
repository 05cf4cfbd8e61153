"""The applications list's filters: round, status and the young person."""

from __future__ import annotations

from typing import Any

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.db.models import Q, QuerySet

from contracts.models import Contract

from .models import Application, Round

# Each status, as a filter on the database (Application.status says it of one application).
STATUS_FILTERS: dict[str, tuple[str, Q]] = {
    "draft": ("Draft", Q(stage="draft")),
    "submitted": ("Submitted, to decide", Q(stage="submitted", decision="pending")),
    "approved": ("Approved, to pay", Q(decision="approved", payment__isnull=True)),
    "paid": ("Paid", Q(decision="approved", payment__isnull=False)),
    "declined": ("Declined", Q(decision="declined")),
    "withdrawn": ("Withdrawn", Q(stage="withdrawn")),
}


class ApplicationFilterForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                *(Column(name, css_class="col-sm-6 col-lg") for name in ("q", "round", "status")),
                Column(
                    Submit("filter", "Filter", css_class="btn-primary"),
                    HTML('<a class="btn btn-link" href="?">Clear</a>'),
                    css_class="col-auto d-flex align-items-end mb-3",
                ),
                css_class="align-items-end",
            )
        )


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Young person", method="search")
    round = django_filters.ModelChoiceFilter(queryset=Round.objects.none(), empty_label="Any round")
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(code, label) for code, (label, _q) in STATUS_FILTERS.items()],
        method="with_status",
        empty_label="Any status",
    )

    class Meta:
        model = Application
        fields: list[str] = []
        form = ApplicationFilterForm

    def __init__(
        self, data: Any = None, queryset: QuerySet | None = None, *, contract: Contract,
        names: bool, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(data, queryset, **kwargs)
        self.names = names
        self.filters["round"].queryset = Round.objects.filter(fund__contract=contract).order_by(
            "-opens_on"
        )
        self.filters["q"].label = "Young person's name or reference" if names else "Reference"

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for word in value.split():
            found = Q(ref__icontains=word) | Q(young_person__ref__icontains=word)
            if self.names:
                found |= Q(young_person__first_name__icontains=word) | Q(
                    young_person__last_name__icontains=word
                )
            condition &= found
        return queryset.filter(condition)

    def with_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(STATUS_FILTERS[value][1])
