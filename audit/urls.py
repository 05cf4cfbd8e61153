"""Who saw a young person, under /contracts/<pk>/young-people/<young_person_pk>/seen-by/
(config/urls.py): administrators only."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.young_person_audit, name="young_person"),
    path("seen-by.csv", views.young_person_audit_csv, name="young_person_csv"),
]
