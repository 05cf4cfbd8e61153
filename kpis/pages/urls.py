"""A contract's KPI pages (included under contracts/<int:pk>/kpis/, so every view gets `pk`)."""

from django.urls import path

from . import trend, views

app_name = "kpis"

urlpatterns = [
    path("", views.kpi_table, name="table"),
    path("<int:year>/targets/", views.targets_edit, name="targets"),
    path("trend/<str:code>/", trend.trend, name="trend"),
    path("<int:year>/<str:period>/<str:code>/", views.figure_records, name="records"),
]
