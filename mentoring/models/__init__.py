"""Peer mentoring's models, by subject: mentors, their training and supervision (mentors.py);
mentees referred, matches and what happens in them (matches.py)."""

from .matches import (
    GoalProgress,
    Match,
    MatchGoal,
    MatchReview,
    MenteeReferral,
    SupportedAppointment,
)
from .mentors import Mentor, MentorTraining, Supervision, SupervisionMentor

__all__ = [
    "GoalProgress",
    "Match",
    "MatchGoal",
    "MatchReview",
    "MenteeReferral",
    "Mentor",
    "MentorTraining",
    "SupervisionMentor",
    "Supervision",
    "SupportedAppointment",
]
