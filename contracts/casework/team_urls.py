"""The team's pages: key workers, their activities and their performance reviews."""

from django.urls import path

from .views import team

urlpatterns = [
    path("key-workers/", team.key_workers, name="key_workers"),
    path("key-workers/add/", team.key_worker_add, name="key_worker_add"),
    path("key-workers/<int:key_worker_pk>/edit/", team.key_worker_edit, name="key_worker_edit"),
    path("key-workers/reviews/", team.performance_reviews, name="performance_reviews"),
    path(
        "key-workers/<int:key_worker_pk>/reviews/add/",
        team.performance_review_add,
        name="performance_review_add",
    ),
    path(
        "key-workers/reviews/<int:review_pk>/edit/",
        team.performance_review_edit,
        name="performance_review_edit",
    ),
    path("activities/", team.activities, name="activities"),
    path("activities/add/", team.activity_add, name="activity_add"),
    path("activities/<int:activity_pk>/edit/", team.activity_edit, name="activity_edit"),
]
