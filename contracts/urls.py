from django.urls import include, path

from . import views

app_name = "contracts"

urlpatterns = [
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/edit/", views.contract_edit, name="edit"),
    path("<int:pk>/history/", views.contract_history, name="history"),
    # Young people, sessions and the other records (contracts/records/urls.py).
    path("<int:pk>/", include("contracts.records.urls")),
    # Referrals, caseloads, cases and the team (contracts/casework/urls.py).
    path("<int:pk>/casework/", include("contracts.casework.urls")),
]
