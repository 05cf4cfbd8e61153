"""A contract's Funds4 Care (included under contracts/<int:pk>/funds4care/, so every view gets
`pk`)."""

from django.urls import path

from .views import applications, provider, roles

app_name = "funds4care"

APPLICATION = "applications/<int:application_id>/"

urlpatterns = [
    path("", provider.home, name="home"),
    path("funds/<int:year>/", provider.fund_edit, name="fund_edit"),
    path("funds/<int:year>/open/", provider.fund_open, name="fund_open"),
    path("funds/<int:year>/rounds/add/", provider.round_edit, name="round_add"),
    path("funds/<int:year>/rounds/<int:round_id>/", provider.round_edit, name="round_edit"),
    path("applications/add/", applications.application_form, name="application_add"),
    path(APPLICATION, applications.application_detail, name="application"),
    path(f"{APPLICATION}edit/", applications.application_form, name="application_edit"),
    path(f"{APPLICATION}withdraw/", applications.application_withdraw, name="withdraw"),
    path(f"{APPLICATION}decide/", applications.application_decide, name="decide"),
    path(f"{APPLICATION}payment/", applications.application_payment, name="payment"),
    path(
        f"{APPLICATION}onward-support/",
        applications.application_onward_support,
        name="onward_support",
    ),
    path(f"{APPLICATION}files/", applications.file_add, name="file_add"),
    path(f"{APPLICATION}files/<int:file_id>/", applications.file_download, name="file"),
    path(f"{APPLICATION}files/<int:file_id>/remove/", applications.file_remove, name="file_remove"),
    path("young-people/<int:young_person_pk>/roles/add/", roles.role_add, name="role_add"),
    path(
        "young-people/<int:young_person_pk>/roles/<int:role_id>/end/",
        roles.role_end,
        name="role_end",
    ),
]
