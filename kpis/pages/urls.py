"""A contract's KPI pages (included under contracts/<int:pk>/kpis/, so every view gets `pk`)."""

from django.urls import path

from . import round_report_views, trend, views

app_name = "kpis"

urlpatterns = [
    path("", views.kpi_table, name="table"),
    path("<int:year>/targets/", views.targets_edit, name="targets"),
    path("trend/<str:code>/", trend.trend, name="trend"),
    path("<int:year>/<str:period>/<str:code>/", views.figure_records, name="records"),
    path(
        "funds4care/rounds/<int:round_pk>/",
        round_report_views.round_report_page,
        name="f4c_round_report",
    ),
    path(
        "funds4care/rounds/<int:round_pk>/report.csv",
        round_report_views.round_report_csv,
        name="f4c_round_report_csv",
    ),
]
