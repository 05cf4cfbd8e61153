"""When a mentor is trained: the one place that says so (kpi-rules.md, 1.6).

A mentor is *trained* on the date they completed the last of the required modules: for each
module its earliest completion, and the latest of those (a refresher moves nothing). The KPI
engine counts 1.6 and 1.7 from `with_trained_on`; the screens show the same date from it, so a
mentor's page and the return never disagree.
"""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Greatest

from contracts.codes import MENTOR_MODULES

from .models import Mentor, MentorTraining

REQUIRED_MODULES = tuple(MENTOR_MODULES)


def with_first_completions(mentors: QuerySet[Mentor]) -> QuerySet[Mentor]:
    """Each mentor with `first_<module>`: the day they first completed it (None: not yet)."""
    return mentors.annotate(
        **{
            f"first_{module}": Subquery(
                MentorTraining.objects.filter(mentor=OuterRef("pk"), module=module)
                .order_by("completed_date")
                .values("completed_date")[:1]
            )
            for module in REQUIRED_MODULES
        }
    )


def trained(mentors: QuerySet[Mentor]) -> QuerySet[Mentor]:
    """The mentors who completed every required module, with `trained_on`."""
    names = [f"first_{module}" for module in REQUIRED_MODULES]
    return (
        with_first_completions(mentors)
        # Every module done: only then is the latest a trained date (PostgreSQL's GREATEST
        # skips nulls, SQLite's MAX does not; with none null they agree).
        .filter(**{f"{name}__isnull": False for name in names})
        .annotate(trained_on=Greatest(*[F(name) for name in names]))
    )


def with_training_state(mentors: QuerySet[Mentor]) -> QuerySet[Mentor]:
    """Every mentor with `modules_done` (distinct required modules completed) and `trained_on`
    (None until all are done), for the screens' lists: one query, however many mentors."""
    trained_on = trained(Mentor.objects.filter(pk=OuterRef("pk"))).values("trained_on")[:1]
    return mentors.annotate(
        modules_done=Subquery(
            MentorTraining.objects.filter(mentor=OuterRef("pk"), module__in=REQUIRED_MODULES)
            .order_by()
            .values("mentor")
            .annotate(n=Count("module", distinct=True))
            .values("n")[:1]
        ),
        trained_on=Subquery(trained_on),
    )
