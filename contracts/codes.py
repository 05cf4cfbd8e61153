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
