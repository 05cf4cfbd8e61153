"""A young person's subject access export, legal holds and erasure, under
/contracts/<pk>/young-people/<young_person_pk>/privacy/ (config/urls.py): administrators only."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.young_person_privacy, name="young_person"),
    path("subject-access.zip", views.export, name="export"),
    path("hold/", views.hold, name="hold"),
    path("hold/lift/", views.lift, name="lift"),
    path("erase/", views.erase, name="erase"),
]
