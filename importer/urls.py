from django.urls import path

from . import views

# Included from config/urls.py under /contracts/, beside the contract's own pages.
app_name = "importer"

urlpatterns = [
    path("<int:pk>/import/", views.import_page, name="import"),
    path("<int:pk>/import/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/import/cancel/", views.import_cancel, name="import_cancel"),
    path("<int:pk>/import/ssda903/", views.ssda903_check, name="ssda903"),
    path("<int:pk>/import/ssda903/confirm/", views.ssda903_confirm, name="ssda903_confirm"),
    path("<int:pk>/import/ssda903/cancel/", views.ssda903_cancel, name="ssda903_cancel"),
    path("import-template.xlsx", views.import_template, name="import_template"),
]
