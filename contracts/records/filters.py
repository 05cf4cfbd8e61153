"""List filters for a contract's records (django-filter), each with its crispy layout."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.db.models import QuerySet

from ..codes import AGE_BANDS, CARE_STATUSES, SESSION_TYPES, choices
from ..forms import DateInput
from ..models import Contract, Session, YoungPerson
from .queries import name_or_ref_matches


def locality_choices(contract: Contract, recorded: QuerySet) -> list[tuple[str, str]]:
    """The contract's localities in its own order, then any others its records have (an
    import may bring any, a list may have lost one), so every record can be found."""
    listed = list(contract.localities)
    others = set(recorded.order_by().values_list("locality", flat=True).distinct()) - set(listed)
    return [(name, name) for name in [*listed, *sorted(others)]]


def filter_helper(*columns: str) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.form_class = "filter-form mb-3"
    helper.layout = Layout(
        Row(
            *(Column(name, css_class="col-sm-6 col-lg") for name in columns),
            Column(
                Submit("filter", "Filter", css_class="btn-primary"),
                # Static markup only: crispy renders HTML() as a template.
                HTML('<a class="btn btn-link" href="?">Clear</a>'),
                css_class="col-auto d-flex align-items-end mb-3",
            ),
            css_class="align-items-end",
        )
    )
    return helper


class YoungPersonFilterForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = filter_helper("q", "locality", "care_status", "age_band")


class YoungPersonFilter(django_filters.FilterSet):
    """Young people by locality, search, and care status and age band on a given day (today
    in the view). Care status and age band are database expressions, never Python loops."""

    q = django_filters.CharFilter(label="Name or reference", method="search")
    locality = django_filters.ChoiceFilter(choices=[], empty_label="Any locality")
    care_status = django_filters.ChoiceFilter(
        label="Care status today",
        choices=choices(CARE_STATUSES),
        method="with_care_status",
        empty_label="Any care status",
    )
    age_band = django_filters.ChoiceFilter(
        label="Age band today",
        choices=choices(AGE_BANDS),
        method="in_age_band",
        empty_label="Any age",
    )

    class Meta:
        model = YoungPerson
        fields: list[str] = []
        form = YoungPersonFilterForm

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[YoungPerson] | None = None,
        *,
        contract: Contract,
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        self.today = today
        self.filters["locality"].extra["choices"] = locality_choices(
            contract, contract.young_people.all()
        )

    def search(self, queryset: QuerySet[YoungPerson], name: str, value: str):
        return queryset.filter(name_or_ref_matches(value))

    def with_care_status(self, queryset: QuerySet[YoungPerson], name: str, value: str):
        return queryset.with_care_status_on(self.today).filter(care_status=value)

    def in_age_band(self, queryset: QuerySet[YoungPerson], name: str, value: str):
        return queryset.in_age_band(value, self.today)


class SessionFilterForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = filter_helper("session_type", "locality", "date_from", "date_to")


class SessionFilter(django_filters.FilterSet):
    session_type = django_filters.ChoiceFilter(
        label="Type", choices=choices(SESSION_TYPES), empty_label="Any type"
    )
    locality = django_filters.ChoiceFilter(choices=[], empty_label="Any locality")
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label="From", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label="To", widget=DateInput()
    )

    class Meta:
        model = Session
        fields: list[str] = []
        form = SessionFilterForm

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Session] | None = None,
        *,
        contract: Contract,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        self.filters["locality"].extra["choices"] = locality_choices(
            contract, contract.sessions.all()
        )
