"""Casework pages, under /contracts/<pk>/casework/ (included from contracts/urls.py, so the names
are in the `contracts` namespace and `pk` is always the contract)."""

from django.urls import include, path

from .views import caseloads, cases, referrals

CASE = "cases/<int:case_pk>"

urlpatterns = [
    path("", caseloads.caseloads, name="caseloads"),
    path("mine/", caseloads.my_cases, name="my_cases"),
    path("referrals/", referrals.referrals, name="referrals"),
    path("referrals/add/", referrals.referral_add, name="referral_add"),
    path("referrals/<int:referral_pk>/", referrals.referral_detail, name="referral_detail"),
    path(
        "referrals/<int:referral_pk>/allocate/",
        referrals.referral_allocate,
        name="referral_allocate",
    ),
    path(f"{CASE}/", cases.case_detail, name="case_detail"),
    path(f"{CASE}/contacts/add/", cases.contact_add, name="contact_add"),
    path(f"{CASE}/contacts/<int:record_pk>/edit/", cases.contact_edit, name="contact_edit"),
    path(f"{CASE}/contacts/plan/", cases.planned_contact_add, name="planned_contact_add"),
    path(f"{CASE}/assessments/add/", cases.assessment_add, name="assessment_add"),
    path(
        f"{CASE}/assessments/<int:record_pk>/edit/",
        cases.assessment_edit,
        name="assessment_edit",
    ),
    path(f"{CASE}/plans/add/", cases.plan_add, name="plan_add"),
    path(f"{CASE}/plans/<int:record_pk>/review/", cases.plan_review_add, name="plan_review_add"),
    path(f"{CASE}/close/", cases.case_close, name="case_close"),
    # Key workers, their activities and performance reviews (team.py).
    path("", include("contracts.casework.team_urls")),
]
