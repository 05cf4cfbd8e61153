"""Code lists shared by models, forms and (later) the import: one place for each list."""

# SSDA903 PLACE codes (DfE children looked after return), as they appear in the council files.
PLACEMENT_CODES: dict[str, str] = {
    "A3": "Placed for adoption with consent, with current foster carer",
    "A4": "Placed for adoption with consent, not with current foster carer",
    "A5": "Placed for adoption with placement order, with current foster carer",
    "A6": "Placed for adoption with placement order, not with current foster carer",
    "H5": "Supported accommodation",
    "K1": "Secure children's home",
    "K2": "Children's home",
    "P1": "Placed with own parent or person with parental responsibility",
    "P2": "Independent living",
    "P3": "Residential employment",
    "R1": "Residential care home",
    "R2": "NHS or health trust establishment providing medical or nursing care",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution",
    "S1": "Residential school",
    "T0": "Temporary move (all types)",
    "T1": "Temporary period in hospital",
    "T2": "Temporary absence on holiday",
    "T3": "Temporary accommodation while the foster carer is on holiday",
    "T4": "Other temporary move",
    "U1": "Foster placement with relative or friend, long term",
    "U2": "Foster placement with relative or friend who is also an approved adopter",
    "U3": "Foster placement with relative or friend, not long term",
    "U4": "Foster placement with other foster carer, long term",
    "U5": "Foster placement with other foster carer who is also an approved adopter",
    "U6": "Foster placement with other foster carer, not long term",
    "Z1": "Other placement",
}

# Temporary moves (T0-T4) never count as placements (kpi-rules.md), so never as residential.
TEMPORARY_PLACEMENT_CODES = frozenset({"T0", "T1", "T2", "T3", "T4"})

# kpi-rules.md, "Residential placement codes": the default a contract starts with.
DEFAULT_RESIDENTIAL_PLACEMENT_CODES = ["K1", "K2", "R1"]


def default_residential_placement_codes() -> list[str]:
    return list(DEFAULT_RESIDENTIAL_PLACEMENT_CODES)


def choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return list(mapping.items())


# kpi-rules.md, "Code lists".
GENDERS = {"female": "Female", "male": "Male", "other": "Other", "not_known": "Not known"}
DISABILITIES = {"yes": "Yes", "no": "No", "not_known": "Not known"}
ETHNICITIES = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background",
    "WROM": "Gypsy/Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Caribbean",
    "BAFR": "African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}
CARE_STATUSES = {
    "in_care": "In care",
    "care_leaver": "Care leaver",
    "child_in_need": "Child in need",
    "child_protection": "Child protection",
    "early_help": "Early help",
    "none": "None",
}
AGE_BANDS = {
    "under_11": "Under 11",
    "11-13": "11-13",
    "14-15": "14-15",
    "16-17": "16-17",
    "18-20": "18-20",
    "21-25": "21-25",
    "over_25": "Over 25",
}
# (band, lowest age, highest age) in completed years; None: open-ended.
AGE_BAND_RANGES = [
    ("under_11", None, 10),
    ("11-13", 11, 13),
    ("14-15", 14, 15),
    ("16-17", 16, 17),
    ("18-20", 18, 20),
    ("21-25", 21, 25),
    ("over_25", 26, None),
]
SESSION_TYPES = {
    "psd": "Personal and social development",
    "cicc": "Children in Care Council",
    "care_leavers_group": "Care Leavers group",
    "other_participation": "Other participation",
    "mentoring": "Peer mentoring (direct delivery)",
    "mentor_training": "Peer mentor support, supervision and training",
    "staff_training": "Training and staff development",
}
PARTICIPATION_SESSION_TYPES = ("cicc", "care_leavers_group", "other_participation")
MENTOR_MODULES = {
    "safeguarding_children": "Safeguarding children",
    "safeguarding_adults": "Safeguarding adults",
    "cse": "Child sexual exploitation",
    "confidentiality": "Confidentiality",
    "signs_of_safety": "Signs of Safety",
    "professional_boundaries": "Professional boundaries",
    "mentor_role": "The mentor's role",
    "mentoring_skills": "Mentoring skills",
}
APPOINTMENT_TYPES = {
    "health": "Health",
    "education": "Education",
    "housing": "Housing",
    "employment": "Employment",
    "social_care": "Social care",
    "other": "Other",
}
ACCREDITATION_ROUTES = {
    "participation": "Learning through activities",
    "role": "A specific role",
}
FEEDBACK_KINDS = {"feedback": "Feedback", "compliment": "Compliment", "complaint": "Complaint"}
DECISIONS = {"pending": "Pending", "approved": "Approved", "declined": "Declined"}
FUNDING_STATUSES = {"planned": "Planned", "secured": "Secured", "sustained": "Sustained"}
KEY_WORKER_ROLES = {"lead": "Lead", "support": "Support"}
OUTCOME_SCORES = (
    "confidence",
    "resilience",
    "aspirations",
    "physical_health",
    "mental_health",
    "identity",
    "relationships",
)
# Funds4 Care: the most one grant may award, in pounds (Cornwall specification).
MAX_GRANT = "250.00"
