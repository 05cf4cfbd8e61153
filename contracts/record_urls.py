"""A contract's records, under /contracts/<pk>/ (included from contracts/urls.py, so the names
are in the `contracts` namespace and `pk` is always the contract)."""

from django.urls import path

from . import record_views as views

YOUNG_PERSON = "young-people/<int:young_person_pk>"

urlpatterns = [
    path("young-people/", views.young_people, name="young_people"),
    path("young-people/add/", views.young_person_add, name="young_person_add"),
    path(f"{YOUNG_PERSON}/", views.young_person_detail, name="young_person_detail"),
    path(f"{YOUNG_PERSON}/edit/", views.young_person_edit, name="young_person_edit"),
    path(f"{YOUNG_PERSON}/care-status/add/", views.care_status_add, name="care_status_add"),
    path(
        f"{YOUNG_PERSON}/care-status/<int:record_pk>/edit/",
        views.care_status_edit,
        name="care_status_edit",
    ),
    path(f"{YOUNG_PERSON}/placements/add/", views.placement_add, name="placement_add"),
    path(
        f"{YOUNG_PERSON}/placements/<int:record_pk>/edit/",
        views.placement_edit,
        name="placement_edit",
    ),
    path(
        f"{YOUNG_PERSON}/outcomes/add/",
        views.outcome_assessment_add,
        name="outcome_assessment_add",
    ),
    path(
        f"{YOUNG_PERSON}/outcomes/<int:record_pk>/edit/",
        views.outcome_assessment_edit,
        name="outcome_assessment_edit",
    ),
    path(f"{YOUNG_PERSON}/feedback/add/", views.feedback_add, name="feedback_add"),
    path(
        f"{YOUNG_PERSON}/feedback/<int:record_pk>/edit/",
        views.feedback_edit,
        name="feedback_edit",
    ),
    path(f"{YOUNG_PERSON}/information/add/", views.information_add, name="information_add"),
    path(
        f"{YOUNG_PERSON}/information/<int:record_pk>/edit/",
        views.information_edit,
        name="information_edit",
    ),
    path(f"{YOUNG_PERSON}/accreditations/add/", views.accreditation_add, name="accreditation_add"),
    path(
        f"{YOUNG_PERSON}/accreditations/<int:record_pk>/edit/",
        views.accreditation_edit,
        name="accreditation_edit",
    ),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/add/", views.session_add, name="session_add"),
    path("sessions/<int:session_pk>/", views.session_register, name="session_register"),
    path("sessions/<int:session_pk>/edit/", views.session_edit, name="session_edit"),
    path("initiatives/", views.initiatives, name="initiatives"),
    path("initiatives/add/", views.initiative_add, name="initiative_add"),
    path("initiatives/<int:initiative_pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path("additional-funding/", views.additional_funding, name="additional_funding"),
    path("additional-funding/add/", views.additional_funding_add, name="additional_funding_add"),
    path(
        "additional-funding/<int:funding_pk>/edit/",
        views.additional_funding_edit,
        name="additional_funding_edit",
    ),
]
