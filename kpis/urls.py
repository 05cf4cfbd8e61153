"""A contract's KPI pages (included under contracts/<int:pk>/kpis/, so every view gets `pk`)."""

from django.urls import path

from . import report_views, views

app_name = "kpis"

urlpatterns = [
    path("", views.kpi_table, name="table"),
    path("<int:year>/targets/", views.targets_edit, name="targets"),
    path("<int:year>/board-report.csv", report_views.board_report, name="board_report"),
    path("trend/<str:code>/", report_views.trend, name="trend"),
    path("<int:year>/<str:period>/<str:code>/", views.figure_records, name="records"),
]
