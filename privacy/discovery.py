"""Which tables hold rows about a young person, found from the models' foreign keys rather than
listed by hand, so a table added later is exported and erased without anyone remembering.

A row is about a young person when one of its foreign keys leads to them: directly
(`CareStatus.young_person`), or through a record that is about them (`Contact.case`, whose case
is theirs). Each model's history table (django-simple-history) has the same foreign-key
columns, so the same condition picks its history rows; and because a record may since have been
deleted, a parent counts as theirs when either its live row or any of its history rows says so
(a deleted case's contacts are still found through the case's history).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, reduce
from operator import or_

from django.apps import apps
from django.db.models import Model, Q, QuerySet

from contracts.models import YoungPerson

# Foreign keys not followed, with the reason. A match belongs to its mentee: when the young
# person is someone else's peer mentor, their mentor record (and its training and
# supervisions) is theirs, but the mentee's match, goals and reviews are the mentee's.
NOT_FOLLOWED: dict[tuple[str, str], str] = {
    ("mentoring.Match", "mentor"): "a match, its goals and reviews are the mentee's record; "
    "the mentor's own records are their mentor row, training and supervisions",
}

# Models about a young person that point at them only from the other side: a supervision
# meeting is about the mentors present (its link rows point at them).
REACHED_THROUGH: dict[str, tuple[str, str]] = {
    "mentoring.Supervision": ("mentoring.SupervisionMentor", "supervision"),
}

# Models with a foreign key path to a young person that are neither exported nor erased, with
# the reason (tests/privacy/test_discovery.py fails for a model that is in neither list).
EXCLUDED: dict[str, str] = {}


@dataclass(frozen=True)
class Table:
    model: type[Model]

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def history(self) -> type[Model] | None:
        return history_model(self.model)

    def rows(self, person_pk: int) -> QuerySet:
        return self.model._base_manager.filter(condition(self.model, person_pk))

    def history_rows(self, person_pk: int) -> QuerySet | None:
        history = self.history
        if history is None:
            return None
        return history._base_manager.filter(condition(self.model, person_pk))


def history_model(model: type[Model]) -> type[Model] | None:
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def _followed(model: type[Model]):
    """(field, target) for each foreign key of a live model that is followed."""
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is None or (model._meta.label, field.name) in NOT_FOLLOWED:
            continue
        yield field, target


@cache
def leads_to_person(model: type[Model], _seen: frozenset = frozenset()) -> bool:
    # A model reached through its link rows is about the person but leads nowhere itself
    # (following it back would go round in a circle).
    if model is YoungPerson:
        return True
    if model in _seen or model._meta.label in EXCLUDED:
        return False
    return any(
        leads_to_person(target, _seen | {model})
        for _field, target in _followed(model)
        if target is not model
    )


def condition(model: type[Model], person_pk: int) -> Q:
    """The rows of `model` about the young person, as a condition on its own columns: the
    same columns its history table has, so it selects history rows too."""
    if model is YoungPerson:
        return Q(id=person_pk)
    parts = []
    if model._meta.label in REACHED_THROUGH:
        link_label, link_field = REACHED_THROUGH[model._meta.label]
        link = apps.get_model(link_label)
        column = link._meta.get_field(link_field).attname
        parts += [Q(id__in=ids) for ids in id_subqueries(link, person_pk, column)]
    for field, target in _followed(model):
        if target is YoungPerson:
            parts.append(Q(**{field.attname: person_pk}))
        elif target is not model and leads_to_person(target):
            parts += [
                Q(**{f"{field.attname}__in": ids}) for ids in id_subqueries(target, person_pk)
            ]
    return reduce(or_, parts)


def id_subqueries(model: type[Model], person_pk: int, column: str = "id") -> list[QuerySet]:
    """The ids (or `column`) of a model's rows about the person, from its live rows and from
    its history rows (a record deleted since)."""
    where = condition(model, person_pk)
    found = [model._base_manager.filter(where).values(column)]
    history = history_model(model)
    if history is not None:
        found.append(history._base_manager.filter(where).values(column))
    return found


@cache
def person_tables() -> tuple[Table, ...]:
    """Every model with rows about a young person, the young person first, then by app and
    model in the order Django lists them (so the export reads in a steady order)."""
    found = [
        model
        for model in apps.get_models()
        if model is not YoungPerson
        and getattr(model, "instance_type", None) is None
        and model._meta.label not in EXCLUDED
        and (leads_to_person(model) or model._meta.label in REACHED_THROUGH)
    ]
    return (Table(YoungPerson), *map(Table, found))
