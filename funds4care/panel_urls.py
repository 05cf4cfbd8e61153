"""The youth panel's pages (/panel/...) and the chair's moderation of a round, which sits on
the contract's pages so that contract_for answers 404 to every other organisation."""

from django.urls import path

from .panel import moderation, views

app_name = "f4c_panel"

urlpatterns = [
    path("panel/", views.home, name="home"),
    path("panel/rounds/<int:round_pk>/", views.round_detail, name="round"),
    path(
        "panel/rounds/<int:round_pk>/applications/<int:application_pk>/",
        views.application_detail,
        name="application",
    ),
    path(
        "contracts/<int:pk>/funds4care/rounds/<int:round_pk>/moderation/",
        moderation.moderation,
        name="moderation",
    ),
    path(
        "contracts/<int:pk>/funds4care/rounds/<int:round_pk>/moderation/"
        "<int:application_pk>/<str:action>/",
        moderation.decide,
        name="decide",
    ),
]
