"""The councils' own words for the exports: one table of indicator texts keyed by indicator code,
and the rows Cornwall's section 6.1 lists beneath 1.2 and 1.3.

Commissioners compare an export with their template line by line, so its texts are the
specifications' (../shared/spec/000_*.txt, section 6.1; 003_*.txt, Appendix 2), copied word for
word, the councils' slips included ("care lavers", "lead on", "Quaterly", "cirunstances"): an
export is no place to correct a contract. Only runs of spaces are made one and trailing spaces
dropped. The KPI engine keeps its own short titles and labels (kpis/frameworks, kpis/table.py)
for the screens; nothing here changes how a figure is counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class IndicatorText:
    """An indicator as its specification words it.

    Cornwall (6.1): `name` and `description`, the two halves of "1.2 Service participation:
    Number of ...". Wolverhampton (Appendix 2): `name` is the "Indicator/ Measure" cell, and the
    other columns of its row."""

    name: str
    description: str = ""
    indicator_type: str = ""
    data_source: str = ""
    monitoring: str = ""
    reporting: str = ""


# Appendix 2's repeated cells.
PROJECT_OUTPUT = "Project Specific: \u2022 Output"
CONTRACT_OUTPUT = "Contract Specific: \u2022 Output"
YPT_RECORDS = "YPT Management Records"
QUARTERLY = "Quarterly"
SIX_MONTHLY = "Six monthly"
REVIEW_FREQUENCY = (
    "Quaterly for first 6 months of contract then at least 6 monthly but may be more frequent "
    "if cirunstances require it."
)


def _appendix_2(indicator_type: str, measure: str, frequency: str = "") -> IndicatorText:
    return IndicatorText(
        name=measure,
        indicator_type=indicator_type,
        data_source=YPT_RECORDS,
        monitoring=frequency or QUARTERLY,
        reporting=frequency or SIX_MONTHLY,
    )


INDICATOR_TEXTS: dict[str, IndicatorText] = {
    # Cornwall, section 6.1 ("Inputs, Outputs and Outcomes - Key Performance Indicators").
    "1.1": IndicatorText(
        "Service information",
        "Percentage of young people in care aged 11-18 provided with information about the "
        "services available",
    ),
    "1.2": IndicatorText(
        "Service participation",
        "Number of Young People in Care/ Care Leavers participating in services broken down by:",
    ),
    "1.3": IndicatorText(
        "Service delivery hours",
        "Number of service delivery hours provided each year, broken down by:",
    ),
    "1.4": IndicatorText(
        "Improved outcomes",
        "Percentage of young people with improved outcomes, in line with the outcomes covered "
        "in section 5 of this specification and as a result of involvement with the services",
    ),
    "1.5": IndicatorText(
        "Participation",
        "Number of initiatives or policy areas developed or influenced to more effectively meet "
        "the needs of young people in care and care lavers, e.g.) Review of 7 pledges, Review "
        "of transitions policy,",
    ),
    "1.6": IndicatorText("Peer mentors trained", "Number of peer mentors trained"),
    "1.7": IndicatorText(
        "Peer mentors matched", "Percentage of peer mentors matched with young people"
    ),
    "1.8": IndicatorText(
        "Management of Funds4 Care",
        "Number of young people involved with management of Funds4 care small grants scheme",
    ),
    "1.9": IndicatorText(
        "Applications to Funds4 Care",
        "Number of young people applying to Funds4Care broken down by number of successful "
        "applications.",
    ),
    "1.10": IndicatorText(
        "Additional Support",
        "Number of young people accessing Funds4 Care who have gone on to access additional "
        "non-financial support through the process",
    ),
    "1.11": IndicatorText(
        "Support to access services",
        "Number of young people supported to access appointments with other services through "
        "support of a peer mentor, broken down by appointment type, i.e.) health appointment, "
        "college meeting,",
    ),
    "1.12": IndicatorText(
        "Accreditation of learning",
        "Number of young people who have had their learning accredited through 1) "
        "participation in activities and learning new skills 2) through specific roles/ "
        "projects within services such as peer mentor, Funds4 Care, Children in care Council",
    ),
    "1.13": IndicatorText(
        "Service user feedback",
        "Percentage of young people involved in providing feedback on service delivery",
    ),
    "1.14": IndicatorText(
        "Coproduction", "Number of young people involved in coproduction of services"
    ),
    # The specification names 1.15 as it names 1.2; the code tells them apart.
    "1.15": IndicatorText(
        "Service participation",
        "Number of young people accessing both personal and social development and "
        "participation activities",
    ),
    "1.16": IndicatorText(
        "Added value",
        "Percentage of contract value planned for, secured and sustained through additional "
        "funding",
    ),
    # Wolverhampton, Appendix 2 ("Contract Performance Monitoring Framework"), in its order.
    "A2.1": _appendix_2(
        PROJECT_OUTPUT,
        "Percentage of young people worked with that enter care of the local authority",
    ),
    "A2.2": _appendix_2(
        PROJECT_OUTPUT,
        "Percentage of young people in care worked with that subsequently have a residential "
        "placement",
    ),
    "A2.3": _appendix_2(CONTRACT_OUTPUT, "No. of cases worked on per year"),
    "A2.4": _appendix_2(CONTRACT_OUTPUT, "No. of young people worked with per year"),
    "A2.5": _appendix_2(CONTRACT_OUTPUT, "No. of assessments lead on"),
    "A2.6": _appendix_2(CONTRACT_OUTPUT, "No. of assessments actively supported"),
    "A2.7": _appendix_2(CONTRACT_OUTPUT, "Records updated within agreed timeframe"),
    "A2.8": _appendix_2(CONTRACT_OUTPUT, "No. of activities where Key Worker has taken a lead"),
    "A2.9": _appendix_2(
        CONTRACT_OUTPUT, "No. of activities which Key Worker has actively supported"
    ),
    "A2.10": _appendix_2(
        CONTRACT_OUTPUT,
        "Satisfactory completion of periodic performance assessment",
        REVIEW_FREQUENCY,
    ),
}

# The tables' headings, as the templates have them ("Target 15/16" becomes the return's year).
CORNWALL_HEADINGS = {
    "indicator": "Indicator",
    "target": "Target {year}",
    "FY": "Annual Total",
    "comments": "Comments",
}
APPENDIX_2_HEADINGS = (
    "Indicator Type",
    "Indicator/ Measure",
    "Data Source",
    "Frequency of monitoring",
    "Frequency of reporting",
    "Target(s)",
)


# --- Section 6.1: the rows beneath 1.2 and 1.3 ------------------------------------------------

RowKind = Literal["heading", "headline", "category", "categories"]


@dataclass(frozen=True)
class ListedRow:
    """A row the specification lists beneath an indicator:

    - "heading": a group's name ("Demographics"), no figures;
    - "headline": the indicator's own figure under the specification's words;
    - "category": one category of one of the engine's breakdowns;
    - "categories": a breakdown's name ("Age"), followed by a row for each of its categories
      (those someone is in; the engine's category names: age bands, ethnicities...)."""

    kind: RowKind
    label: str
    breakdown: str = ""
    category: str = ""


def _heading(label: str) -> ListedRow:
    return ListedRow("heading", label)


def _category(label: str, breakdown: str, category: str) -> ListedRow:
    return ListedRow("category", label, breakdown, category)


SECTION_6_1_ROWS: dict[str, tuple[ListedRow, ...]] = {
    "1.2": (
        _heading("Demographics"),
        ListedRow("headline", "Total number of unique individuals"),
        ListedRow("categories", "Age", "age_band"),
        ListedRow("categories", "Gender", "gender"),
        ListedRow("categories", "Disability", "disability"),
        ListedRow("categories", "Ethnicity", "ethnicity"),
        ListedRow("categories", "Locality where currently living", "locality"),
        _heading("Care Status"),
        _category("Number in care", "care_status", "in_care"),
        _category("Number who are care leavers", "care_status", "care_leaver"),
        # Not in the specification's list. kpi-rules.md counts 1.2 over every participant and
        # sorts each into in_care, care_leaver or else `other` (a child in need, early help, no
        # status recorded...): without this row the care statuses would not add up to the
        # total, and the difference would look like an error.
        _category(
            "Number neither in care nor care leavers (other care status or none recorded; not "
            "in the specification's list)",
            "care_status",
            "other",
        ),
        _heading("Service type"),
        _category(
            "Total number accessing personal and social development opportunities",
            "service_type",
            "psd",
        ),
        _category("Total number accessing The Children in Care Council", "service_type", "cicc"),
        _category(
            "Total number accessing Care Leavers groups", "service_type", "care_leavers_group"
        ),
        _category(
            "Total number accessing other participation activities",
            "service_type",
            "other_participation",
        ),
        _category(
            "Total number of young people matched with a peer mentor", "service_type", "mentee"
        ),
        _category(
            "Total number of young people accessing personal and social development activities "
            "and participation opportunities.",
            "service_type",
            "psd_and_participation",
        ),
    ),
    "1.3": (
        _category("Total direct service delivery", "category", "direct_total"),
        _category("Provision of social and personal development opportunities", "category", "psd"),
        _category("Provision of participation activities", "category", "participation"),
        _category("Peer mentoring direct delivery", "category", "mentoring_direct"),
        _category("Peer mentoring support and training", "category", "mentor_support_training"),
        _category("Training and staff development", "category", "staff_training"),
    ),
}

# The reports' names for the engine's breakdowns and categories, where a specification gives
# them words (the Breakdowns sheet and the PDF use them too); any other breakdown or category
# keeps the engine's label (kpis.table).
BREAKDOWN_NAMES: dict[str, str] = {
    "age_band": "Age (on the period's last day)",
    "locality": "Locality where currently living (as recorded)",
    "care_status": "Care Status (on the period's last day)",
    "service_type": "Service type (a young person counts in every type they used)",
    "category": "Service delivery hours",
}


def _category_names() -> dict[str, dict[str, str]]:
    """breakdown -> category -> the specification's words, from the 6.1 rows above."""
    names: dict[str, dict[str, str]] = {}
    for rows in SECTION_6_1_ROWS.values():
        for row in rows:
            if row.kind == "category":
                names.setdefault(row.breakdown, {})[row.category] = row.label
    return names


CATEGORY_NAMES = _category_names()
