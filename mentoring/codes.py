"""Peer mentoring's own lists, in the specification's words (Cornwall's specification, section
"Peer Mentoring Programmes" and section 11; ../shared/spec/000_*.txt). The records keep the
codes; screens show the words. The training modules and appointment types are the KPI rules'
(contracts.codes: MENTOR_MODULES, APPOINTMENT_TYPES), as 1.6 and 1.11 count them."""

from __future__ import annotations

# What a mentee or mentor is into: shared interests make a suggested match.
INTERESTS = {
    "sport": "Sport and fitness",
    "music": "Music",
    "art": "Art and making things",
    "gaming": "Gaming",
    "cooking": "Cooking",
    "outdoors": "The outdoors",
    "animals": "Animals",
    "drama": "Drama and performing",
    "reading": "Reading and writing",
    "tech": "Computers and technology",
    "college": "College and study",
    "work": "Work and apprenticeships",
    "independent_living": "Living independently",
    "fashion": "Fashion and beauty",
}

# What a mentee hopes a mentor helps with (the specification's "emotional and practical
# support": transitions, appointments, opportunities).
NEEDS = {
    "transition": "A change: leaving care, a new school, college or job",
    "appointments": "Getting to appointments and services",
    "confidence": "Confidence and making friends",
    "education": "School, college or training",
    "work": "Finding work",
    "living_skills": "Money, cooking and looking after a home",
    "interests": "Trying new interests and skills",
    "wellbeing": "Someone to talk to",
}

MENTEE_GENDER_PREFERENCES = {
    "": "No preference",
    "female": "A female mentor",
    "male": "A male mentor",
}

# How a match ended (issue 14).
CLOSURE_REASONS = {
    "goals_met": "The mentee's goals were met",
    "mentee_withdrew": "The mentee chose to stop",
    "mentor_left": "The mentor left",
    "twelve_months": "It reached 12 months",
    "other": "Another reason (in the note)",
}

# A goal's progress at a review.
NOT_STARTED, SOME, GOOD, ACHIEVED = "not_started", "some", "good", "achieved"
GOAL_PROGRESS = {
    NOT_STARTED: "Not started yet",
    SOME: "Some progress",
    GOOD: "Good progress",
    ACHIEVED: "Achieved",
}

# "1-1 and group supervision ... peer support meetings", each with "risk and safeguarding as
# standing items" (section "Staff Supervision"); wellbeing is the issue's third.
SUPERVISION_KINDS = {
    "one_to_one": "1-1 supervision",
    "group": "Group supervision",
    "peer_support": "Peer-support meeting",
}

# "professional supervision at least monthly": a mentor with none for longer is flagged.
SUPERVISION_MONTHS = 1

# A mentor who is a young person is at least this many years older than their mentee; a
# smaller gap is said as a caution, a younger mentor is not suggested.
MIN_AGE_GAP = 2

# A review (or a DBS renewal) this close is shown as due.
DUE_SOON_DAYS = 14

# How many mentees a mentor may have at once, at most (each mentor's own setting).
MAX_MATCHES = 3
