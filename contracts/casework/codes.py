"""The Young Person's Team's own lists, in the specification's words (Wolverhampton's
specification, sections 3.2 and 3.5; ../shared/spec/003_*.txt): who may be referred and why,
what a contact is, and how a case ends. The records keep the codes; screens show the words."""

from __future__ import annotations

# Section 3.2.1: "young people, aged 11 to 16 (at point of referral once referred, support
# will not stop simply because of age)".
REFERRAL_AGES = (11, 16)

# Section 3.5.1: a child in need or child protection plan, an early help plan, or looked after
# and at the residential assessment unit, in placement instability or stepping down.
REFERRAL_SOURCES = {
    "child_in_need": "Child in need plan",
    "child_protection": "Child protection plan",
    "early_help": "Early help plan",
    "looked_after_assessment_unit": "Looked after: residential assessment unit",
    "looked_after_instability": "Looked after: placement instability",
    "looked_after_step_down": "Looked after: planned step-down towards independence",
}

# Section 3.2.1 a) to g).
REFERRAL_CONCERNS = {
    "missing": "Missing episodes",
    "sexual_exploitation": "Risk of child sexual exploitation",
    "gang_exploitation": "Risk of gang exploitation",
    "substance_misuse": "Substance misuse",
    "school_exclusion": "Exclusion from school",
    "violence_at_home": "Violence towards other people within the home",
    "criminal_behaviour": "Criminal or antisocial behaviour",
}

# The team manager's screening decision.
PENDING = "pending"
ACCEPTED = "accepted"
DECLINED = "declined"
SIGNPOSTED = "signposted"
REFERRAL_DECISIONS = {
    PENDING: "Waiting for screening",
    ACCEPTED: "Accepted",
    DECLINED: "Declined",
    SIGNPOSTED: "Signposted elsewhere",
}

CONTACT_KINDS = {
    "visit": "Visit",
    "phone": "Phone call",
    "text_online": "Text or online",
    "family": "With family",
    "multi_agency": "Multi-agency meeting",
}

CLOSURE_OUTCOMES = {
    "goals_met": "The plan's goals were met",
    "goals_partly_met": "Some of the plan's goals were met",
    "goals_not_met": "The plan's goals were not met",
}
CLOSURE_REASONS = {
    "work_complete": "The work is complete",
    "young_person_ended": "The young person chose to stop",
    "stepped_up": "Stepped up to statutory services",
    "stepped_down": "Stepped down to early help or universal services",
    "moved_away": "Moved out of the area",
    "custody": "Entered custody",
    "other": "Another reason (in the note)",
}

# Section 3.5.2: "a caseload of approximately 10 young people ... the typical length of
# involvement will be between 6 and 12 months": the contract's defaults.
DEFAULT_CASELOAD = 10
DEFAULT_INVOLVEMENT_MONTHS = (6, 12)

# Section 4.2.3: key workers' performance reviews "at least quarterly in Year 1 of the contract
# and at least 6 monthly in subsequent years" (Appendix 2 says "quarterly for first 6 months",
# which 4.2.3 contradicts; 4.2.3 is the rule the reviews are scheduled by).
REVIEW_MONTHS_FIRST_YEAR = 3
REVIEW_MONTHS_AFTER = 6

# A support plan is reviewed three months after it is agreed, unless the worker says otherwise.
PLAN_REVIEW_MONTHS = 3
