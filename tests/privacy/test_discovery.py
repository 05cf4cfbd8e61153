"""The export and the erasure find their tables from the models: a model pointing at a young
person is exported (and so erased), or left out with a reason, never silently missed."""

import pytest
from django.apps import apps
from django.db import models

from contracts.models import YoungPerson
from privacy.discovery import EXCLUDED, NOT_FOLLOWED, person_tables
from privacy.erasure import DELETED, ERASED_FIELDS, KEPT

pytestmark = pytest.mark.django_db


def points_at_young_person(model, seen=frozenset()) -> bool:
    """Any chain of foreign keys from `model` reaching a young person (every key followed)."""
    if model is YoungPerson:
        return True
    return any(
        field.related_model not in seen | {model}
        and points_at_young_person(field.related_model, seen | {model})
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is not None
    )


def live_models():
    return [m for m in apps.get_models() if getattr(m, "instance_type", None) is None]


def test_every_model_pointing_at_a_young_person_is_exported_or_excluded_with_a_reason():
    exported = {table.label for table in person_tables()}
    missed = [
        model._meta.label
        for model in live_models()
        if points_at_young_person(model)
        and model._meta.label not in exported
        and model._meta.label not in EXCLUDED
    ]
    assert missed == []
    assert all(reason.strip() for reason in [*EXCLUDED.values(), *NOT_FOLLOWED.values()])


def test_it_finds_the_tables_reached_through_other_records_and_their_history():
    labels = {table.label: table for table in person_tables()}
    # Two or three links away: a contact through its case, a goal's progress through the
    # review and the match.
    assert {"contracts.Contact", "contracts.PlanReview", "mentoring.GoalProgress"} <= set(labels)
    assert labels["contracts.Contact"].history is not None
    # A supervision points at its mentors from the other side (its link rows).
    assert "mentoring.Supervision" in labels


TEXT = (models.CharField, models.TextField, models.JSONField)


def test_every_text_field_of_a_table_about_a_young_person_is_erased_or_kept_with_a_reason():
    unclassified = []
    for table in person_tables():
        if table.label in DELETED:
            continue
        for field in table.model._meta.concrete_fields:
            name = f"{table.label}.{field.name}"
            if not isinstance(field, TEXT) or field.choices or field.name == "ref":
                continue  # codes and references: the figures count them
            if field.name in ERASED_FIELDS.get(table.label, ()) or name in KEPT:
                continue
            if isinstance(field, models.JSONField):
                continue  # lists of codes (needs, interests, concerns)
            unclassified.append(name)
    assert unclassified == []
