"""Cornwall Engagement and Participation: section 6.1 of the specification, indicators 1.1-1.16.

Everything about the framework but how each figure is counted (participation.py, delivery.py,
mentors_and_grants.py): its indicators, their units and targets, the periods it reports on, the
labels of its breakdowns, and the specification's own words and table for the exports. The
specification's words are copied from ../shared/spec/000_*.txt, section 6.1, word for word, its
slips included ("care lavers"): only runs of spaces are made one and trailing spaces dropped.
"""

from __future__ import annotations

from decimal import Decimal

from contracts.codes import (
    ACCREDITATION_ROUTES,
    AGE_BANDS,
    APPOINTMENT_TYPES,
    DISABILITIES,
    ETHNICITIES,
    FUNDING_STATUSES,
    GENDERS,
)
from contracts.frameworks import record_kinds
from kpis.engine.indicators import (
    BreakdownFacts,
    Framework,
    Indicator,
    ListedRow,
    SpecificationTable,
    TextColumn,
    Unit,
    Wording,
)
from kpis.engine.rules import CategoryOf, CountOf, PeopleWith, ShareOf, fixed_categories

from .delivery import AddedValue, DeliveryHours, improved, reviewed_in
from .mentors_and_grants import (
    Applicants,
    accreditations_in,
    accredited,
    appointments_in,
    holding_a_funds4care_role,
    matched_in,
    mentors_available,
    onward_supported,
    supported_mentees,
    trained_in,
)
from .participation import (
    in_care_aged_11_to_17,
    informed_by_last_day,
    initiatives_in,
)
from .participation_facts import COPRODUCTION, FEEDBACK, PARTICIPATION

CODE = "cornwall_ep"

# ---------------------------------------------------------------------------------------------
# The rows 6.1 lists beneath 1.2 and 1.3, in its order and words
# ---------------------------------------------------------------------------------------------


def _heading(label: str) -> ListedRow:
    return ListedRow("heading", label)


def _category(label: str, breakdown: str, category: str) -> ListedRow:
    return ListedRow("category", label, breakdown, category)


PARTICIPATION_ROWS = (
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
    # status recorded...): without this row the care statuses would not add up to the total,
    # and the difference would look like an error.
    _category(
        "Number neither in care nor care leavers (other care status or none recorded; not in "
        "the specification's list)",
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
    _category("Total number accessing Care Leavers groups", "service_type", "care_leavers_group"),
    _category(
        "Total number accessing other participation activities",
        "service_type",
        "other_participation",
    ),
    _category("Total number of young people matched with a peer mentor", "service_type", "mentee"),
    _category(
        "Total number of young people accessing personal and social development activities "
        "and participation opportunities.",
        "service_type",
        "psd_and_participation",
    ),
)

HOURS_ROWS = (
    _category("Total direct service delivery", "category", "direct_total"),
    _category("Provision of social and personal development opportunities", "category", "psd"),
    _category("Provision of participation activities", "category", "participation"),
    _category("Peer mentoring direct delivery", "category", "mentoring_direct"),
    _category("Peer mentoring support and training", "category", "mentor_support_training"),
    _category("Training and staff development", "category", "staff_training"),
)

# ---------------------------------------------------------------------------------------------
# The indicators
# ---------------------------------------------------------------------------------------------

INDICATORS = (
    Indicator(
        code="1.1",
        title="Service information",
        description="Percentage of young people in care aged 11-18 provided with information "
        "about the services available",
        unit=Unit.PERCENT,
        default_target=Decimal(100),
        rule=ShareOf(
            denominator=in_care_aged_11_to_17,
            numerator=informed_by_last_day,
            kind="young_people",
        ),
        wording=Wording(
            "Service information",
            "Percentage of young people in care aged 11-18 provided with information about "
            "the services available",
        ),
    ),
    Indicator(
        code="1.2",
        title="Service participation",
        description="Number of young people in care and care leavers participating in services",
        unit=Unit.COUNT,
        default_target=Decimal(160),
        rule=PARTICIPATION,
        wording=Wording(
            "Service participation",
            "Number of Young People in Care/ Care Leavers participating in services broken "
            "down by:",
        ),
        listed=PARTICIPATION_ROWS,
    ),
    Indicator(
        code="1.3",
        title="Service delivery hours",
        description="Number of service delivery hours provided",
        unit=Unit.HOURS,
        target_note="TBC via tender submission",
        rule=DeliveryHours(),
        wording=Wording(
            "Service delivery hours",
            "Number of service delivery hours provided each year, broken down by:",
        ),
        listed=HOURS_ROWS,
    ),
    Indicator(
        code="1.4",
        title="Improved outcomes",
        description="Percentage of young people with improved outcomes as a result of "
        "involvement with the services",
        unit=Unit.PERCENT,
        default_target=Decimal(85),
        rule=ShareOf(denominator=reviewed_in, numerator=lambda scope: improved(), kind="outcomes"),
        wording=Wording(
            "Improved outcomes",
            "Percentage of young people with improved outcomes, in line with the outcomes "
            "covered in section 5 of this specification and as a result of involvement with "
            "the services",
        ),
    ),
    Indicator(
        code="1.5",
        title="Initiatives and policy influenced",
        description="Number of initiatives or policy areas developed or influenced",
        unit=Unit.COUNT,
        target_note="Monitor only",
        rule=CountOf(query=initiatives_in, kind="initiatives"),
        wording=Wording(
            "Participation",
            "Number of initiatives or policy areas developed or influenced to more effectively "
            "meet the needs of young people in care and care lavers, e.g.) Review of 7 pledges, "
            "Review of transitions policy,",
        ),
        events=frozenset({"value"}),  # initiatives dated in P
    ),
    Indicator(
        code="1.6",
        title="Peer mentors trained",
        description="Number of peer mentors trained",
        unit=Unit.COUNT,
        default_target=Decimal(16),
        rule=CountOf(query=trained_in, kind="mentors"),
        wording=Wording("Peer mentors trained", "Number of peer mentors trained"),
        events=frozenset({"value"}),  # mentors whose trained date (one each) is in P
    ),
    Indicator(
        code="1.7",
        title="Peer mentors matched",
        description="Percentage of peer mentors matched with young people",
        unit=Unit.PERCENT,
        default_target=Decimal(80),
        rule=ShareOf(denominator=mentors_available, numerator=matched_in, kind="mentors"),
        wording=Wording(
            "Peer mentors matched", "Percentage of peer mentors matched with young people"
        ),
    ),
    Indicator(
        code="1.8",
        title="Management of Funds4 Care",
        description="Number of young people involved with management of the Funds4 Care "
        "small grants scheme",
        unit=Unit.COUNT,
        default_target=Decimal(10),
        rule=CountOf(query=holding_a_funds4care_role, kind="young_people"),
        wording=Wording(
            "Management of Funds4 Care",
            "Number of young people involved with management of Funds4 care small grants scheme",
        ),
    ),
    Indicator(
        code="1.9",
        title="Applications to Funds4 Care",
        description="Number of young people applying to Funds4 Care, with the number of "
        "successful applications",
        unit=Unit.COUNT,
        default_target=Decimal(200),
        rule=Applicants(),
        wording=Wording(
            "Applications to Funds4 Care",
            "Number of young people applying to Funds4Care broken down by number of successful "
            "applications.",
        ),
        # Applications submitted in P; the headline counts applicants, who may apply again.
        events=frozenset({"applications"}),
    ),
    Indicator(
        code="1.10",
        title="Additional support",
        description="Number of young people accessing Funds4 Care who have gone on to access "
        "additional non-financial support",
        unit=Unit.COUNT,
        target_note="Monitor only",
        rule=CountOf(query=onward_supported, kind="young_people"),
        wording=Wording(
            "Additional Support",
            "Number of young people accessing Funds4 Care who have gone on to access additional "
            "non-financial support through the process",
        ),
    ),
    Indicator(
        code="1.11",
        title="Support to access services",
        description="Number of young people supported by a peer mentor to access appointments "
        "with other services",
        unit=Unit.COUNT,
        target_note="Monitor only",
        rule=PeopleWith(
            events=appointments_in,
            people=supported_mentees,
            person="match__mentee",
            breakdown="appointment_type",
            categories=fixed_categories("appointment_type", APPOINTMENT_TYPES),
        ),
        wording=Wording(
            "Support to access services",
            "Number of young people supported to access appointments with other services "
            "through support of a peer mentor, broken down by appointment type, i.e.) health "
            "appointment, college meeting,",
        ),
    ),
    Indicator(
        code="1.12",
        title="Accreditation of learning",
        description="Number of young people who have had their learning accredited",
        unit=Unit.COUNT,
        target_note="Monitor only",
        rule=PeopleWith(
            events=accreditations_in,
            people=accredited,
            person="young_person",
            breakdown="route",
            categories=fixed_categories("route", ACCREDITATION_ROUTES),
        ),
        wording=Wording(
            "Accreditation of learning",
            "Number of young people who have had their learning accredited through 1) "
            "participation in activities and learning new skills 2) through specific roles/ "
            "projects within services such as peer mentor, Funds4 Care, Children in care "
            "Council",
        ),
    ),
    Indicator(
        code="1.13",
        title="Service user feedback",
        description="Percentage of young people involved in providing feedback on service delivery",
        unit=Unit.PERCENT,
        default_target=Decimal(50),
        rule=FEEDBACK,
        wording=Wording(
            "Service user feedback",
            "Percentage of young people involved in providing feedback on service delivery",
        ),
        same_as=((("denominator",), ("1.2", "value")),),  # participants in P
    ),
    Indicator(
        code="1.14",
        title="Coproduction",
        description="Number of young people involved in coproduction of services",
        unit=Unit.COUNT,
        target_note="Monitor only",
        rule=COPRODUCTION,
        wording=Wording(
            "Coproduction", "Number of young people involved in coproduction of services"
        ),
    ),
    Indicator(
        code="1.15",
        title="Both development and participation",
        description="Number of young people accessing both personal and social development "
        "and participation activities",
        unit=Unit.COUNT,
        rule=CategoryOf(PARTICIPATION, "service_type", "psd_and_participation"),
        # The specification names 1.15 as it names 1.2; the code tells them apart.
        wording=Wording(
            "Service participation",
            "Number of young people accessing both personal and social development and "
            "participation activities",
        ),
        same_as=((("value",), ("1.2", "service_type", "psd_and_participation")),),
    ),
    Indicator(
        code="1.16",
        title="Added value",
        description="Percentage of contract value planned for, secured and sustained through "
        "additional funding",
        unit=Unit.PERCENT,
        default_target=Decimal(10),
        rule=AddedValue(),
        # Pounds over pounds: the funding counted over the contract's annual value.
        parts=Unit.MONEY,
        wording=Wording(
            "Added value",
            "Percentage of contract value planned for, secured and sustained through "
            "additional funding",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Breakdowns
# ---------------------------------------------------------------------------------------------

# Each young person is in exactly one category of these on the period's last day (age band,
# care status) or as recorded (gender, disability, ethnicity, locality). Not "service_type" (a
# young person counts in every type they used), 1.11's appointment types or 1.12's routes
# (distinct people per category, one person in several), 1.9's "applications" (applications,
# not applicants). 1.3's hours and 1.16's pounds add up too, but are not counts.
BREAKDOWNS = {
    "age_band": BreakdownFacts(
        "Age band (on the period's last day)",
        AGE_BANDS,
        specification_label="Age (on the period's last day)",
        partitions_headline=True,
    ),
    "gender": BreakdownFacts("Gender", GENDERS, partitions_headline=True),
    "disability": BreakdownFacts("Disability", DISABILITIES, partitions_headline=True),
    "ethnicity": BreakdownFacts(
        "Ethnicity",
        {code: f"{code} {label}" for code, label in ETHNICITIES.items()},
        partitions_headline=True,
    ),
    "locality": BreakdownFacts(
        "Locality (as recorded)",
        specification_label="Locality where currently living (as recorded)",
        partitions_headline=True,
    ),
    "care_status": BreakdownFacts(
        "Care status (on the period's last day)",
        {"in_care": "In care", "care_leaver": "Care leaver", "other": "Other"},
        specification_label="Care Status (on the period's last day)",
        listed_in_full=True,
        partitions_headline=True,
    ),
    "service_type": BreakdownFacts(
        "Service type (a young person counts in every type they used)",
        {
            "psd": "Personal and social development",
            "cicc": "Children in Care Council",
            "care_leavers_group": "Care Leavers groups",
            "other_participation": "Other participation",
            "mentee": "Matched with a peer mentor",
            "psd_and_participation": "Both development and participation",
        },
        listed_in_full=True,
    ),
    "category": BreakdownFacts(
        "Hours by category",
        {
            "psd": "Personal and social development",
            "participation": "Participation activities",
            "mentoring_direct": "Peer mentoring, direct delivery",
            "mentor_support_training": "Peer mentor support and training",
            "staff_training": "Training and staff development",
            "direct_total": "Total direct service delivery",
        },
        specification_label="Service delivery hours",
        listed_in_full=True,
    ),
    "applications": BreakdownFacts(
        "Applications", {"submitted": "Applications submitted", "successful": "Successful"}
    ),
    "appointment_type": BreakdownFacts("Appointment type", APPOINTMENT_TYPES),
    "route": BreakdownFacts("Route", ACCREDITATION_ROUTES),
    "status": BreakdownFacts(
        "Funding by status (planned money is shown, not counted)", FUNDING_STATUSES
    ),
}

FRAMEWORK = Framework(
    code=CODE,
    title="Cornwall Engagement and Participation (section 6.1)",
    indicators=INDICATORS,
    columns=(
        ("Q1", "Q1"),
        ("Q2", "Q2"),
        ("Q3", "Q3"),
        ("Q4", "Q4"),
        ("FY", "Annual total"),
    ),
    return_periods=("Q1", "Q2", "Q3", "Q4"),  # a return every quarter (6.1)
    return_period_noun="quarter",
    breakdowns=BREAKDOWNS,
    # Section 6.1's table ("Inputs, Outputs and Outcomes - Key Performance Indicators"); its
    # template's "Target 15/16" becomes the return's year.
    table=SpecificationTable(
        sheet_title="KPIs 6.1",
        title="Key Performance Indicators",
        text_columns=(TextColumn("Indicator", "heading", 60),),
        target_heading="Target {year}",
        target_width=14,
        figure_width=12,
        comments_heading="Comments",
        comments_width=50,
        column_headings={"FY": "Annual Total"},
        frozen_columns=1,
    ),
    records=record_kinds(CODE),
)
