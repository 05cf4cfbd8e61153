"""A contract's peer mentoring (included under contracts/<int:pk>/mentoring/, so every view
gets `pk`, the contract)."""

from django.urls import path

from .views import matches, mentors, overview, referrals, supervision

app_name = "mentoring"

MENTOR = "mentors/<int:mentor_pk>"
REFERRAL = "referrals/<int:referral_pk>"
MATCH = "matches/<int:match_pk>"

urlpatterns = [
    path("", overview.overview, name="overview"),
    # Mentors, their training and supervision (mentors.py, supervision.py).
    path("mentors/", mentors.mentors, name="mentors"),
    path("mentors/add/", mentors.mentor_add, name="mentor_add"),
    path(f"{MENTOR}/", mentors.mentor_detail, name="mentor_detail"),
    path(f"{MENTOR}/edit/", mentors.mentor_edit, name="mentor_edit"),
    path(f"{MENTOR}/training/", mentors.training_record, name="training_record"),
    path("supervision/", supervision.supervisions, name="supervisions"),
    path("supervision/add/", supervision.supervision_add, name="supervision_add"),
    # Mentees referred, matching them, and their matches (referrals.py, matches.py).
    path("referrals/", referrals.referrals, name="referrals"),
    path("referrals/add/", referrals.referral_add, name="referral_add"),
    path(f"{REFERRAL}/", referrals.referral_detail, name="referral_detail"),
    path(f"{REFERRAL}/match/", referrals.referral_match, name="referral_match"),
    path(f"{REFERRAL}/withdraw/", referrals.referral_withdraw, name="referral_withdraw"),
    path("matches/", matches.matches, name="matches"),
    path(f"{MATCH}/", matches.match_detail, name="match_detail"),
    path(f"{MATCH}/goals/add/", matches.goal_add, name="goal_add"),
    path(f"{MATCH}/reviews/add/", matches.review_add, name="review_add"),
    path(f"{MATCH}/appointments/add/", matches.appointment_add, name="appointment_add"),
    path(f"{MATCH}/close/", matches.match_close, name="match_close"),
]
