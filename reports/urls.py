"""The downloads (included under contracts/<int:pk>/, so every view gets the contract's `pk`):
at the same addresses as the pages they belong to."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("returns/<int:return_id>/return.xlsx", views.return_xlsx, name="return_xlsx"),
    path("returns/<int:return_id>/return.pdf", views.return_pdf, name="return_pdf"),
    path("kpis/<int:year>/board-report.csv", views.board_report, name="board_report"),
]
