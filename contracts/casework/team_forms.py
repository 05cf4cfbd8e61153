"""The team's forms: a key worker, a performance review, a key worker's activity, and the
activities list's filter. What record forms share (the owner from the URL, given references,
today's date, limits said beside each field) is RecordForm's (contracts/records/record_form.py).
"""

from __future__ import annotations

from typing import Any

import django_filters
from crispy_forms.layout import Column, Row
from django import forms
from django.db.models import OuterRef, Q, QuerySet, Subquery

from ..models import Contract, KeyWorker, KeyWorkerActivity, PerformanceReview, Role, User
from ..records.filters import filter_helper
from ..records.record_form import RecordForm

YES_NO = [(True, "Yes"), (False, "No")]
# A key worker's part in an activity, as they would say it (the codes of KEY_WORKER_ROLES).
ACTIVITY_PARTS = [("lead", "Led it"), ("support", "Supported it")]


def person_named(user: User) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class StaffChoiceField(forms.ModelChoiceField):
    """The provider's staff by name, each saying which key worker they already sign in as (the
    queryset's `post`), so the manager sees who is free before choosing."""

    def label_from_instance(self, user: User) -> str:
        post = getattr(user, "post", None)
        return f"{person_named(user)}, signs in as {post}" if post else person_named(user)


def provider_staff(contract: Contract) -> QuerySet[User]:
    """Who may sign in as one of the contract's key workers: its provider's managers and
    workers (never a panel member, a commissioner or another organisation's staff)."""
    return User.objects.filter(
        organisation_id=contract.provider_id,
        role__in=[Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER],
        is_active=True,
    )


class KeyWorkerForm(RecordForm):
    unique_fields = ("ref",)
    unique_message = "Another key worker on this contract has this reference."

    class Meta:
        model = KeyWorker
        fields = ["name", "ref", "user"]
        field_classes = {"user": StaffChoiceField}
        labels = {"user": "Who signs in as them"}
        help_texts = {
            "user": "One of the provider's staff, so that they see their own cases. "
            "Leave it empty if they do not sign in to Tamar."
        }

    def adapt_fields(self) -> None:
        field = self.fields["user"]
        staff = provider_staff(self.owner)
        if self.instance.user_id:
            # Kept even if they have since left or changed role, so saving a change to the
            # name does not drop who signs in.
            staff = User.objects.filter(Q(pk__in=staff.values("pk")) | Q(pk=self.instance.user_id))
        other_posts = self.owner.key_workers.filter(user=OuterRef("pk")).exclude(
            pk=self.instance.pk
        )
        field.queryset = staff.annotate(post=Subquery(other_posts.values("name")[:1])).order_by(
            "first_name", "last_name", "username"
        )
        field.empty_label = "Nobody: they do not sign in"

    def layout(self) -> list:
        return [Row(Column("name"), Column("ref")), "user"]

    def clean_user(self) -> User | None:
        user = self.cleaned_data.get("user")
        if user is None:
            return None
        # The database allows each person one post per contract (a UniqueConstraint); say so
        # beside the field rather than fail on save.
        taken = self.owner.key_workers.filter(user=user).exclude(pk=self.instance.pk).first()
        if taken:
            raise forms.ValidationError(
                f"{person_named(user)} already signs in as "
                f"{taken.name} ({taken.ref}) on this contract: each person can be one key "
                f"worker here."
            )
        return user


class PerformanceReviewForm(RecordForm):
    owner_field = "key_worker"
    unique_fields = ("date",)
    unique_message = "This key worker already has a review on this day: change that one."
    happened_on = "date"

    satisfactory = forms.TypedChoiceField(
        label="Was their performance satisfactory?",
        choices=YES_NO,
        coerce=lambda answer: answer == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
        help_text="This is A2.10's figure: the share of reviews that were satisfactory.",
    )

    class Meta:
        model = PerformanceReview
        fields = ["date", "satisfactory", "notes"]
        labels = {"date": "Date of the review"}
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"notes": "What went well, what to work on, anything agreed."}

    def layout(self) -> list:
        return [Row(Column("date", css_class="col-md-4")), "satisfactory", "notes"]


class ActivityForm(RecordForm):
    unique_fields = ("ref",)
    unique_message = "Another activity on this contract has this reference."
    happened_on = "date"

    class Meta:
        model = KeyWorkerActivity
        fields = ["key_worker", "date", "role", "title", "ref"]
        labels = {"role": "Their part", "title": "What the activity was"}
        widgets = {"role": forms.RadioSelect}

    def adapt_fields(self) -> None:
        self.fields["key_worker"].queryset = self.owner.key_workers.order_by("name")
        self.fields["key_worker"].empty_label = "Choose a key worker"
        # The codes without Django's empty "---------", which would be a third radio button.
        self.fields["role"].choices = ACTIVITY_PARTS
        self.fields["role"].help_text = "Activities led count in A2.8, those supported in A2.9."

    def layout(self) -> list:
        return [
            Row(Column("key_worker"), Column("date")),
            "role",
            "title",
            Row(Column("ref", css_class="col-md-6")),
        ]


class ActivityFilterForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = filter_helper("key_worker", "role")


class ActivityFilter(django_filters.FilterSet):
    key_worker = django_filters.ModelChoiceFilter(
        queryset=KeyWorker.objects.none(), empty_label="Any key worker"
    )
    role = django_filters.ChoiceFilter(
        label="Their part", choices=ACTIVITY_PARTS, empty_label="Led or supported"
    )

    class Meta:
        model = KeyWorkerActivity
        fields: list[str] = []
        form = ActivityFilterForm

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[KeyWorkerActivity] | None = None,
        *,
        contract: Contract,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        self.filters["key_worker"].queryset = contract.key_workers.order_by("name")


class PerformanceReviewFilterForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = filter_helper("key_worker", "satisfactory")


class PerformanceReviewFilter(django_filters.FilterSet):
    key_worker = django_filters.ModelChoiceFilter(
        queryset=KeyWorker.objects.none(), empty_label="Any key worker"
    )
    satisfactory = django_filters.BooleanFilter(
        label="Satisfactory",
        widget=forms.Select(choices=[("", "Either"), ("true", "Yes"), ("false", "No")]),
    )

    class Meta:
        model = PerformanceReview
        fields: list[str] = []
        form = PerformanceReviewFilterForm

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[PerformanceReview] | None = None,
        *,
        key_workers: QuerySet[KeyWorker],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        self.filters["key_worker"].queryset = key_workers
