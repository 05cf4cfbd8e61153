from django.contrib import admin
from django.urls import include, path

from contracts import views as contract_views
from kpis.returns import lists as return_lists

admin.site.site_header = "Tamar administration"
admin.site.site_title = "Tamar"

urlpatterns = [
    path("", contract_views.home, name="home"),
    # Django's login and password pages, and "Your sessions" (accounts/urls.py).
    path("accounts/", include("accounts.urls")),
    path("contracts/", include("contracts.urls")),
    # Importing records from a workbook or CSV files: /contracts/<pk>/import/... (importer/).
    path("contracts/", include("importer.urls")),
    path("contracts/<int:pk>/kpis/", include("kpis.pages.urls")),
    path("contracts/<int:pk>/returns/", include("kpis.returns.urls")),
    path("contracts/<int:pk>/funds4care/", include("funds4care.urls")),
    path("contracts/<int:pk>/mentoring/", include("mentoring.urls")),
    # The downloads: a return as .xlsx and .pdf, a year as a board report (reports/urls.py).
    path("contracts/<int:pk>/", include("reports.urls")),
    # Who saw a young person: the audit's rows naming them (audit/, administrators only).
    path("contracts/<int:pk>/young-people/<int:young_person_pk>/seen-by/", include("audit.urls")),
    # A young person's subject access export, legal holds and erasure (privacy/, administrators).
    path("contracts/<int:pk>/young-people/<int:young_person_pk>/privacy/", include("privacy.urls")),
    path("returns/overdue/", return_lists.overdue_list, name="overdue_returns"),
    path("dashboard/", include("kpis.dashboard.urls")),
    # The youth panel's pages (/panel/...) and the chair's moderation of a round (funds4care).
    path("", include("funds4care.panel_urls")),
    path("admin/", admin.site.urls),
]
