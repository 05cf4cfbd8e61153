"""A contract's records, under /contracts/<pk>/ (included from contracts/urls.py, so the names
are in the `contracts` namespace and `pk` is always the contract)."""

from django.urls import path

from .views import funding, initiatives, sessions, young_people

YOUNG_PERSON = "young-people/<int:young_person_pk>"

urlpatterns = [
    path("young-people/", young_people.young_people, name="young_people"),
    path("young-people/add/", young_people.young_person_add, name="young_person_add"),
    path(f"{YOUNG_PERSON}/", young_people.young_person_detail, name="young_person_detail"),
    path(f"{YOUNG_PERSON}/edit/", young_people.young_person_edit, name="young_person_edit"),
    path(f"{YOUNG_PERSON}/care-status/add/", young_people.care_status_add, name="care_status_add"),
    path(
        f"{YOUNG_PERSON}/care-status/<int:record_pk>/edit/",
        young_people.care_status_edit,
        name="care_status_edit",
    ),
    path(f"{YOUNG_PERSON}/placements/add/", young_people.placement_add, name="placement_add"),
    path(
        f"{YOUNG_PERSON}/placements/<int:record_pk>/edit/",
        young_people.placement_edit,
        name="placement_edit",
    ),
    path(
        f"{YOUNG_PERSON}/outcomes/add/",
        young_people.outcome_assessment_add,
        name="outcome_assessment_add",
    ),
    path(
        f"{YOUNG_PERSON}/outcomes/<int:record_pk>/edit/",
        young_people.outcome_assessment_edit,
        name="outcome_assessment_edit",
    ),
    path(f"{YOUNG_PERSON}/feedback/add/", young_people.feedback_add, name="feedback_add"),
    path(
        f"{YOUNG_PERSON}/feedback/<int:record_pk>/edit/",
        young_people.feedback_edit,
        name="feedback_edit",
    ),
    path(f"{YOUNG_PERSON}/information/add/", young_people.information_add, name="information_add"),
    path(
        f"{YOUNG_PERSON}/information/<int:record_pk>/edit/",
        young_people.information_edit,
        name="information_edit",
    ),
    path(
        f"{YOUNG_PERSON}/accreditations/add/",
        young_people.accreditation_add,
        name="accreditation_add",
    ),
    path(
        f"{YOUNG_PERSON}/accreditations/<int:record_pk>/edit/",
        young_people.accreditation_edit,
        name="accreditation_edit",
    ),
    path("sessions/", sessions.sessions, name="sessions"),
    path("sessions/add/", sessions.session_add, name="session_add"),
    path("sessions/<int:session_pk>/", sessions.session_register, name="session_register"),
    path("sessions/<int:session_pk>/edit/", sessions.session_edit, name="session_edit"),
    path("initiatives/", initiatives.initiatives, name="initiatives"),
    path("initiatives/add/", initiatives.initiative_add, name="initiative_add"),
    path(
        "initiatives/<int:initiative_pk>/edit/", initiatives.initiative_edit, name="initiative_edit"
    ),
    path("additional-funding/", funding.additional_funding, name="additional_funding"),
    path("additional-funding/add/", funding.additional_funding_add, name="additional_funding_add"),
    path(
        "additional-funding/<int:funding_pk>/edit/",
        funding.additional_funding_edit,
        name="additional_funding_edit",
    ),
]
